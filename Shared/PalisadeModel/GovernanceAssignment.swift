import Foundation

/// Who must fix one failing finding, and by when. A value: the planner returns new ones, the shell stores them.
public struct GovernanceAssignment: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable, CaseIterable {
        case open, completed
    }

    public var findingID: String
    /// The rule that made it; nil when it was assigned by hand.
    public var ruleID: String?
    public var owner: String
    public var dueDate: Date
    /// While open and not yet due, the finding does not count against the secure score.
    public var gracePeriod: Bool
    public var assignedAt: Date
    public var state: State
    public var completedAt: Date?
    // The finding's identity, copied so reports need no join.
    public var account: String
    public var checkID: String
    public var controlID: String
    public var resourceID: String
    public var severity: Severity

    public init(findingID: String, ruleID: String?, owner: String, dueDate: Date, gracePeriod: Bool,
                assignedAt: Date, state: State = .open, completedAt: Date? = nil, account: String, checkID: String,
                controlID: String, resourceID: String, severity: Severity) {
        self.findingID = findingID
        self.ruleID = ruleID
        self.owner = owner
        self.dueDate = dueDate
        self.gracePeriod = gracePeriod
        self.assignedAt = assignedAt
        self.state = state
        self.completedAt = completedAt
        self.account = account
        self.checkID = checkID
        self.controlID = controlID
        self.resourceID = resourceID
        self.severity = severity
    }

    /// An open assignment of `finding`.
    public init(finding: Finding, ruleID: String?, owner: String, dueDate: Date, gracePeriod: Bool, assignedAt: Date) {
        self.init(findingID: finding.id, ruleID: ruleID, owner: owner, dueDate: dueDate, gracePeriod: gracePeriod,
                  assignedAt: assignedAt, account: finding.account, checkID: finding.checkID,
                  controlID: finding.controlID, resourceID: finding.resourceID, severity: finding.severity)
    }

    public var isOpen: Bool { state == .open }

    /// Open and past due at `now` (the due instant itself is the last moment it is on time).
    public func isOverdue(at now: Date) -> Bool { isOpen && now > dueDate }

    /// Whether it was completed by its due date (nil while open).
    public var completedOnTime: Bool? {
        guard state == .completed, let completedAt else { return nil }
        return completedAt <= dueDate
    }

    /// The same assignment, completed at `now`.
    public func completed(at now: Date) -> GovernanceAssignment {
        var a = self
        a.state = .completed
        a.completedAt = now
        return a
    }
}
