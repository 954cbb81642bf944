import PalisadeProtocol

/// The graph service's request handlers.
public enum GraphHandlers {
    public static func router(store: GraphStore) -> Router {
        var router = Router()
        router.on(PathsQuery.self) { query, _ in try store.paths(scanID: query.scanID) }
        router.on(GraphPositionQuery.self) { _, _ in try store.position() }
        ExplorerService(store: store).register(on: &router)
        return router
    }
}
