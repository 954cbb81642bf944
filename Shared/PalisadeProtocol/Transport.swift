import Foundation

/// Sends requests to services by name. The ZeroMQ client and the in-process test bus both conform.
public protocol RequestSender: Sendable {
    /// One attempt: returns the reply (possibly an error reply) or throws `WireError` on timeout/transport failure.
    func send(_ request: Request, timeout: Duration) async throws -> Reply
}

/// Handles requests for one service. Must not throw: failures become error replies.
public protocol RequestHandler: Sendable {
    func handle(_ request: Request) async -> Reply
}

/// A typed message: its wire type name, the service it goes to, and what comes back.
public protocol BusMessage: Codable, Sendable {
    associatedtype Response: Codable & Sendable
    static var service: String { get }
    static var type: String { get }
}

/// A reply type that reads itself from the reply's JSON faster than `JSONDecoder` (event pages: every consumer reads
/// every one). Nil when the body is not exactly the expected shape: `JSONDecoder` then decides, and reports the error.
public protocol WireFastDecodable {
    static func fastDecode(_ data: Data) -> Self?
}

/// A request that writes its own body — the JSON `Wire.encoder` would make, or JSON it decodes to the same value —
/// faster than `JSONEncoder` (graph verdict sets).
public protocol WireFastEncodable {
    func fastEncode() -> Data
}

/// Bounded retries with exponential backoff for retryable failures.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    public init(attempts: Int = 3, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    public static let none = RetryPolicy(attempts: 1)

    /// Backoff before attempt `n` (2-based): initial × 2^(n-2), capped.
    public func backoff(beforeAttempt n: Int) -> Duration {
        guard n > 1 else { return .zero }
        var d = initialBackoff
        for _ in 2..<n { d = d * 2; if d > maxBackoff { return maxBackoff } }
        return min(d, maxBackoff)
    }
}

extension RequestSender {
    /// Sends a typed message, retrying retryable failures under `retry`, and decodes the reply.
    public func call<M: BusMessage>(
        _ message: M, timeout: Duration = .seconds(10), retry: RetryPolicy = RetryPolicy(),
        idempotencyKey: String? = nil
    ) async throws -> M.Response {
        let body = try (message as? any WireFastEncodable)?.fastEncode() ?? Wire.encoder.encode(message)
        let id = UUID().uuidString
        var last = WireError.timeout(M.service)
        for attempt in 1...retry.attempts {
            if attempt > 1 { try await Task.sleep(for: retry.backoff(beforeAttempt: attempt)) }
            let ms = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout.components.seconds * 1000)
                + Int64(timeout.components.attoseconds / 1_000_000_000_000_000)
            let header = MessageHeader(id: id, type: M.type, deadline: ms, attempt: attempt,
                                       idempotencyKey: idempotencyKey)
            let reply: Reply
            do {
                reply = try await send(Request(service: M.service, header: header, body: body), timeout: timeout)
            } catch let e as WireError {
                last = e
                if e.retryable { continue } else { throw e }
            }
            if let e = reply.header.error {
                last = e
                if e.retryable { continue } else { throw e }
            }
            if let fast = M.Response.self as? any WireFastDecodable.Type,
               let value = fast.fastDecode(reply.body) as? M.Response { return value }
            do { return try Wire.decoder.decode(M.Response.self, from: reply.body) } catch {
                throw WireError(code: "protocol.reply.invalid", message: "reply to \(M.type) did not decode: \(error)")
            }
        }
        throw last
    }
}
