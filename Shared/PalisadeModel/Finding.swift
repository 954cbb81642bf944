import Foundation

public enum FindingStatus: String, Codable, Sendable, CaseIterable {
    case pass, fail, error, muted, notApplicable
}

public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    public var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where a finding stands across scans.
public enum FindingLifecycle: String, Codable, Sendable {
    case new, persisting, resolved, reopened
}

/// The result of one check on one resource.
public struct Finding: Codable, Sendable, Hashable {
    /// `provider/account/region/check/resource` — stable across scans.
    public var id: String
    public var checkID: String
    public var title: String
    public var severity: Severity
    public var controlID: String
    public var resourceID: String
    public var resourceType: String
    public var provider: String
    public var account: String
    public var region: String
    public var status: FindingStatus
    /// Why: the failing evaluation, the unknown attribute, the mute rule.
    public var reason: String
    public var remediation: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var scanID: String
    /// Bumped whenever status or reason changes; exports deduplicate on `(id, version)`.
    public var version: Int
    public var lifecycle: FindingLifecycle
    /// When `status` is `muted`: the result the check gave (pass, fail, error, notApplicable) and the mute rule.
    public var result: FindingStatus?
    public var mutedBy: String?

    public init(
        id: String, checkID: String, title: String, severity: Severity, controlID: String, resourceID: String,
        resourceType: String, provider: String, account: String, region: String, status: FindingStatus,
        reason: String, remediation: String, firstSeen: Date, lastSeen: Date, scanID: String, version: Int,
        lifecycle: FindingLifecycle, result: FindingStatus? = nil, mutedBy: String? = nil
    ) {
        self.result = result
        self.mutedBy = mutedBy
        self.id = id
        self.checkID = checkID
        self.title = title
        self.severity = severity
        self.controlID = controlID
        self.resourceID = resourceID
        self.resourceType = resourceType
        self.provider = provider
        self.account = account
        self.region = region
        self.status = status
        self.reason = reason
        self.remediation = remediation
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.scanID = scanID
        self.version = version
        self.lifecycle = lifecycle
    }

    public static func makeID(provider: String, account: String, region: String, checkID: String, resourceID: String)
        -> String
    {
        "\(provider)/\(account)/\(region)/\(checkID)/\(resourceID)"
    }
}
