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

    public init(id: String, title: String, section: String?, state: RequirementState, checks: [CheckTally]) {
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
