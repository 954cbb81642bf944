import Foundation

/// One collected cloud resource. `properties` holds the normalized attributes (documented per type in
/// docs/resources/aws.md); `unknown` names the top-level properties that could not be read and why,
/// so checks over them yield `error` instead of guessing.
public struct Resource: Codable, Sendable, Hashable {
    /// Stable id: the ARN where the provider has one.
    public var id: String
    public var provider: String
    public var account: String
    /// Region, or `global` for global services (IAM).
    public var region: String
    /// Normalized type, e.g. `aws.iam.user`, `aws.ec2.instance`, `aws.s3.bucket`.
    public var type: String
    public var name: String
    public var tags: [String: String]
    public var properties: JSONValue
    /// Property name → reason it could not be read (e.g. `AccessDenied: s3:GetBucketPolicy`).
    public var unknown: [String: String]

    public init(
        id: String, provider: String = "aws", account: String, region: String, type: String, name: String,
        tags: [String: String] = [:], properties: JSONValue = .object([:]), unknown: [String: String] = [:]
    ) {
        self.id = id
        self.provider = provider
        self.account = account
        self.region = region
        self.type = type
        self.name = name
        self.tags = tags
        self.properties = properties
        self.unknown = unknown
    }
}

/// A resource as stored in the inventory: with when it was first and last seen.
public struct InventoryItem: Codable, Sendable, Hashable {
    public var resource: Resource
    public var firstSeen: Date
    public var lastSeen: Date
    public var lastScanID: String

    public init(resource: Resource, firstSeen: Date, lastSeen: Date, lastScanID: String) {
        self.resource = resource
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastScanID = lastScanID
    }
}
