import Foundation
import PalisadeModel
import PalisadeProtocol
import ScoringCore
import Testing

/// Scoring's own log: `score.changed` once per real change, never on redelivery or a rescore that moves nothing.
@Suite struct ScoreChangedEventTests {
    func changes(_ h: ScoringHarness) async throws -> [ScoreChanged] {
        try await h.assessor.bus.call(ScoringEventsPull(after: 0, limit: 100), retry: .none).events.map {
            #expect($0.type == ScoreChanged.type)
            return try $0.decodePayload(ScoreChanged.self)
        }
    }

    @Test func appendedOnlyWhenTheNumbersMove() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 2, of: 2, day: 0)
        var log = try await changes(h)
        #expect(log.count == 1)
        #expect(log[0].scanID == "a-1" && log[0].previousScanID == nil && log[0].previousPercentage == nil)
        #expect(log[0].percentage == 100)
        #expect(log[0].controls == [.init(controlID: "enable-mfa", old: 0, new: 10)])

        // Redelivered page: the cursor skips it, nothing is appended.
        try await h.consumer.apply(h.assessor.page(after: 0))
        // A new scan with the same numbers, and a rescore that lands on the same numbers: nothing to say.
        try await h.scan("a-2", healthy: 2, of: 2, day: 1)
        try await h.scan("a-2", healthy: 2, of: 2, day: 1, type: EventType.scanRescored)
        #expect(try await changes(h).count == 1)

        // A rescore that moves the score: one event, against the scan's own earlier score.
        try await h.scan("a-2", healthy: 1, of: 2, day: 1, type: EventType.scanRescored)
        log = try await changes(h)
        #expect(log.count == 2)
        #expect(log[1] == ScoreChanged(account: "111111111111", scanID: "a-2", previousScanID: "a-2",
                                       previousPercentage: 100, percentage: 50,
                                       controls: [.init(controlID: "enable-mfa", old: 10, new: 5)]))

        // Another account's first score is its own change.
        try await h.scan("b-1", account: "222222222222", healthy: 1, of: 1, day: 2)
        #expect(try await changes(h).last?.account == "222222222222")
    }

    @Test func pagesOfTheLogFollowTheCursor() async throws {
        let h = try ScoringHarness()
        try await h.scan("a-1", healthy: 1, of: 2, day: 0)
        try await h.scan("a-2", healthy: 2, of: 2, day: 1)
        try await h.scan("a-3", healthy: 0, of: 2, day: 2)
        let first = try await h.assessor.bus.call(ScoringEventsPull(after: 0, limit: 2), retry: .none)
        #expect(first.events.map(\.seq) == [1, 2] && first.headSeq == 3)
        let rest = try await h.assessor.bus.call(ScoringEventsPull(after: first.seen(after: 0), limit: 2), retry: .none)
        #expect(try rest.events.map { try $0.decodePayload(ScoreChanged.self).scanID } == ["a-3"])
    }
}
