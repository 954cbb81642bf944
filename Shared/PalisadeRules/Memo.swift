import Synchronization

/// Remembers the results of a pure function of a string, up to `limit` entries (then starts afresh), safely across
/// threads. For work that is slow per call but sees the same inputs across an estate: regex matches on Linux's
/// NSRegularExpression, CIDR parsing.
final class Memo<Result: Sendable>: Sendable {
    private let results = Mutex<[String: Result]>([:])
    private let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    func value(for key: String, _ compute: (String) -> Result) -> Result {
        if let known = results.withLock({ $0[key] }) { return known }
        let result = compute(key)
        results.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = result
        }
        return result
    }
}
