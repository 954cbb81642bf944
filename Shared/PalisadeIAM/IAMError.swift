/// An error from the IAM policy library: a stable dotted code plus a message saying what is wrong
/// and where (`Statement[1].Effect`), so a user can fix the policy.
public struct IAMError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The policy document is not a valid IAM policy (wrong shape, missing or conflicting elements).
    public static func invalid(_ message: String) -> IAMError {
        IAMError(code: "iam.policy.invalid", message: message)
    }

    public var description: String { "\(code): \(message)" }
}
