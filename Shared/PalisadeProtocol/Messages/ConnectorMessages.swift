import Foundation
import PalisadeModel

/// Starts an AWS scan; the connector replies at once with the scan id and works in the background.
public struct StartAWSScan: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.startScan"
    public typealias Response = ScanStarted

    public var profile: String?
    /// Regions to scan; empty: every region enabled for the account.
    public var regions: [String]
    public var endpoint: String?
    /// Scan every active member account of the caller's organization by assuming `roleName` in each.
    public var organization: Bool
    public var roleName: String?
    /// Call rates overriding the defaults, `service=calls-per-second` pairs (`iam=5,*=20`).
    public var rates: String?
    /// Accounts scanned at once in an organization scan.
    public var accountConcurrency: Int?

    public init(profile: String? = nil, regions: [String] = [], endpoint: String? = nil, organization: Bool = false,
                roleName: String? = nil, rates: String? = nil, accountConcurrency: Int? = nil) {
        self.profile = profile
        self.regions = regions
        self.endpoint = endpoint
        self.organization = organization
        self.roleName = roleName
        self.rates = rates
        self.accountConcurrency = accountConcurrency
    }

    enum CodingKeys: String, CodingKey {
        case profile, regions, endpoint, organization, roleName, rates, accountConcurrency
    }

    /// Older clients send only profile, regions and endpoint.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        regions = try c.decodeIfPresent([String].self, forKey: .regions) ?? []
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        organization = try c.decodeIfPresent(Bool.self, forKey: .organization) ?? false
        roleName = try c.decodeIfPresent(String.self, forKey: .roleName)
        rates = try c.decodeIfPresent(String.self, forKey: .rates)
        accountConcurrency = try c.decodeIfPresent(Int.self, forKey: .accountConcurrency)
    }
}

public struct ScanStarted: Codable, Sendable, Hashable {
    public var scanID: String
    public init(scanID: String) { self.scanID = scanID }
}

/// One collector's share of a scan's progress.
public struct ServiceProgress: Codable, Sendable, Hashable {
    public var service: String
    public var done: Int
    public var total: Int
    /// Scopes of this service that ended in `error`.
    public var failed: Int

    public init(service: String, done: Int, total: Int, failed: Int = 0) {
        self.service = service
        self.done = done
        self.total = total
        self.failed = failed
    }
}

/// Progress of a connector scan.
public struct ScanProgressQuery: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.progress"
    public typealias Response = ScanProgress

    public var scanID: String
    public init(scanID: String) { self.scanID = scanID }
}

public struct ScanProgress: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable { case running, sealing, done, failed }
    public var scanID: String
    public var account: String?
    public var state: State
    public var apiCalls: Int
    public var resources: Int
    public var batchesSent: Int
    public var batchesAcked: Int
    public var scopesDone: Int
    public var scopesTotal: Int
    public var scopes: [ScopeResult]
    /// Set when `state == .failed` (e.g. no credentials).
    public var error: String?
    /// Per collector: runs done and expected (one per region for regional services), in start order.
    public var services: [ServiceProgress] = []
    /// HTTP calls sent again after throttling or a server error.
    public var retriedCalls: Int = 0
    /// An organization scan: the scan of each member account (each sealed on its own).
    public var accountScans: [String] = []

    public init(scanID: String, account: String?, state: State, apiCalls: Int, resources: Int, batchesSent: Int,
                batchesAcked: Int, scopesDone: Int, scopesTotal: Int, scopes: [ScopeResult], error: String?) {
        self.scanID = scanID
        self.account = account
        self.state = state
        self.apiCalls = apiCalls
        self.resources = resources
        self.batchesSent = batchesSent
        self.batchesAcked = batchesAcked
        self.scopesDone = scopesDone
        self.scopesTotal = scopesTotal
        self.scopes = scopes
        self.error = error
    }
}

/// The IAM actions a read-only scan calls, and the policy granting them (`palisade aws permissions`).
public struct AWSPermissionsQuery: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.permissions"
    public typealias Response = AWSPermissions

    /// Include what an organization scan adds (listing accounts, assuming the member role).
    public var organization: Bool
    public init(organization: Bool = false) { self.organization = organization }
}

public struct AWSPermissions: Codable, Sendable, Hashable {
    public var actions: [String]
    /// The IAM policy document, pretty-printed JSON.
    public var policy: String
    public init(actions: [String], policy: String) {
        self.actions = actions
        self.policy = policy
    }
}

/// The scans this connector process is running (started by hand or by the scheduler), with what each collects: the
/// scheduler does not start a scan of a target that already has one in flight.
public struct ActiveScansQuery: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.activeScans"
    public typealias Response = [ActiveScan]

    public init() {}
}

public struct ActiveScan: Codable, Sendable, Hashable {
    public var scanID: String
    public var target: ScanTarget
    public var state: ScanProgress.State

    public init(scanID: String, target: ScanTarget, state: ScanProgress.State) {
        self.scanID = scanID
        self.target = target
        self.state = state
    }
}

extension StartAWSScan {
    /// What this request scans, as a schedule names it (same key, same overlap rule).
    public var target: ScanTarget {
        ScanTarget(provider: "aws", profile: profile, regions: regions, organization: organization,
                   roleName: organization ? roleName : nil, endpoint: endpoint, rates: rates)
    }
}
