import Foundation
import PalisadeModel
import PalisadeProtocol
import ScoringCore
import Testing

/// `palisade score --diff`: per control what moved, and the findings behind it from the assessor's log.
@Suite struct ScoreDiffTests {
    let a = "111111111111"

    func changed(_ control: String, _ resource: String, _ status: FindingStatus, _ lifecycle: FindingLifecycle,
                 account: String = "111111111111", check: String = "c") -> Finding {
        var f = finding(control, resource, status, check: check, account: account)
        f.lifecycle = lifecycle
        return f
    }

    /// a-1: MFA 1 of 2 healthy; a-2: 2 of 3 healthy. The log between them also holds another account's change, a
    /// change in a control that did not move, and a finding that changed twice.
    func twoScans() async throws -> ScoringHarness {
        let h = try ScoringHarness()
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u0", .pass, .new))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u1", .fail, .new))
        try await h.scan("a-1", healthy: 1, of: 2, day: 0)
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u1", .pass, .resolved))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "x", .fail, .new, account: "222222222222"))
        try h.assessor.appendFindingChanged(changed("enable-encryption-at-rest", "v1", .pass, .persisting))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u2", .error, .new))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u2", .fail, .persisting))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u0", .fail, .reopened))
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u0", .pass, .resolved))
        try await h.scan("a-2", healthy: 2, of: 3, day: 1)
        // After a-2: not part of the diff.
        try h.assessor.appendFindingChanged(changed("enable-mfa", "u9", .fail, .new))
        return h
    }

    @Test func lastTwoScansOfTheAccountWithTheFindingsBehindTheChange() async throws {
        let h = try await twoScans()
        let d = try await h.assessor.bus.call(ScoreDiffQuery(), retry: .none)
        #expect(d.account == a && d.from.scanID == "a-1" && d.to.scanID == "a-2")
        #expect(abs(d.change - (200.0 / 3 - 50)) < 1e-9)
        let mfa = try #require(d.controls.first)
        #expect(d.controls.count == 1, "only the control that moved")
        #expect(mfa.controlID == "enable-mfa" && mfa.oldCurrent == 5 && abs(mfa.newCurrent - 20.0 / 3) < 1e-9)
        #expect((mfa.oldHealthy, mfa.newHealthy, mfa.oldUnhealthy, mfa.newUnhealthy) == (1, 2, 1, 1))
        // Failures first, then by id; u0 changed twice in the window (fail, then pass): its old status is the first.
        #expect(d.findings.map(\.resourceID) == ["u2", "u0", "u1"])
        let byResource = Dictionary(uniqueKeysWithValues: d.findings.map { ($0.resourceID, $0) })
        #expect(byResource["u2"]?.appeared == true && byResource["u2"]?.newStatus == .fail)
        #expect(byResource["u0"]?.oldStatus == .fail && byResource["u0"]?.newStatus == .pass)
        #expect(byResource["u1"]?.oldStatus == nil && byResource["u1"]?.lifecycle == .resolved,
                "one change, not new, and no assessor diff to ask: unknown")
        #expect(d.moreFindings == 0 && d.complete)
        #expect(h.assessor.pulls >= 2, "the window is paged")
    }

    @Test func rowsAreCappedAndTheRestCounted() async throws {
        let h = try await twoScans()
        let d = try await h.assessor.bus.call(ScoreDiffQuery(fromScanID: "a-2", toScanID: "a-1", findingLimit: 1),
                                              retry: .none)
        #expect(d.from.scanID == "a-1", "earlier scan first whatever the order named")
        #expect(d.findings.map(\.resourceID) == ["u2"] && d.moreFindings == 2)
    }

    @Test func oldStatusTheLogCannotTellComesFromTheAssessorsScanDiff() async throws {
        let h = try await twoScans()
        h.assessor.scanDiff = ScanDiff(from: "a-1", to: "a-2", account: a, newFailures: [], resolved: [
            .init(findingID: "aws/111111111111/eu-west-1/c/u1", checkID: "c", title: "t", severity: .high,
                  resourceID: "u1", before: .fail, after: .pass, reason: ""),
        ], otherChanges: [])
        let d = try await h.assessor.bus.call(ScoreDiffQuery(), retry: .none)
        #expect(d.findings.first { $0.resourceID == "u1" }?.oldStatus == .fail)
    }

    @Test func refusesWhatItCannotCompare() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 1, of: 2, day: 0)
        try await h.scan("b-1", account: "222222222222", healthy: 1, of: 2, day: 1)
        let one = await #expect(throws: WireError.self) { try await h.assessor.bus.call(ScoreDiffQuery(account: a), retry: .none) }
        #expect(one?.code == "scoring.diff.insufficient")
        let mixed = await #expect(throws: WireError.self) {
            try await h.assessor.bus.call(ScoreDiffQuery(fromScanID: "a-1", toScanID: "b-1"), retry: .none)
        }
        #expect(mixed?.code == "scoring.diff.accounts")
    }
}
