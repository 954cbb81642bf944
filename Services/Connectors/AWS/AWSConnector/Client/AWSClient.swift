import Foundation
import Synchronization

/// How often and how patiently throttled or failing calls are retried.
public struct AWSRetryPolicy: Sendable {
    public var attempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Full jitter: a random delay in [0, min(max, base × 2^retry)].
    func delay(retry: Int) -> Duration {
        let cap = min(maxDelay, baseDelay * (1 << min(retry, 16)))
        let ms = Int64(cap.components.seconds * 1000 + cap.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int64.random(in: (ms / 2)...max(ms / 2, ms)))
    }
}

/// A signed AWS API client: the query protocol (IAM, EC2, STS, RDS, ...), S3 REST, and the JSON protocols
/// (`AWSClient+JSON.swift`). Counts every HTTP call; paces them through one `AWSThrottle` per account scan.
public final class AWSClient: Sendable {
    public let credentials: AWSCredentials
    public let endpoints: AWSEndpoints
    let transport: any HTTPTransport
    let retry: AWSRetryPolicy
    public let throttle: AWSThrottle
    let now: @Sendable () -> Date
    private let calls = Mutex(0)
    private let retries = Mutex(0)

    public init(credentials: AWSCredentials, endpoints: AWSEndpoints, transport: any HTTPTransport = URLSessionTransport(),
                retry: AWSRetryPolicy = AWSRetryPolicy(), throttle: AWSThrottle = AWSThrottle(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.credentials = credentials
        self.endpoints = endpoints
        self.transport = transport
        self.retry = retry
        self.throttle = throttle
        self.now = now
    }

    /// The same endpoints, transport, retry policy and throttle with other credentials (an assumed role).
    public func with(credentials: AWSCredentials) -> AWSClient {
        AWSClient(credentials: credentials, endpoints: endpoints, transport: transport, retry: retry,
                  throttle: throttle, now: now)
    }

    /// HTTP requests made so far (retries included).
    public var apiCalls: Int { calls.withLock { $0 } }
    /// Requests that were throttled or failed transiently and were sent again.
    public var retriedCalls: Int { retries.withLock { $0 } }

    /// `application/x-www-form-urlencoded`: RFC 3986 escapes with a space as `+`, as the AWS SDKs send it (AWS
    /// accepts `%20` too, but moto re-encodes the form to check the signature and would then see another body).
    static func formEncode(_ s: String) -> String {
        SigV4Signer.uriEncode(s).replacingOccurrences(of: "%20", with: "+")
    }

    /// A query-protocol call (form POST `Action=…&Version=…`); returns the parsed response document.
    public func query(service: String, region: String, action: String, version: String,
                      params: [(String, String)] = []) async throws -> XMLNode {
        let form = ([("Action", action), ("Version", version)] + params)
            .map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let url = endpoints.url(service: service, region: region)
        let data = try await perform(
            method: "POST", url: url, path: url.path.isEmpty ? "/" : url.path, query: [],
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Data(form.utf8),
            service: service, region: endpoints.signingRegion(service: service, region: region),
            operation: "\(service):\(action)", s3: false)
        return try XMLNode.parse(data)
    }

    /// An S3 REST GET, path-style (`/bucket?subresource`). Returns the raw body (XML, or JSON for a policy).
    public func s3Get(bucket: String?, subresource: String?, query extra: [(String, String)] = [], region: String,
                      operation: String) async throws -> Data {
        let base = endpoints.url(service: "s3", region: region)
        var path = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        path += "/" + (bucket ?? "")
        let query = (subresource.map { [($0, "")] } ?? []) + extra
        return try await perform(method: "GET", url: base, path: path, query: query, headers: [], body: Data(),
                                 service: "s3", region: region, operation: "s3:\(operation)", s3: true)
    }

    /// Sends one signed request, paced by the throttle and retried on throttling and server errors with
    /// exponential backoff and full jitter, or after the server's `Retry-After` when it sends one.
    func perform(method: String, url base: URL, path: String, query: [(String, String)],
                         headers: [(String, String)], body: Data, service: String, region: String,
                         operation: String, s3: Bool) async throws -> Data {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await throttle.run(service: service, region: region) {
                    try await once(method: method, base: base, path: path, query: query, headers: headers,
                                   body: body, service: service, region: region, operation: operation, s3: s3)
                }
            } catch let e as AWSError where e.isRetryable && attempt < retry.attempts {
                retries.withLock { $0 += 1 }
                try await Task.sleep(for: e.retryAfter.map { min($0, retry.maxDelay * 4) } ?? retry.delay(retry: attempt - 1))
            }
        }
    }

    private func once(method: String, base: URL, path: String, query: [(String, String)], headers: [(String, String)],
                      body: Data, service: String, region: String, operation: String, s3: Bool) async throws -> Data {
        let host = (base.host ?? "") + (base.port.map { ":\($0)" } ?? "")
        let signer = SigV4Signer(credentials: credentials, region: region, service: service)
        var req = SigV4Request(method: method, path: path, query: query, headers: [("Host", host)] + headers, body: body)
        req.headers += signer.sign(req, date: now(), contentSHA256Header: s3)
        let queryText = query.map { $0.1.isEmpty ? SigV4Signer.uriEncode($0.0)
            : "\(SigV4Signer.uriEncode($0.0))=\(SigV4Signer.uriEncode($0.1))" }.joined(separator: "&")
        let encodedPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.uriEncode(String($0)) }.joined(separator: "/")
        let text = "\(base.scheme ?? "https")://\(host)\(encodedPath)" + (queryText.isEmpty ? "" : "?\(queryText)")
        guard let url = URL(string: text) else {
            throw AWSError(code: "connector.aws.request.invalid", message: "cannot build URL \(text)", operation: operation)
        }
        calls.withLock { $0 += 1 }
        let response = try await transport.send(HTTPRequest(method: method, url: url, headers: req.headers, body: body))
        if (200..<300).contains(response.status) { return response.body }
        throw AWSError.from(response, operation: operation)
    }
}
