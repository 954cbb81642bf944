import Foundation
import PalisadeProtocol

extension Supervisor {
    /// Serves the `supervisor` service: `SupervisorStatusQuery` and `SupervisorShutdown` (acknowledged
    /// first; the shutdown starts a moment later so the reply can leave through the gateway).
    public func makeHandler() -> Router {
        var router = Router()
        router.on(SupervisorStatusQuery.self) { [self] _, _ in status }
        router.on(SupervisorShutdown.self) { [self] _, _ in
            requestShutdown(after: .milliseconds(300))
            return Acknowledged()
        }
        return router
    }
}
