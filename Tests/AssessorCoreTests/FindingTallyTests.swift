import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// The secure score is computed from the assessor's counts (`FindingTallyQuery`), not from every finding: the counts
/// must be exactly what merging the findings themselves gives, through mutes, failures, fixes and retired resources.
@Suite struct FindingTallyTests {
    /// Per control: each resource's findings merged (fail, then error, then pass; muted and not applicable left out).
    static func expected(_ findings: [Finding]) -> [ControlTally] {
        var states: [String: [String: Int]] = [:]
        for f in findings {
            let rank: Int
            switch f.status {
            case .fail: rank = 3
            case .error: rank = 2
            case .pass: rank = 1
            case .muted, .notApplicable: continue
            }
            states[f.controlID, default: [:]][f.resourceID] = max(rank, states[f.controlID]?[f.resourceID] ?? 0)
        }
        return states.keys.sorted().map { id in
            let ranks = states[id]!.values
            return ControlTally(controlID: id, healthy: ranks.filter { $0 == 1 }.count,
                                unhealthy: ranks.filter { $0 == 3 }.count, notEvaluated: ranks.filter { $0 == 2 }.count)
        }
    }

    static let mutes = """
        rules:
          - id: legacy
            reason: Legacy volume, migration tracked in SEC-42
            owner: alice@example.com
            expires: 2099-01-01
            match:
              check: aws-ec2-volume-encrypted
              resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-3"
        """

    @Test func countsEqualWhatTheFindingsThemselvesGiveAcrossScans() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mutes-\(UUID().uuidString).yaml")
        try Self.mutes.write(to: url, atomically: true, encoding: .utf8)
        let h = try Harness(mutesFile: MuteFile(url: url))
        var volumes = (1...6).map { Harness.volume($0, encrypted: $0.isMultiple(of: 2)) }
        _ = try await h.scan("s1", volumes)
        try await Self.check(h)

        // vol-1 gets encrypted (fail → pass, resolved), vol-6 is deleted (its findings retire), vol-7 appears failing.
        volumes[0] = Harness.volume(1, encrypted: true)
        volumes.removeLast()
        volumes.append(Harness.volume(7, encrypted: false))
        _ = try await h.scan("s2", volumes)
        let tally = try await Self.check(h)
        let encrypted = try #require(tally.checks.first { $0.checkID == "aws-ec2-volume-encrypted" })
        #expect(encrypted.counts[.muted] == 1, "vol-3's failure is muted, counted as muted")
        #expect(encrypted.counts[.fail] == 2, "vol-5 and vol-7 fail; vol-1 was fixed")
        #expect(encrypted.counts[.pass] == 3, "vol-1, vol-2, vol-4")
        #expect(tally.checks.allSatisfy { $0.counts[.notApplicable, default: 0] == 0 || $0.checkID != encrypted.checkID },
                "vol-6's retired findings are not counted")

        let other = try await h.call(FindingTallyQuery(account: "999999999999"))
        #expect(other.controls.isEmpty && other.checks.isEmpty, "another account's counts are its own")
    }

    /// The assessor's counts against the findings it reports; returns the tally.
    @discardableResult
    static func check(_ h: Harness) async throws -> FindingTally {
        let findings = try await h.call(FindingsQuery(account: Harness.account))
            .filter { !($0.status == .notApplicable && $0.lifecycle == .resolved) }
        let tally = try await h.call(FindingTallyQuery(account: Harness.account))
        #expect(!findings.isEmpty)
        #expect(tally.controls == expected(findings))
        var byCheck: [String: [FindingStatus: Int]] = [:]
        for f in findings { byCheck[f.checkID, default: [:]][f.status, default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: tally.checks.map { ($0.checkID, $0.counts) }) == byCheck)
        return tally
    }
}
