import PalisadeProtocol

public enum ScoringHandlers {
    /// `sender` reaches the assessor (the diff reads its event log); without it a diff is refused.
    public static func router(store: ScoringStore, sender: (any RequestSender)? = nil) -> Router {
        var router = Router()
        router.on(ScoreQuery.self) { q, _ in
            let score = try store.score(scanID: q.scanID)
            guard q.scanID == nil else { return ScoreReply(score: score) }
            let latest = try store.latestPerAccount()
            return ScoreReply(score: score, accounts: latest, combined: ScoreCombination.combine(latest))
        }
        router.on(ScoreHistoryQuery.self) { q, _ in try ScoreHistory.reply(store: store, query: q) }
        router.on(ScoreDiffQuery.self) { q, _ in
            guard let sender else {
                throw WireError(code: "scoring.diff.unavailable", message: "this scoring service cannot reach the assessor")
            }
            return try await ScoreDiffer(store: store, sender: sender).diff(q)
        }
        router.on(ScoringEventsPull.self) { q, _ in try store.events(after: q.after, limit: q.limit) }
        router.on(ScoringPositionQuery.self) { _, _ in try store.servicePosition() }
        return router
    }
}
