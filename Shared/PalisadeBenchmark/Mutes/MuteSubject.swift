import PalisadeModel

/// What a mute rule is matched against: one finding's check and resource.
public struct MuteSubject: Sendable, Hashable {
    public var provider: String
    public var account: String
    public var region: String
    public var checkID: String
    /// The resource id (the ARN for AWS).
    public var resourceID: String
    public var resourceName: String
    /// e.g. `aws.ec2.security_group`.
    public var resourceType: String
    public var tags: [String: String]

    public init(provider: String, account: String, region: String, checkID: String, resourceID: String,
                resourceName: String, resourceType: String, tags: [String: String] = [:])
    {
        self.provider = provider
        self.account = account
        self.region = region
        self.checkID = checkID
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.resourceType = resourceType
        self.tags = tags
    }

    /// The subject of `checkID`'s finding on `resource`.
    public init(checkID: String, resource: Resource) {
        self.init(provider: resource.provider, account: resource.account, region: resource.region, checkID: checkID,
                  resourceID: resource.id, resourceName: resource.name, resourceType: resource.type,
                  tags: resource.tags)
    }
}
