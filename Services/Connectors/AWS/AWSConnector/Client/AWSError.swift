import Foundation

/// An AWS API failure: the AWS error code (`AccessDenied`, `NoSuchEntity`, …), the HTTP status and the
/// operation that failed (`iam:ListUsers`), or a connector-side failure (`connector.aws.*` codes).
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var httpStatus: Int
    /// `service:Action`, e.g. `s3:GetBucketPolicy`.
    public var operation: String

    public init(code: String, message: String, httpStatus: Int = 0, operation: String = "") {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.operation = operation
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
