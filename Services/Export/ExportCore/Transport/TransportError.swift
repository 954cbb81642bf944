/// Why a delivery over the network failed: a stable dotted `code` (`syslog.connect`, `syslog.tls.verify`,
/// `smtp.auth`, `smtp.rejected`, `webhook.status` …), a message that says what failed, where (host:port) and how to
/// fix it, and whether trying again later can help. Messages never contain a secret (passwords, tokens, HMAC keys).
public struct TransportError: Error, Sendable, CustomStringConvertible, Equatable {
    public var code: String
    public var message: String
    public var retryable: Bool

    public init(code: String, message: String, retryable: Bool) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { "\(code): \(message)" }
}

/// Where an endpoint is, for messages and error codes: `scope` prefixes the codes (`syslog`, `smtp`).
struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    var scope: String
    var host: String
    var port: Int

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    func error(_ suffix: String, _ message: String, retryable: Bool) -> TransportError {
        TransportError(code: "\(scope).\(suffix)", message: message, retryable: retryable)
    }
}
