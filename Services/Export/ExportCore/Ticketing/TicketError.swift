/// Why a ticketing call failed. `kind` is the stable code; `message` is for people and never holds a secret.
public struct TicketError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unauthorized, forbidden, notFound, throttled, server, invalidResponse, network, rejected
    }

    public var kind: Kind
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// How long the system asked us to wait (429 `Retry-After`).
    public var retryAfter: Duration?
    public var message: String

    public init(_ kind: Kind, status: Int? = nil, retryAfter: Duration? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// Worth trying again later: throttled, a 5xx, or no answer at all.
    public var retryable: Bool {
        switch kind {
        case .throttled, .server, .network: true
        case .unauthorized, .forbidden, .notFound, .invalidResponse, .rejected: false
        }
    }

    /// The dotted code used on the wire and in logs: `ticket.throttled`.
    public var code: String { "ticket.\(kind.rawValue)" }

    public var description: String {
        "\(code)\(status.map { " (HTTP \($0))" } ?? ""): \(message)"
    }
}
