import Foundation

/// Where one requirement of a standard stands in one account.
public enum RequirementState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Every check behind it passed on every resource it applies to (muted findings aside).
    case passed
    /// At least one check behind it failed on at least one resource.
    case failed
    /// Nothing failed, but a check could not be decided on some resource (an attribute could not be read):
    /// unknown, so neither passed nor failed.
    case error
    /// No check decides it: an auditor assesses it by hand (or an attestation in force says how it stands).
    case manual
    /// Its checks apply to no resource in the account.
    case notApplicable
}

/// One requirement's state with what decided it.
public struct RequirementCompliance: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var section: String?
    public var state: RequirementState
    /// The checks mapped to it, each with its findings counted by status.
    public var checks: [CheckTally]
    /// A manual requirement's attestation in force (its status is then the requirement's state).
    public var attestation: Attestation?

    public init(id: String, title: String, section: String?, state: RequirementState, checks: [CheckTally],
                attestation: Attestation? = nil) {
        self.attestation = attestation
        self.id = id
        self.title = title
        self.section = section
        self.state = state
        self.checks = checks
    }
}

/// One standard in one account: every requirement and the share in each state.
public struct StandardCompliance: Codable, Sendable, Hashable {
    public var standardID: String
    public var title: String
    public var version: String
    public var requirements: [RequirementCompliance]

    public init(standardID: String, title: String, version: String, requirements: [RequirementCompliance]) {
        self.standardID = standardID
        self.title = title
        self.version = version
        self.requirements = requirements
    }

    public func count(_ state: RequirementState) -> Int { requirements.filter { $0.state == state }.count }

    /// Passed among the requirements a check decided (passed + failed + error), as a percentage; nil when none.
    public var passedShare: Double? {
        let decided = count(.passed) + count(.failed) + count(.error)
        return decided == 0 ? nil : Double(count(.passed)) / Double(decided) * 100
    }
}

/// Someone's statement, with evidence, of how a manual requirement stands in an account, until it expires.
public struct Attestation: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable { case passed, failed }
    public var account: String
    public var standard: String
    public var requirement: String
    public var status: Status
    /// Where the evidence is (an http(s) URL).
    public var evidence: String
    public var attestedBy: String
    public var attestedAt: Date
    public var expiresAt: Date

    public init(account: String, standard: String, requirement: String, status: Status, evidence: String,
                attestedBy: String, attestedAt: Date, expiresAt: Date) {
        self.account = account
        self.standard = standard
        self.requirement = requirement
        self.status = status
        self.evidence = evidence
        self.attestedBy = attestedBy
        self.attestedAt = attestedAt
        self.expiresAt = expiresAt
    }

    public func inForce(at now: Date) -> Bool { attestedAt <= now && now < expiresAt }
}

/// One standard's counts in one sealed scan (compliance history).
public struct ComplianceHistoryPoint: Codable, Sendable, Hashable {
    public var scanID: String
    public var account: String
    public var standard: String
    public var computedAt: Date
    public var counts: [RequirementState: Int]

    public init(scanID: String, account: String, standard: String, computedAt: Date, counts: [RequirementState: Int]) {
        self.scanID = scanID
        self.account = account
        self.standard = standard
        self.computedAt = computedAt
        self.counts = counts
    }
}

/// The payload of `compliance.changed` in the scoring service's event log: a requirement's state moved between two
/// consecutive assessed scans of an account.
public struct ComplianceChange: Codable, Sendable, Hashable {
    public var account: String
    public var scanID: String
    public var standard: String
    public var requirement: String
    public var from: RequirementState
    public var to: RequirementState

    public init(account: String, scanID: String, standard: String, requirement: String, from: RequirementState,
                to: RequirementState) {
        self.account = account
        self.scanID = scanID
        self.standard = standard
        self.requirement = requirement
        self.from = from
        self.to = to
    }
}
