import Foundation

/// When a ticketing call is tried again, and how long to wait first. Pure: the HTTP shell asks it after every answer.
///
/// - 429: wait what `Retry-After` says (or the backoff when it says nothing) and try again, up to `maxRetries`;
///   a `Retry-After` longer than `maxRetryAfter` is not slept through: the caller gets `throttled` with
///   `retryAfter` and comes back later.
/// - 5xx or no answer: back off exponentially and try again, but only a request that is safe to repeat
///   (GET, PUT, PATCH). A POST whose answer was lost may have been carried out; the client decides (a create
///   looks for the ticket first).
public struct TicketRetryPolicy: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        case retry(after: Duration)
        case stop
    }

    public var maxRetries: Int
    public var maxRetryAfter: Duration
    public var backoff: Duration

    public init(maxRetries: Int = 3, maxRetryAfter: Duration = .seconds(60), backoff: Duration = .milliseconds(500)) {
        self.maxRetries = max(0, maxRetries)
        self.maxRetryAfter = maxRetryAfter
        self.backoff = backoff
    }

    /// `retriesSoFar`: how many times this request was already repeated. `status` nil: no answer (network).
    public func decide(retriesSoFar: Int, status: Int?, retryAfter: Duration?, idempotent: Bool) -> Decision {
        guard retriesSoFar < maxRetries else { return .stop }
        switch status {
        case 429?:
            let wait = retryAfter ?? delay(retriesSoFar)
            return wait <= maxRetryAfter ? .retry(after: wait) : .stop
        case nil, (500...599)?:
            guard idempotent else { return .stop }
            let wait = retryAfter.map { min($0, maxRetryAfter) } ?? delay(retriesSoFar)
            return .retry(after: wait)
        default:
            return .stop
        }
    }

    /// 0.5 s, 1 s, 2 s, … capped at 8 s.
    func delay(_ retriesSoFar: Int) -> Duration {
        min(backoff * (1 << min(retriesSoFar, 4)), .seconds(8))
    }

    /// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); nil when absent or unreadable.
    public static func retryAfter(_ header: String?, now: Date = Date()) -> Duration? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int(text) { return .seconds(max(0, seconds)) }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = format.date(from: text) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }
}
