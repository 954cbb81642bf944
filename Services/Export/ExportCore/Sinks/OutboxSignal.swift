import Foundation

/// Wakes the sinks and automations when the outbox grew, so they do not wait for their next poll. A missed signal
/// costs at most one poll interval: waiters also wake on a timeout.
public final class OutboxSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    public func notify() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            generation &+= 1
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for w in woken { w.resume() }
    }

    /// Returns when notified or after `timeout`, whichever is first.
    public func wait(timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    self.lock.withLock { self.waiters[id] = c }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // Resume our own continuation if the timeout won, so the first task ends.
            let mine = self.lock.withLock { self.waiters.removeValue(forKey: id) }
            mine?.resume()
        }
    }
}
