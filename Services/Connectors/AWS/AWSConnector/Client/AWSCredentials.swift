import Foundation

/// AWS access keys. The description never shows the secret key or the session token.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// Where the keys came from, e.g. `environment` or `profile demo (~/.aws/credentials)`.
    public var source: String

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "explicit") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: "
            + (sessionToken == nil ? "none" : "<redacted>") + ", source: \(source))"
    }

    public var debugDescription: String { description }
}

/// What the credential chain resolved: keys and the region to default to.
public struct AWSIdentityConfig: Sendable, Hashable {
    public var credentials: AWSCredentials
    /// The profile's or environment's region, if any (`AWS_REGION`, `AWS_DEFAULT_REGION`, config `region`).
    public var region: String?
    public var profile: String

    public init(credentials: AWSCredentials, region: String?, profile: String) {
        self.credentials = credentials
        self.region = region
        self.profile = profile
    }
}
