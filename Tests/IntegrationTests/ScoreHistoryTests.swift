import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// The secure score over time through the real processes: two scans of the seeded account make two points, in JSON
/// and CSV, and a diff between them.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ScoreHistoryTests {
    @Test func twoScansMakeTwoPointsAndADiff() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        let first = try demo.scan().scan
        let second = try demo.scan().scan
        #expect(first.account == second.account && first.scanID != second.scanID)

        let history = try demo.stack.json(ScoreHistoryReply.self, ["score", "--history", "--account", first.account])
        let points = try #require(history.series.first { $0.account == first.account }?.points)
        #expect(points.map(\.scanID) == [first.scanID, second.scanID])
        #expect(points.map(\.resourceCount) == [first.resourceCount, second.resourceCount])
        #expect(points.allSatisfy { $0.sealedAt != nil && $0.percentage > 0 && $0.percentage < 100 })
        // Every point but the first scan's is also the latest score.
        let latest = try #require(try demo.stack.json(ScoreReply.self, ["score"]).score)
        #expect(latest.scanID == second.scanID && abs(latest.percentage - points[1].percentage) < 1e-9)

        let csv = try demo.stack.cli(["score", "--history", "--output", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "time,scan,account,percentage,current,max,resources")
        #expect(lines.count == 3, "\(csv.stdout)")
        #expect(lines.dropFirst().allSatisfy { $0.contains(first.account) })

        let diff = try demo.stack.cli(["score", "--diff"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("\(first.scanID) (") && diff.stdout.contains("\(second.scanID) ("))
        let named = try demo.stack.json(ScoreDiffReply.self, ["score", "--diff", first.scanID, second.scanID])
        #expect(named.from.scanID == first.scanID && named.to.scanID == second.scanID)

        let bad = try demo.stack.cli(["score", "--history", "--since", "last week"])
        #expect(bad.status == 64 && bad.stderr.contains("30d"))
    }
}
