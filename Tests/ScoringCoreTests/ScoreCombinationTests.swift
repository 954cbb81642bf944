import Foundation
import PalisadeProtocol
import ScoringCore
import Testing

@Suite struct ScoreCombinationTests {
    func point(_ account: String, _ pct: Double, resources: Int, max: Double = 10, at t: Double = 0,
               scan: String? = nil) -> ScorePoint {
        ScorePoint(scanID: scan ?? "\(account)-\(Int(t))", account: account, sealedAt: Date(timeIntervalSince1970: t),
                   computedAt: Date(timeIntervalSince1970: t), percentage: pct, current: pct / 10, max: max,
                   resourceCount: resources)
    }

    @Test func weightedByResources() throws {
        // (40 × 100 + 80 × 300 + 100 × 600) / 1000 = 88.
        let c = try #require(ScoreCombination.combine([point("a", 40, resources: 100), point("b", 80, resources: 300),
                                                       point("c", 100, resources: 600)]))
        #expect(abs(c.percentage - 88) < 1e-9)
        #expect(c.resourceCount == 1000)
        #expect(c.scans == ["a": "a-0", "b": "b-0", "c": "c-0"])
    }

    @Test func accountsThatAssessedNothingOrHaveNoResourcesCarryNoWeight() {
        let c = ScoreCombination.combine([point("a", 60, resources: 10), point("b", 0, resources: 50, max: 0),
                                          point("c", 0, resources: 0)])
        #expect(c?.percentage == 60 && c?.resourceCount == 10 && c?.scans.keys.sorted() == ["a"])
        #expect(ScoreCombination.combine([point("b", 0, resources: 50, max: 0)]) == nil, "no weight: no score, not 0 %")
        #expect(ScoreCombination.combine([]) == nil)
    }

    @Test func seriesTakesEachAccountsLatestPointAtEachTime() {
        let s = ScoreCombination.series([
            point("a", 50, resources: 10, at: 0), point("b", 100, resources: 10, at: 10),
            point("a", 100, resources: 30, at: 20), point("b", 0, resources: 10, at: 20),
        ])
        // t0: a 50; t10: (50×10 + 100×10)/20 = 75; t20 (two points at once): (100×30 + 0×10)/40 = 75.
        #expect(s.map(\.time.timeIntervalSince1970) == [0, 10, 20])
        #expect(s.map(\.percentage) == [50, 75, 75])
        #expect(s.map(\.resourceCount) == [10, 20, 40])
    }
}
