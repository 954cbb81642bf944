import Foundation
import ScannerCore
import Testing

/// apk ordering on vectors written from apk-tools' rules (no apk-tools on this machine to ask).
@Suite struct AlpineVersionTests {
    /// Each list is strictly increasing.
    static let ascending: [[String]] = [
        ["1.0_alpha", "1.0_alpha1", "1.0_alpha2", "1.0_beta", "1.0_pre", "1.0_rc", "1.0_rc1", "1.0", "1.0_cvs",
         "1.0_svn", "1.0_git", "1.0_hg", "1.0_p", "1.0_p1", "1.0_p2", "1.0a", "1.0b", "1.0.1"],
        ["1.0", "1.0-r1", "1.0-r2", "1.0-r10", "1.0.1"],
        ["1.2.9", "1.2.10", "1.10", "2"],
        ["1.0_rc1", "1.0_rc1-r1", "1.0_rc2", "1.0"],
        ["3.1.4_p1-r0", "3.1.4_p1-r1", "3.1.4_p2-r0"],
        ["1.01", "1.1"],
        ["1.001", "1.01"],
        ["0.9.8z", "1.0.0"],
        ["2.4.7_git20230101", "2.4.7_git20230215", "2.4.8"],
        ["1.0_alpha1", "1.0_alpha1_p1", "1.0_alpha2", "1.0"],
        ["1", "1.99999999999999999999999", "1.100000000000000000000000"],
    ]

    @Test func versionsSortAsApkToolsOrdersThem() throws {
        for list in Self.ascending {
            for (lower, higher) in zip(list, list.dropFirst()) {
                #expect(try VersionScheme.apk.compare(lower, higher) == .orderedAscending, "\(lower) < \(higher)")
                #expect(try VersionScheme.apk.compare(higher, lower) == .orderedDescending, "\(higher) > \(lower)")
            }
        }
    }

    @Test func equalVersions() throws {
        for v in ["1.0", "1.0-r0", "1.2.3_rc1", "0.0.1a_p3-r4"] {
            #expect(try VersionScheme.apk.compare(v, v) == .orderedSame)
        }
        #expect(try VersionScheme.apk.compare("1.0", "1.0-r0") == .orderedAscending, "an explicit -r0 follows no revision in apk")
    }

    @Test func refusesWhatApkCallsInvalid() {
        for bad in ["", "a1", "1.0_foo", "1.0-1", "1..0", "1.0A", "1.0_p1.2", "1.0-r1.1", "1.0ab", "v1.0", "1.0 "] {
            #expect(!VersionScheme.apk.isValid(bad), "\(bad)")
        }
    }
}
