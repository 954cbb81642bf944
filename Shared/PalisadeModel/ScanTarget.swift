import Foundation

/// What a scheduled scan collects: the same choices as `palisade scan aws`.
public struct ScanTarget: Codable, Sendable, Hashable {
    public var provider: String
    public var profile: String?
    public var regions: [String]
    public var organization: Bool
    public var roleName: String?
    /// An API endpoint other than real AWS (a local emulator).
    public var endpoint: String?
    public var rates: String?

    public init(provider: String = "aws", profile: String? = nil, regions: [String] = [], organization: Bool = false,
                roleName: String? = nil, endpoint: String? = nil, rates: String? = nil) {
        self.provider = provider
        self.profile = profile
        self.regions = regions
        self.organization = organization
        self.roleName = roleName
        self.endpoint = endpoint
        self.rates = rates
    }

    /// Two schedules with the same key scan the same thing and never run at once.
    public var key: String {
        [provider, profile ?? "(default credentials)", organization ? "organization:\(roleName ?? "")" : "account",
         regions.sorted().joined(separator: ","), endpoint ?? ""].joined(separator: "|")
    }

    /// For people: `aws profile prod, us-east-1,eu-west-1, organization`.
    public var summary: String {
        var parts = [provider, "profile \(profile ?? "default")"]
        parts.append(regions.isEmpty ? "all regions" : regions.joined(separator: ","))
        if organization { parts.append("organization (role \(roleName ?? "OrganizationAccountAccessRole"))") }
        if let endpoint { parts.append("endpoint \(endpoint)") }
        return parts.joined(separator: ", ")
    }
}
