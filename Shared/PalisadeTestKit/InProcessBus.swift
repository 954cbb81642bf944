import Foundation
import PalisadeProtocol

/// A bus without sockets: requests go straight to registered handlers. For unit tests of services.
public final class InProcessBus: RequestSender, @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [String: any RequestHandler] = [:]
    private var _sent: [Request] = []

    public init() {}

    public func register(_ service: String, _ handler: any RequestHandler) {
        lock.withLock { handlers[service] = handler }
    }

    public func unregister(_ service: String) {
        lock.withLock { _ = handlers.removeValue(forKey: service) }
    }

    /// Every request sent so far, in order.
    public var sent: [Request] { lock.withLock { _sent } }

    public func send(_ request: Request, timeout: Duration) async throws -> Reply {
        let handler = lock.withLock { () -> (any RequestHandler)? in
            _sent.append(request)
            return handlers[request.service]
        }
        guard let handler else { throw WireError.timeout(request.service) }
        return await handler.handle(request)
    }
}
