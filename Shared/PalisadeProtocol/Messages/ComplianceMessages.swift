import Foundation
import PalisadeModel

/// Every standard of the benchmark in one account (default: the most recently scored one), each requirement's
/// state decided from the account's current findings (`palisade compliance`).
public struct ComplianceQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance"
    public typealias Response = ComplianceReport

    public var account: String?
    /// Only this standard (nil: all).
    public var standard: String?
    /// Per failing check, the failing resources (at most `resourceLimit` each).
    public var withResources: Bool
    public var resourceLimit: Int

    public init(account: String? = nil, standard: String? = nil, withResources: Bool = false, resourceLimit: Int = 50) {
        self.account = account
        self.standard = standard
        self.withResources = withResources
        self.resourceLimit = resourceLimit
    }
}

public struct ComplianceReport: Codable, Sendable, Hashable {
    /// nil when nothing was scored yet.
    public var account: String?
    public var computedAt: Date
    public var standards: [StandardCompliance]
    /// With `withResources`: failing resource ids per check id (capped), and how many there are in all.
    public var failingResources: [String: [String]]
    public var failingTotals: [String: Int]
    /// The remediation text of each check behind a failed requirement.
    public var remediation: [String: String]

    public init(account: String?, computedAt: Date, standards: [StandardCompliance],
                failingResources: [String: [String]] = [:], failingTotals: [String: Int] = [:],
                remediation: [String: String] = [:]) {
        self.account = account
        self.computedAt = computedAt
        self.standards = standards
        self.failingResources = failingResources
        self.failingTotals = failingTotals
        self.remediation = remediation
    }
}

/// Records an attestation of a manual requirement (`palisade compliance attest`). Refused (`scoring.attestation.invalid`)
/// for an unknown standard or requirement, an automated requirement, a non-http(s) evidence URL, an empty name, or an
/// expiry not in the future.
public struct ComplianceAttest: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance.attest"
    public typealias Response = Attestation

    public var account: String?
    public var standard: String
    public var requirement: String
    public var status: Attestation.Status
    public var evidence: String
    public var attestedBy: String
    public var expiresAt: Date

    public init(account: String?, standard: String, requirement: String, status: Attestation.Status, evidence: String,
                attestedBy: String, expiresAt: Date) {
        self.account = account
        self.standard = standard
        self.requirement = requirement
        self.status = status
        self.evidence = evidence
        self.attestedBy = attestedBy
        self.expiresAt = expiresAt
    }
}

/// Every attestation of an account, oldest first (expired ones included: the history).
public struct ComplianceAttestationsQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance.attestations"
    public typealias Response = [Attestation]

    public var account: String?
    public var standard: String?
    public init(account: String? = nil, standard: String? = nil) {
        self.account = account
        self.standard = standard
    }
}

/// Switches a standard on or off for an account (every standard is on until switched off).
public struct ComplianceSelect: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance.select"
    public typealias Response = ComplianceSelection

    public var account: String?
    public var standard: String
    public var enabled: Bool
    public init(account: String?, standard: String, enabled: Bool) {
        self.account = account
        self.standard = standard
        self.enabled = enabled
    }
}

public struct ComplianceSelection: Codable, Sendable, Hashable {
    public var account: String
    public var enabled: [String]
    public var disabled: [String]
    public init(account: String, enabled: [String], disabled: [String]) {
        self.account = account
        self.enabled = enabled
        self.disabled = disabled
    }
}

/// One standard's counts per assessed scan of an account, oldest first.
public struct ComplianceHistoryQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance.history"
    public typealias Response = [ComplianceHistoryPoint]

    public var account: String?
    public var standard: String
    public var since: Date?
    public init(account: String? = nil, standard: String, since: Date? = nil) {
        self.account = account
        self.standard = standard
        self.since = since
    }
}
