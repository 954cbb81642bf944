import AssessorCore
import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import Testing

/// Exemptions as a security team uses them, and the history views built on findings.
@Suite struct MuteAndHistoryTests {
    static func muteFile(_ text: String) throws -> MuteFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mutes-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return MuteFile(url: url)
    }

    static let rules = """
        rules:
          - id: legacy-volume
            reason: Legacy volume, migration tracked in SEC-42
            owner: alice@example.com
            expires: 2026-01-10
            match:
              check: aws-ec2-volume-encrypted
              resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-2"
        """

    @Test func aMutedFindingKeepsItsResultLeavesTheScoreAndReopensWhenTheRuleExpires() async throws {
        let mutes = try Self.muteFile(Self.rules)
        let h = try Harness(muter: NoMutes(), mutesFile: mutes)
        let volumes = [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: false), Harness.volume(12, encrypted: false)]
        _ = try await h.scan("s1", volumes)
        var f = try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))
        #expect(f[vid(2)]?.status == .muted && f[vid(2)]?.result == .fail && f[vid(2)]?.mutedBy == "legacy-volume")
        #expect(f[vid(1)]?.status == .fail && f[vid(12)]?.status == .fail, "exact resource match: vol-12 is not vol-2")

        // Past the expiry date (end of 2026-01-10 UTC) the rule stops matching: the next assessment re-opens it,
        // although nothing about the volume changed.
        h.advance(days: 10)
        let later = try await h.scan("s2", volumes)
        #expect(later.assessment?.evaluations == 0)
        f = try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))
        #expect(f[vid(2)]?.status == .fail && f[vid(2)]?.mutedBy == nil)
    }

    @Test func anEditedMuteFileAppliesAtTheNextAssessmentAndABadOneFailsTheSealCleanly() async throws {
        let mutes = try Self.muteFile("rules: []\n")
        let h = try Harness(mutesFile: mutes)
        let volumes = [Harness.volume(2, encrypted: false)]
        _ = try await h.scan("s1", volumes)
        #expect(try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))[vid(2)]?.status == .fail)

        try Self.rules.write(to: mutes.url, atomically: true, encoding: .utf8)
        _ = try await h.scan("s2", volumes)
        #expect(try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))[vid(2)]?.status == .muted)

        try "rules:\n  - id: x\n    reason: r\n".write(to: mutes.url, atomically: true, encoding: .utf8)
        _ = try await h.call(Harness.batch("s3", 0, volumes))
        await #expect(throws: (any Error).self) { try await h.seal("s3", total: 1) }
        #expect(try await h.findings(FindingsQuery(checkID: "aws-ec2-volume-encrypted"))[vid(2)]?.status == .muted,
                "a failed seal changes nothing")
    }

    @Test func diffRecommendationsAndChecksDescribeWhatChanged() async throws {
        let h = try Harness()
        _ = try await h.scan("s1", [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)])
        h.advance(days: 1)
        _ = try await h.scan("s2", [Harness.volume(1, encrypted: true), Harness.volume(2, encrypted: false),
                                    Harness.volume(3, encrypted: false)])
        let diff = try await h.call(DiffQuery())
        #expect(diff.from == "s1" && diff.to == "s2")
        #expect(Set(diff.newFailures.filter { $0.checkID == "aws-ec2-volume-encrypted" }.map(\.resourceID)) == [vid(2), vid(3)])
        #expect(diff.resolved.filter { $0.checkID == "aws-ec2-volume-encrypted" }.map(\.resourceID) == [vid(1)])
        let explicit = try await h.call(DiffQuery(from: "s1", to: "s1"))
        #expect(explicit.newFailures.isEmpty && explicit.resolved.isEmpty)
        await #expect(throws: (any Error).self) { try await h.call(DiffQuery(from: "nope")) }

        let recs = try await h.call(RecommendationsQuery())
        let enc = try #require(recs.first { $0.checkID == "aws-ec2-volume-encrypted" })
        #expect(enc.failing == 2 && enc.examples == [vid(2), vid(3)] && !enc.remediation.cli.isEmpty)

        let checks = try await h.call(ChecksQuery(resourceType: "aws.ec2.vol*"))
        #expect(checks.contains { $0.metadata.id == "aws-ec2-volume-encrypted" && $0.counts["fail"] == 2 && $0.builtIn })
        let cis = try await h.call(ChecksQuery(standard: "cis-aws-3.0:5.6"))
        #expect(cis.map(\.metadata.id).contains("aws-ec2-instance-imdsv2"))
        await #expect(throws: (any Error).self) { try await h.call(ChecksQuery(id: "no-such-check")) }
    }
}
