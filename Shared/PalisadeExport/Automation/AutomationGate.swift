import Foundation

/// Pure state machine for one rule's throttling and batching: it takes a matched record (or the passing of time)
/// and `now`, and says what to act on. Persistable (Codable) so a restart keeps its windows and pending batch.
///
/// Throttle: at most `max` runs in any `per` window (sliding; a batch released is one run). A match that would run
/// while the throttle is full is not run but counted: `throttled(n)` says how many were throttled since the last run.
/// Batch: matches gather from the first one; the batch runs when `window` has passed (on `tick`) or at once when it
/// holds `max` keys. A batch that is due while the throttle is full waits for the throttle and runs on the first
/// `tick` it allows; while it waits full, further matches are throttled.
public struct AutomationGate: Sendable, Hashable, Codable {
    public enum Decision: Sendable, Hashable {
        /// Run the actions now on these record keys.
        case run([String])
        /// Nothing to run now (the key joined the pending batch, or no batch is due yet).
        case held
        /// The throttle is full: the match is not run. The number of matches throttled since the last run.
        case throttled(Int)
    }

    /// Start times of the runs still inside the throttle window.
    var runs: [Date] = []
    var pending: [String] = []
    /// When the pending batch's first match arrived.
    var batchStart: Date?
    var throttledSinceRun = 0
    /// Every match this gate ever throttled.
    public private(set) var throttledTotal = 0

    public init() {}

    public var pendingKeys: [String] { pending }

    /// A matched record arrives at `now`.
    public mutating func offer(key: String, rule: AutomationRule, now: Date) -> Decision {
        prune(rule, now)
        guard let batch = rule.batch else {
            guard mayRun(rule) else { return throttle() }
            return run([key], now)
        }
        if pending.contains(key) { return .held }  // a redelivery of a record already waiting
        if pending.count >= batch.max { return throttle() }  // full and waiting for the throttle
        if pending.isEmpty { batchStart = now }
        pending.append(key)
        return release(rule, now)
    }

    /// Time passes: a batch whose window has passed (or that is full) is released, respecting the throttle.
    public mutating func tick(rule: AutomationRule, now: Date) -> Decision {
        prune(rule, now)
        return release(rule, now)
    }

    /// When `tick` should next be called: when the pending batch's window ends, or when the throttle lets a due batch
    /// run; nil with nothing pending.
    public func nextWake(rule: AutomationRule) -> Date? {
        guard !pending.isEmpty, let start = batchStart else { return nil }
        var wake = start
        if let batch = rule.batch, pending.count < batch.max { wake = start.addingTimeInterval(batch.windowSeconds) }
        if let t = rule.throttle, runs.count >= t.max, let oldest = runs.dropLast(t.max - 1).last {
            wake = max(wake, oldest.addingTimeInterval(t.perSeconds))
        }
        return wake
    }

    private mutating func release(_ rule: AutomationRule, _ now: Date) -> Decision {
        guard !pending.isEmpty, let start = batchStart else { return .held }
        let windowPassed = rule.batch.map { now >= start.addingTimeInterval($0.windowSeconds) } ?? true
        let full = rule.batch.map { pending.count >= $0.max } ?? true
        guard windowPassed || full, mayRun(rule) else { return .held }
        let keys = pending
        pending = []
        batchStart = nil
        return run(keys, now)
    }

    private func mayRun(_ rule: AutomationRule) -> Bool {
        guard let t = rule.throttle else { return true }
        return runs.count < t.max
    }

    private mutating func run(_ keys: [String], _ now: Date) -> Decision {
        runs.append(now)
        throttledSinceRun = 0
        return .run(keys)
    }

    private mutating func throttle() -> Decision {
        throttledSinceRun += 1
        throttledTotal += 1
        return .throttled(throttledSinceRun)
    }

    /// Forget runs that left the throttle window (all of them when the rule has no throttle).
    private mutating func prune(_ rule: AutomationRule, _ now: Date) {
        guard let t = rule.throttle else { runs = []; return }
        runs.removeAll { now.timeIntervalSince($0) >= t.perSeconds }
    }
}
