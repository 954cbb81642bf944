import Foundation
import PalisadeModel

/// Puts a governance rules file in force (`palisade governance rules apply FILE`): the service parses `yaml` (errors
/// name `file`, line and column; the rules in force stay), stores it, and applies the rules to the failing findings
/// no rule or owner holds yet (and, for `overwrite` rules, to those another rule holds).
public struct GovernanceRulesSet: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.rules.set"
    public typealias Response = GovernanceRulesReply

    public var file: String
    public var yaml: String
    public init(file: String, yaml: String) {
        self.file = file
        self.yaml = yaml
    }
}

/// The rules in force.
public struct GovernanceRulesQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.rules"
    public typealias Response = GovernanceRulesReply
    public init() {}
}

public struct GovernanceRulesReply: Codable, Sendable, Hashable {
    public struct Rule: Codable, Sendable, Hashable {
        public var id: String
        public var priority: Int
        public var summary: String
        public init(id: String, priority: Int, summary: String) {
            self.id = id
            self.priority = priority
            self.summary = summary
        }
    }
    /// nil: no rules were ever applied.
    public var file: String?
    public var loadedAt: Date?
    public var rules: [Rule]
    /// Assignments the apply made or changed (0 for a query).
    public var assignmentsChanged: Int

    public init(file: String?, loadedAt: Date?, rules: [Rule], assignmentsChanged: Int) {
        self.file = file
        self.loadedAt = loadedAt
        self.rules = rules
        self.assignmentsChanged = assignmentsChanged
    }
}

/// Completed, on time, overdue and unassigned, per owner and per rule (`palisade governance`).
public struct GovernanceReportQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.report"
    public typealias Response = GovernanceReport

    public var account: String?
    public init(account: String? = nil) { self.account = account }
}

/// Assignments, newest first (`palisade governance list`).
public struct GovernanceAssignmentsQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.assignments"
    public typealias Response = [GovernanceAssignment]

    public var owner: String?
    public var account: String?
    /// Only open ones (default), or every assignment ever made.
    public var includeCompleted: Bool
    public var overdueOnly: Bool
    public var limit: Int

    public init(owner: String? = nil, account: String? = nil, includeCompleted: Bool = false, overdueOnly: Bool = false,
                limit: Int = 500) {
        self.owner = owner
        self.account = account
        self.includeCompleted = includeCompleted
        self.overdueOnly = overdueOnly
        self.limit = limit
    }
}

/// Assigns a failing finding by hand (`palisade governance assign FINDING --owner X --due DATE`).
public struct GovernanceAssign: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.assign"
    public typealias Response = GovernanceAssignment

    public var findingID: String
    public var owner: String
    public var due: Date
    public var gracePeriod: Bool
    public init(findingID: String, owner: String, due: Date, gracePeriod: Bool = false) {
        self.findingID = findingID
        self.owner = owner
        self.due = due
        self.gracePeriod = gracePeriod
    }
}

/// Changes the owner and/or due date of a finding's open assignment.
public struct GovernanceReassign: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.reassign"
    public typealias Response = GovernanceAssignment

    public var findingID: String
    public var owner: String?
    public var due: Date?
    public init(findingID: String, owner: String? = nil, due: Date? = nil) {
        self.findingID = findingID
        self.owner = owner
        self.due = due
    }
}

/// Ends a finding's open assignment from outside (its ticket was closed in ServiceNow or Jira). If the finding still
/// fails, the governance rules may assign it again at the next scan.
public struct GovernanceComplete: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.governance.complete"
    public typealias Response = GovernanceAssignment

    public var findingID: String
    /// Why, for the log ("ticket INC0010001 closed in servicenow").
    public var reason: String
    public init(findingID: String, reason: String) {
        self.findingID = findingID
        self.reason = reason
    }
}

/// Moves a manual clock forward (a stack started with `PALISADE_CLOCK=manual`; refused on the real clock).
public struct ClockAdvance: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.clock.advance"
    public typealias Response = ClockReading

    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
}

public struct ClockReading: Codable, Sendable, Hashable {
    public var now: Date
    public var manual: Bool
    public init(now: Date, manual: Bool) {
        self.now = now
        self.manual = manual
    }
}
