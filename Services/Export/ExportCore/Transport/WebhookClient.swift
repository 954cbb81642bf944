import Crypto
import Foundation
import PalisadeProtocol
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs JSON batches to a webhook receiver.
///
/// Headers: `Content-Type: application/json`, `X-Palisade-Delivery` (the caller's delivery id, the same on every
/// retry of a batch, so the receiver can drop duplicates), `X-Palisade-Timestamp` (unix seconds) and, when a secret
/// is set, `X-Palisade-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. A receiver verifies the
/// signature and rejects stale timestamps to stop replays. The secret never leaves this type.
public struct WebhookClient: Sendable {
    public let url: URL
    private let secret: String?
    private let timeout: Duration
    private let headers: [String: String]

    public init(url: URL, secret: String?, timeout: Duration = .seconds(15), headers: [String: String] = [:]) {
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.headers = headers
    }

    var isSigned: Bool { secret != nil }

    /// The receiver as it may appear in messages: scheme, host and port only.
    var location: String {
        var parts = URLComponents()
        parts.scheme = url.scheme
        parts.host = url.host
        parts.port = url.port
        return parts.string ?? "the webhook receiver"
    }

    public func post(_ body: Data, deliveryID: String, now: Date) async -> WebhookOutcome {
        let timestamp = Int(now.timeIntervalSince1970)
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: timeout.seconds)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Palisade-Webhook/1", forHTTPHeaderField: "User-Agent")
        request.setValue(deliveryID, forHTTPHeaderField: "X-Palisade-Delivery")
        request.setValue(String(timestamp), forHTTPHeaderField: "X-Palisade-Timestamp")
        if let secret {
            request.setValue(Self.signature(secret: secret, timestamp: timestamp, body: body),
                             forHTTPHeaderField: "X-Palisade-Signature")
        }
        request.httpBody = body
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds
        configuration.timeoutIntervalForResource = timeout.seconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.dataCompleting(for: request)
            guard let http = response as? HTTPURLResponse else {
                return .retry(status: nil, after: nil, reason: "\(location) sent a response that is not HTTP")
            }
            let snippet = String(decoding: data.prefix(200), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
                .trimmingCharacters(in: .whitespaces)
            return WebhookOutcome.classify(status: http.statusCode,
                                           retryAfter: http.value(forHTTPHeaderField: "Retry-After"),
                                           now: now, where: location, snippet: snippet)
        } catch let error as URLError {
            let what = error.code == .timedOut ? "did not answer within \(timeout)" : "could not be reached"
            return .retry(status: nil, after: nil, reason: "\(location) \(what) (\(error.code.rawValue): "
                          + "\(error.localizedDescription))")
        } catch {
            return .retry(status: nil, after: nil, reason: "\(location) could not be reached: \(error)")
        }
    }

    /// "sha256=" + lowercase hex HMAC-SHA256 over "<timestamp>.<body>" keyed with the secret's UTF-8 bytes.
    public static func signature(secret: String, timestamp: Int, body: Data) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
