import Foundation

/// What a webhook POST came to: delivered (2xx), worth retrying (408, 425, 429, 5xx, a network failure or a
/// timeout — with the receiver's Retry-After when it sent one), or rejected for good (any other status).
public enum WebhookOutcome: Sendable, Hashable {
    case delivered(status: Int)
    case retry(status: Int?, after: Duration?, reason: String)
    case rejected(status: Int, reason: String)

    /// Classifies an HTTP response (pure). `where` names the receiver (scheme://host:port, never the path or query,
    /// which may carry a token); `snippet` is the start of the response body, for the reason.
    static func classify(status: Int, retryAfter: String?, now: Date, where location: String,
                         snippet: String) -> WebhookOutcome {
        let said = snippet.isEmpty ? "" : ": \(snippet)"
        switch status {
        case 200..<300:
            return .delivered(status: status)
        case 408, 425, 429, 500..<600:
            return .retry(status: status, after: BackoffPolicy.parseRetryAfter(retryAfter, now: now),
                          reason: "\(location) answered HTTP \(status)\(said)")
        default:
            let hint = switch status {
            case 401, 403: " — check the webhook secret or the receiver's credentials in the headers"
            case 404, 410: " — the webhook URL is wrong or was removed; update the sink"
            case 300..<400: " — the receiver redirects; configure the final URL"
            default: ""
            }
            return .rejected(status: status, reason: "\(location) answered HTTP \(status)\(said)\(hint)")
        }
    }
}
