import Foundation
import Synchronization

/// Paces one account scan's HTTP calls: a token bucket per service × region and a bound on requests in
/// flight. Shared by every collector of the scan through the client.
public final class AWSThrottle: Sendable {
    public let limits: AWSRateLimits
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let buckets = Mutex<[String: TokenBucket]>([:])
    private let slots: AsyncSlots
    private let waited = Mutex<Duration>(.zero)

    public init(limits: AWSRateLimits = AWSRateLimits()) {
        self.limits = limits
        self.start = clock.now
        self.slots = AsyncSlots(limits.maxInFlight)
    }

    /// Total time calls spent waiting for a token (how much the limits slowed the scan).
    public var throttledFor: Duration { waited.withLock { $0 } }

    /// Waits for a token of `service` in `region` and a free slot, runs `body`, frees the slot.
    func run<T: Sendable>(service: String, region: String, _ body: () async throws -> T) async throws -> T {
        let now = clock.now - start
        let delay = buckets.withLock { buckets in
            let key = "\(service)|\(region)"
            var bucket = buckets[key] ?? TokenBucket(rate: limits.rate(for: service),
                                                     burst: max(1, limits.rate(for: service)), now: now)
            let delay = bucket.reserve(now: now)
            buckets[key] = bucket
            return delay
        }
        if delay > .zero {
            waited.withLock { $0 += delay }
            try await Task.sleep(for: delay)
        }
        await slots.acquire()
        defer { slots.release() }
        return try await body()
    }
}

/// A counting semaphore for async code: `acquire` suspends while all slots are taken.
final class AsyncSlots: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
        var open = false
    }
    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(free: max(1, count))) }

    func acquire() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go = state.withLock { s -> Bool in
                if s.open { return true }
                if s.free > 0 { s.free -= 1; return true }
                s.waiters.append(c)
                return false
            }
            if go { c.resume() }
        }
    }

    /// Lets every waiter and every later `acquire` through (the work they wait for has ended).
    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func release(_ count: Int) { for _ in 0..<max(0, count) { release() } }

    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty { s.free += 1; return nil }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
