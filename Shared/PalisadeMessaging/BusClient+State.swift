import Foundation
import PalisadeProtocol

/// The client's outstanding requests, shared by calling tasks and the socket thread (lock-protected).
/// Continuations are always resumed outside the lock, exactly once.
final class ClientState: @unchecked Sendable {
    struct Pending {
        var service: String
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Reply, any Error>
    }

    private let lock = NSLock()
    private var pending: [String: Pending] = [:]
    private var closed = false

    /// Registers a request; returns the error to throw instead when it cannot be sent.
    func register(id: String, service: String, deadline: ContinuousClock.Instant,
                  continuation: CheckedContinuation<Reply, any Error>) -> WireError? {
        lock.withLock {
            if closed { return .clientClosed }
            if pending[id] != nil {
                return .badRequest("a request with id '\(id)' is already outstanding on this client; ids must be unique")
            }
            pending[id] = Pending(service: service, deadline: deadline, continuation: continuation)
            return nil
        }
    }

    func isPending(_ id: String) -> Bool { lock.withLock { pending[id] != nil } }

    /// Delivers a reply; false when nobody waits for it (late, or unknown id).
    @discardableResult
    func complete(id: String, with reply: Reply) -> Bool {
        guard let p = lock.withLock({ pending.removeValue(forKey: id) }) else { return false }
        p.continuation.resume(returning: reply)
        return true
    }

    func fail(id: String, with error: any Error) {
        lock.withLock { pending.removeValue(forKey: id) }?.continuation.resume(throwing: error)
    }

    /// Fails every request whose deadline has passed with `bus.timeout`.
    func expire(now: ContinuousClock.Instant) {
        let expired = lock.withLock { () -> [Pending] in
            let ids = pending.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { pending.removeValue(forKey: $0) }
        }
        for p in expired { p.continuation.resume(throwing: WireError.timeout(p.service)) }
    }

    /// Refuses new requests and fails the outstanding ones.
    func close() {
        let all = lock.withLock { () -> [Pending] in
            closed = true
            defer { pending.removeAll() }
            return Array(pending.values)
        }
        for p in all { p.continuation.resume(throwing: WireError.clientClosed) }
    }
}
