import Foundation
import PalisadeProtocol

/// Answers `ScoreHistoryQuery`: the accounts' series from `since` on, and — without an account filter and with two
/// or more accounts — the combined series (computed over the whole history, so the first combined point after
/// `since` still weighs accounts last scanned before it).
public enum ScoreHistory {
    public static func reply(store: ScoringStore, query q: ScoreHistoryQuery) throws -> ScoreHistoryReply {
        let all = try store.history(account: q.account, controls: q.controls)
        let series = all.map { s in ScoreSeries(account: s.account, points: s.points.filter { p in
            q.since.map { p.time >= $0 } ?? true
        }) }.filter { !$0.points.isEmpty }
        guard q.account == nil, all.count >= 2 else { return ScoreHistoryReply(series: series) }
        let combined = ScoreCombination.series(all.flatMap(\.points)).filter { c in q.since.map { c.time >= $0 } ?? true }
        return ScoreHistoryReply(series: series, combined: combined)
    }
}
