import Foundation

/// The small JSON header carried by every request and reply (docs/protocol.md §3).
/// Decoders ignore unknown keys; new keys are additive.
public struct MessageHeader: Codable, Sendable, Hashable {
    public var id: String
    public var correlationID: String?
    /// The message type, e.g. `assessor.ingestBatch`.
    public var type: String
    public var schemaVersion: Int
    /// Absolute deadline, milliseconds since the Unix epoch.
    public var deadline: Int64?
    public var attempt: Int
    public var idempotencyKey: String?
    public var trace: String?
    /// Set on an error reply.
    public var error: WireError?

    public init(
        id: String = UUID().uuidString, correlationID: String? = nil, type: String, schemaVersion: Int = 1,
        deadline: Int64? = nil, attempt: Int = 1, idempotencyKey: String? = nil, trace: String? = nil,
        error: WireError? = nil
    ) {
        self.id = id
        self.correlationID = correlationID
        self.type = type
        self.schemaVersion = schemaVersion
        self.deadline = deadline
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.trace = trace
        self.error = error
    }
}

/// An error as it travels: a stable dotted code, a message for humans, whether a retry may help.
public struct WireError: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public var code: String
    public var message: String
    public var retryable: Bool

    public init(code: String, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { "\(code): \(message)" }

    // Codes every service may use.
    public static func badRequest(_ message: String) -> WireError {
        WireError(code: "protocol.request.invalid", message: message)
    }
    public static func unknownType(_ type: String) -> WireError {
        WireError(code: "protocol.type.unknown", message: "unknown message type '\(type)'")
    }
    public static func timeout(_ service: String) -> WireError {
        WireError(code: "bus.timeout", message: "no reply from '\(service)' before the deadline", retryable: true)
    }
    public static func internalError(_ message: String) -> WireError {
        WireError(code: "service.internal", message: message, retryable: true)
    }
}
