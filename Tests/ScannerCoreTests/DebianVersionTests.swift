import Foundation
import ScannerCore
import Testing

/// The dpkg ordering facts a Debian or Ubuntu user relies on, and what we refuse.
@Suite struct DebianVersionTests {
    func order(_ a: String, _ b: String) throws -> ComparisonResult { try VersionScheme.dpkg.compare(a, b) }

    @Test func tildeSortsBeforeTheReleaseAndEvenTheEndOfTheString() throws {
        #expect(try order("1.0~rc1", "1.0") == .orderedAscending)
        #expect(try order("1.0~~", "1.0~") == .orderedAscending)
        #expect(try order("2.30-1~bpo11+1", "2.30-1") == .orderedAscending)
    }

    @Test func epochOutranksEverythingElse() throws {
        #expect(try order("1:0.1", "2.0") == .orderedDescending)
        #expect(try order("0:1.0", "1.0") == .orderedSame)
    }

    @Test func aMissingRevisionEqualsRevisionZero() throws {
        #expect(try order("1.0", "1.0-0") == .orderedSame)
        #expect(try order("1.0-1", "1.0-1ubuntu1") == .orderedAscending)
        let v = try DebianVersion(parsing: "1:2.3-4-5")
        #expect(v.epoch == 1 && v.upstream == "2.3-4" && v.revision == "5")
    }

    @Test func longDigitRunsCompareNumericallyWithoutOverflow() throws {
        #expect(try order("1.99999999999999999999999999999", "1.100000000000000000000000000000") == .orderedAscending)
        #expect(try order("1.0000000000000000000000000000001", "1.1") == .orderedSame)
    }

    @Test func lettersSortBeforePunctuation() throws {
        #expect(try order("1.0a", "1.0+") == .orderedAscending)
        #expect(try order("1.0Z", "1.0a") == .orderedAscending)
    }

    /// What dpkg rejects with an error we refuse; what it only warns about we order as it does.
    @Test func refusesWhatDpkgRejects() {
        for bad in ["", " ", "a:1.0", ":1.0", "1:", "1.0-", "1 0", "-1:1.0", "99999999999:1.0", "1:-1"] {
            #expect(throws: InvalidVersion.self, "\(bad)") { try DebianVersion(parsing: bad) }
        }
        #expect((try? DebianVersion(parsing: "abc")) != nil)
        #expect((try? DebianVersion(parsing: " 1.0 ")) != nil)
    }
}
