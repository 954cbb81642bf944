import Foundation

/// When to try a failed delivery again (pure): exponential back-off from `initial`, multiplied by `multiplier` per
/// attempt and capped at `maximum`; a receiver's Retry-After wins (also capped at `maximum`). After `maxAttempts`
/// attempts the delivery is given up (`shouldRetry`).
public struct BackoffPolicy: Sendable, Hashable {
    public var initial: Duration = .seconds(1)
    public var maximum: Duration = .seconds(300)
    public var multiplier: Double = 2
    public var maxAttempts: Int = 8

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(300), multiplier: Double = 2,
                maxAttempts: Int = 8) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.maxAttempts = maxAttempts
    }

    /// The wait after attempt number `attempt` (1 = the first attempt) failed:
    /// `retryAfter` when given (never negative, at most `maximum`), else `initial × multiplier^(attempt−1)` capped.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maximum) }
        let cap = maximum.seconds
        let exponent = Double(max(attempt, 1) - 1)
        let seconds = initial.seconds * pow(max(multiplier, 1), exponent)
        guard seconds.isFinite, seconds < cap else { return maximum }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// True while another attempt is allowed after `attempt` attempts failed.
    public func shouldRetry(afterAttempt attempt: Int) -> Bool { attempt < maxAttempts }

    /// Retry-After (RFC 9110 §10.2.3): delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT",
    /// and the obsolete RFC 850 and asctime forms); a date in the past is zero; nil when absent or unreadable.
    public static func parseRetryAfter(_ header: String?, now: Date) -> Duration? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int64(text) else { return .seconds(Int64.max / 1_000_000_000_000) }
            return .seconds(seconds)
        }
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let seconds = max(0, date.timeIntervalSince(now))
                return .milliseconds(Int64((seconds * 1000).rounded()))
            }
        }
        return nil
    }

    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",  // IMF-fixdate
        "EEEE, dd-MMM-yy HH:mm:ss zzz",   // RFC 850
        "EEE MMM d HH:mm:ss yyyy",        // asctime
    ]
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
