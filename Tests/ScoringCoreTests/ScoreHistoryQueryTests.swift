import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import ScoringCore
import Testing

/// A scoring service fed by a fake assessor: each `scan` sets the account's findings and seals a scan.
final class ScoringHarness: @unchecked Sendable {
    let assessor = FakeAssessor()
    let store: ScoringStore
    let consumer: ScoringConsumer
    private var byAccount: [String: [Finding]] = [:]

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-\(UUID().uuidString)")
        store = try ScoringStore(directory: dir)
        consumer = ScoringConsumer(store: store, sender: assessor.bus, logger: Logger(label: "t"),
                                   now: { Date(timeIntervalSince1970: 1_000) })
        assessor.bus.register(ServiceName.scoring, ScoringHandlers.router(store: store, sender: assessor.bus))
    }

    /// `healthy` of `total` MFA users pass in `account`, then the scan seals with `resources` at `day` (days after
    /// the epoch) and scoring catches up.
    func scan(_ id: String, account: String = "111111111111", healthy: Int, of total: Int, resources: Int = 10,
              day: Double, type: String = EventType.scanSealed) async throws {
        byAccount[account] = (0..<total).map { i in finding("enable-mfa", "u\(i)", i < healthy ? .pass : .fail, account: account) }
        assessor.setFindings(byAccount.values.flatMap { $0 })
        try assessor.appendSealed(id, account: account, type: type, resources: resources, sealedAt: Self.day(day))
        try await catchUp()
    }

    func catchUp() async throws { try await consumer.apply(assessor.page(after: consumer.cursor())) }

    static func day(_ d: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + d * 86_400) }

    func history(_ q: ScoreHistoryQuery = ScoreHistoryQuery()) async throws -> ScoreHistoryReply {
        try await assessor.bus.call(q, retry: .none)
    }
}

@Suite struct ScoreHistoryQueryTests {
    @Test func eachScanIsAPointWithItsSizeAndSealTimeOldestFirstPerAccount() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 1, of: 2, resources: 12, day: 0)
        try await h.scan("b-1", account: "222222222222", healthy: 4, of: 4, resources: 30, day: 1)
        try await h.scan("a-2", healthy: 2, of: 2, resources: 14, day: 2)
        let reply = try await h.history()
        #expect(reply.series.map(\.account) == ["111111111111", "222222222222"])
        let a = reply.series[0].points
        #expect(a.map(\.scanID) == ["a-1", "a-2"])
        #expect(a.map(\.percentage) == [50, 100])
        #expect(a.map(\.resourceCount) == [12, 14])
        #expect(a.map(\.sealedAt) == [ScoringHarness.day(0), ScoringHarness.day(2)])
        #expect(a.allSatisfy { $0.controls == nil }, "per-control points only when asked")
        #expect(reply.series[1].points.map(\.scanID) == ["b-1"])

        // One account: no combination; with controls: the control's points.
        let one = try await h.history(ScoreHistoryQuery(account: "111111111111", controls: true))
        #expect(one.series.count == 1 && one.combined == nil)
        let mfa = try #require(one.series[0].points[0].controls?.first { $0.controlID == "enable-mfa" })
        #expect(mfa.current == 5 && mfa.max == 10 && mfa.healthy == 1 && mfa.unhealthy == 1)
    }

    @Test func sinceKeepsLaterPointsButTheCombinationStillWeighsEarlierScans() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 1, of: 2, resources: 10, day: 0)
        try await h.scan("b-1", account: "222222222222", healthy: 1, of: 1, resources: 30, day: 1)
        try await h.scan("a-2", healthy: 2, of: 2, resources: 10, day: 5)
        let reply = try await h.history(ScoreHistoryQuery(since: ScoringHarness.day(3)))
        #expect(reply.series.map(\.account) == ["111111111111"], "b's only scan is before --since")
        #expect(reply.series[0].points.map(\.scanID) == ["a-2"])
        // At day 5: a-2 (100 %, 10 resources) with b-1 (100 %, 30) — b's scan is older than --since but still b's
        // latest then.
        let combined = try #require(reply.combined)
        #expect(combined.count == 1)
        #expect(combined[0].percentage == 100 && combined[0].resourceCount == 40)
        #expect(combined[0].scans == ["111111111111": "a-2", "222222222222": "b-1"])

        let all = try #require(try await h.history().combined)
        // day 0: a alone 50 %; day 1: (50×10 + 100×30) / 40 = 87.5; day 5: 100.
        #expect(all.map(\.percentage) == [50, 87.5, 100])
        #expect(all.map(\.time) == [ScoringHarness.day(0), ScoringHarness.day(1), ScoringHarness.day(5)])
    }

    @Test func aRescoreReplacesItsScansPointInPlace() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 2, of: 2, day: 0)
        try await h.scan("a-2", healthy: 2, of: 2, day: 1)
        // The graph's verdicts arrive for a-1 after a-2 sealed: a-1 is rescored, and stays first in the series.
        try await h.scan("a-1", healthy: 1, of: 2, day: 0, type: EventType.scanRescored)
        let points = try await h.history().series[0].points
        #expect(points.map(\.scanID) == ["a-1", "a-2"])
        #expect(points.map(\.percentage) == [50, 100])
    }

    @Test func latestScoreCarriesEachAccountAndTheWeightedCombination() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 1, of: 2, resources: 10, day: 0)
        try await h.scan("b-1", account: "222222222222", healthy: 1, of: 1, resources: 30, day: 1)
        let reply = try await h.assessor.bus.call(ScoreQuery(), retry: .none)
        #expect(reply.score?.scanID == "b-1", "the latest scored scan, as before")
        #expect(reply.accounts?.map(\.scanID) == ["a-1", "b-1"])
        #expect(reply.combined?.percentage == 87.5)
        // A named scan: just its score, as before.
        let one = try await h.assessor.bus.call(ScoreQuery(scanID: "a-1"), retry: .none)
        #expect(one.score?.percentage == 50 && one.accounts == nil && one.combined == nil)
        // The reply an older CLI decodes still has `score` where it was.
        let decoded = try Wire.decoder.decode(ScoreReply.self, from: Wire.encoder.encode(reply))
        #expect(decoded == reply)
        let legacy = try Wire.decoder.decode(ScoreReply.self, from: Wire.encoder.encode(ScoreReply(score: reply.score)))
        #expect(legacy.score == reply.score && legacy.accounts == nil)
    }
}
