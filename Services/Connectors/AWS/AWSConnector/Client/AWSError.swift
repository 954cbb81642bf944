import Foundation
import PalisadeModel

/// An AWS API failure: the AWS error code (`AccessDenied`, `NoSuchEntity`, …), the HTTP status and the
/// operation that failed (`iam:ListUsers`), or a connector-side failure (`connector.aws.*` codes).
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var httpStatus: Int
    /// `service:Action`, e.g. `s3:GetBucketPolicy`.
    public var operation: String
    /// The server's `Retry-After`, when it sent one with a throttling or unavailable reply.
    public var retryAfter: Duration?

    public init(code: String, message: String, httpStatus: Int = 0, operation: String = "", retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.operation = operation
        self.retryAfter = retryAfter
    }

    /// The error an unsuccessful HTTP response stands for: the XML `<Error>` (query, S3, REST-XML), the JSON
    /// `__type` / `x-amzn-ErrorType` (JSON protocols), else the status and the start of the body.
    static func from(_ response: HTTPResponse, operation: String) -> AWSError {
        var error = fromBody(response.body, status: response.status, operation: operation)
            ?? fromJSON(response, operation: operation)
            ?? AWSError(code: "HTTP\(response.status)",
                        message: response.body.isEmpty ? "no error body"
                            : String(decoding: response.body.prefix(200), as: UTF8.self),
                        httpStatus: response.status, operation: operation)
        if let value = response.headers["retry-after"]?.trimmingCharacters(in: .whitespaces),
           let seconds = Double(value), seconds >= 0 {
            error.retryAfter = .milliseconds(Int64(seconds * 1000))
        }
        return error
    }

    /// `{"__type": "com.amazon...#ResourceNotFoundException", "message": "..."}` or the `x-amzn-errortype` header.
    static func fromJSON(_ response: HTTPResponse, operation: String) -> AWSError? {
        let json = try? JSONValue.parse(String(decoding: response.body, as: UTF8.self))
        let raw = response.headers["x-amzn-errortype"] ?? json?["__type"]?.stringValue ?? json?["code"]?.stringValue
            ?? json?["Code"]?.stringValue
        guard let raw, !raw.isEmpty else { return nil }
        let code = String(raw.split(separator: ":").first ?? "").split(separator: "#").last.map(String.init) ?? raw
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? ""
        return AWSError(code: code, message: message, httpStatus: response.status, operation: operation)
    }

    public var description: String {
        let op = operation.isEmpty ? "" : " (\(operation))"
        let status = httpStatus == 0 ? "" : " [HTTP \(httpStatus)]"
        return "\(code)\(op)\(status): \(message)"
    }

    /// The reason recorded in `Resource.unknown` / `ScopeResult.reason`: `AccessDenied: s3:GetBucketPolicy`.
    public var reason: String { operation.isEmpty ? "\(code): \(message)" : "\(code): \(operation)" }

    /// Throttling and server errors are worth retrying.
    public var isRetryable: Bool {
        if httpStatus >= 500 || httpStatus == 429 { return true }
        return Self.throttlingCodes.contains(code) || code == "connector.aws.transport"
    }

    /// The keys themselves were refused: every further call would fail the same way.
    public var isAuthenticationFailure: Bool { Self.authCodes.contains(code) }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
        "SlowDown", "RequestThrottled", "RequestThrottledException", "ServiceUnavailable", "InternalError",
        "ProvisionedThroughputExceededException", "TooManyRequests", "LimitExceededException",
        "ServiceUnavailableException", "InternalFailure", "InternalServerError",
    ]
    static let authCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidClientTokenId", "InvalidAccessKeyId", "AuthFailure",
        "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "InvalidToken",
    ]

    static func noCredentials(profile: String) -> AWSError {
        AWSError(code: "connector.aws.credentials.missing",
                 message: "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or configure "
                    + "~/.aws/credentials (profile \(profile))")
    }
}
