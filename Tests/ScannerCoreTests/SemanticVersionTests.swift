import Foundation
import ScannerCore
import Testing

/// Semantic Versioning 2.0.0 precedence, from the examples of semver.org §11, plus Go's leading `v`.
@Suite struct SemanticVersionTests {
    func order(_ a: String, _ b: String) throws -> ComparisonResult { try VersionScheme.semver.compare(a, b) }

    @Test func specPrecedenceExamples() throws {
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                     "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0"]
        for (lower, higher) in zip(chain, chain.dropFirst()) {
            #expect(try order(lower, higher) == .orderedAscending, "\(lower) < \(higher)")
            #expect(try order(higher, lower) == .orderedDescending, "\(higher) > \(lower)")
        }
    }

    @Test func buildMetadataIsIgnoredAndLeadingVIsAccepted() throws {
        #expect(try order("1.0.0+20130313144700", "1.0.0+exp.sha.5114f85") == .orderedSame)
        #expect(try order("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta") == .orderedSame)
        #expect(try order("v1.2.3", "1.2.3") == .orderedSame)
        #expect(try order("v0.0.0-20210101000000-abcdef123456", "v0.0.0-20220101000000-abcdef123456") == .orderedAscending,
                "Go pseudo-versions order by timestamp")
    }

    @Test func numericIdentifiersCompareAsNumbersAndSortBeforeWords() throws {
        #expect(try order("1.0.0-2", "1.0.0-10") == .orderedAscending)
        #expect(try order("1.0.0-999", "1.0.0-a") == .orderedAscending)
        #expect(try order("1.0.0-alpha-1", "1.0.0-alpha-2") == .orderedAscending)
        #expect(try order("18446744073709551616.0.0", "18446744073709551615.0.0") == .orderedDescending)
    }

    @Test func refusesWhatTheSpecForbids() {
        for bad in ["", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b", "1.0.0-é", "vv1.0.0", "1.0.0 "] {
            #expect(!VersionScheme.semver.isValid(bad), "\(bad)")
        }
    }
}
