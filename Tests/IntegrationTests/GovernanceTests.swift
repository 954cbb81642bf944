import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// Governance through the real processes: rules put in force with the CLI, assignments made at the seal of a real
/// scan, and a due date passing on the scoring service's manual clock.
@Suite(.serialized, .timeLimit(.minutes(10))) struct GovernanceTests {
    static let rules = """
        rules:
          - id: everything-in-two-weeks
            priority: 100
            target: { minSeverity: informational }
            owner: { fromTag: owner, fallback: secops@example.com }
            remediationDays: 14
            gracePeriod: true
        """

    func score(_ stack: Stack) throws -> Double {
        try #require(try stack.json(ScoreReply.self, ["score"]).score).percentage
    }

    @Test func aGraceFindingBecomesOverdueUnderAManualClockAndThenCountsAgainstTheScore() async throws {
        let demo = try await Demo.start(environment: ["PALISADE_CLOCK": "manual"])
        defer { demo.stop() }
        let stack = demo.stack

        // A bad file is refused where it is wrong; nothing is put in force.
        let badFile = stack.home.appendingPathComponent("bad-governance.yaml")
        try Self.rules.replacingOccurrences(of: "priority: 100", with: "priority: high").write(to: badFile, atomically: true, encoding: .utf8)
        let bad = try stack.cli(["governance", "rules", "apply", badFile.path])
        #expect(bad.status == 2 && bad.stderr.contains("bad-governance.yaml:3:") && bad.stderr.contains("priority"), "\(bad.stderr)")

        let file = stack.home.appendingPathComponent("governance.yaml")
        try Self.rules.write(to: file, atomically: true, encoding: .utf8)
        let applied = try stack.cli(["governance", "rules", "apply", file.path])
        #expect(applied.status == 0, "\(applied.stderr)")

        _ = try demo.scan()
        // The graph's verdicts arrive after the seal (`scan.rescored`): wait until governance has them all too.
        var findings: [Finding] = []
        var report: GovernanceReport?
        var inGrace = 0.0
        let settled = Date().addingTimeInterval(120)
        while Date() < settled {
            findings = try demo.findings()
            report = try stack.json(GovernanceReport.self, ["governance"])
            inGrace = try score(stack)
            if report?.totals.openOnTime == findings.filter({ $0.status == .fail }).count && abs(inGrace - 100) < 1e-9 { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        let failing = findings.filter { $0.status == .fail }
        #expect(!failing.isEmpty)

        // Every failing finding has an owner and is in its grace period: none counts against the score.
        #expect(report?.totals.openOnTime == failing.count && report?.totals.overdue == 0 && report?.totals.unassigned == 0,
                "\(String(describing: report?.totals))")
        #expect(report?.byRule.map(\.key) == ["everything-in-two-weeks"])
        let plain = DemoEstate.score(findings)
        #expect(plain < 100)
        #expect(abs(inGrace - 100) < 1e-9, "in grace \(inGrace), plain formula \(plain)")
        let shown = try stack.cli(["score"])
        #expect(shown.stdout.contains("counted healthy") && shown.stdout.contains("grace period"), "\(shown.stdout)")

        // Fifteen days later (the scoring service's clock): overdue, and the score is the plain formula again.
        let bus = try #require(stack.bus)
        let reading = try await bus.call(ClockAdvance(seconds: 15 * 86_400))
        #expect(reading.manual)
        let deadline = Date().addingTimeInterval(120)
        var overdue = 0
        var now = inGrace
        while Date() < deadline {
            overdue = try stack.json(GovernanceReport.self, ["governance"]).totals.overdue
            now = try score(stack)
            let logged = try await bus.call(ScoringEventsPull(after: 0, limit: 5_000)).events
                .filter { $0.type == "governance.overdue" }.count
            if overdue == failing.count && abs(now - plain) < 1e-9 && logged == failing.count { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(overdue == failing.count)
        #expect(abs(now - plain) < 1e-9, "after the due date \(now), plain formula \(plain)")
        let list = try stack.cli(["governance", "list", "--overdue"])
        #expect(list.status == 0 && list.stdout.contains("overdue"), "\(list.stdout)")

        // The events the export layer will deliver: assigned, then overdue, in scoring's own log.
        let events = try await bus.call(ScoringEventsPull(after: 0, limit: 5_000)).events.map(\.type)
        #expect(events.filter { $0 == "governance.assigned" }.count == failing.count)
        #expect(events.filter { $0 == "governance.overdue" }.count == failing.count, "\(stack.logs())")
        #expect(events.contains("score.changed"))

        // By hand: the owner of one finding changes.
        let one = try #require(failing.first)
        let moved = try stack.cli(["governance", "reassign", one.id, "--owner", "ana@example.com"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let mine = try stack.json([GovernanceAssignment].self, ["governance", "list", "--owner", "ana@example.com"])
        #expect(mine.map(\.findingID) == [one.id])
    }
}
