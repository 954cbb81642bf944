import PalisadeProtocol

public enum ScoringHandlers {
    public static func router(store: ScoringStore) -> Router {
        var router = Router()
        router.on(ScoreQuery.self) { q, _ in ScoreReply(score: try store.score(scanID: q.scanID)) }
        router.on(ScoringPositionQuery.self) { _, _ in try store.position() }
        return router
    }
}
