import Foundation
import PalisadeModel
import PalisadeSchedule

/// What fires a rule: one of its events, narrowed by conditions. Each condition narrows only the events it applies
/// to (`AutomationTrigger.Condition.events`): in a rule on `[finding.new, score.dropped]`, `minSeverity` narrows the
/// findings and leaves the score drops alone. Conditions left out (nil or empty) narrow nothing.
public struct AutomationTrigger: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable, CaseIterable {
        case findingNew = "finding.new", findingReopened = "finding.reopened", findingResolved = "finding.resolved",
             findingChanged = "finding.changed", findingMuted = "finding.muted", scoreDropped = "score.dropped",
             attackPathNew = "attackpath.new", complianceFailed = "compliance.failed",
             governanceOverdue = "governance.overdue", schedule

        /// The finding lifecycle events.
        public static let findings: Set<Event> = [.findingNew, .findingReopened, .findingResolved, .findingChanged,
                                                  .findingMuted]
    }

    /// At least one. `schedule` stands alone (a scheduled rule has no other event).
    public var events: Set<Event>
    /// Findings, attack paths (their risk) and overdue governance items at or above this severity.
    public var minSeverity: Severity?
    /// Findings and governance items of these exact check ids.
    public var checks: [String]
    /// Records of these accounts.
    public var accounts: [String]
    /// Findings and governance items whose resource has all these tags (exact key and value).
    public var tags: [String: String]
    /// `score.dropped`: at least this many percentage points dropped; nil means any drop (≥ 0.01).
    public var scoreDrop: Double?
    /// `attackpath.new`: paths of at least this risk.
    public var minRisk: Severity?
    /// `compliance.failed`: only requirements of these standards.
    public var standards: [String]
    /// Any export filter, AND'ed with the conditions above; applies to every event.
    public var filter: ExportFilter
    /// `schedule`: when the rule runs.
    public var schedule: Cadence?

    public init(events: Set<Event>, minSeverity: Severity? = nil, checks: [String] = [], accounts: [String] = [],
                tags: [String: String] = [:], scoreDrop: Double? = nil, minRisk: Severity? = nil,
                standards: [String] = [], filter: ExportFilter = .all, schedule: Cadence? = nil) {
        self.events = events
        self.minSeverity = minSeverity
        self.checks = checks
        self.accounts = accounts
        self.tags = tags
        self.scoreDrop = scoreDrop
        self.minRisk = minRisk
        self.standards = standards
        self.filter = filter
        self.schedule = schedule
    }

    /// The smallest drop `score.dropped` fires on when no `scoreDrop` is given (scoring's own resolution).
    public static let minimumScoreDrop = 0.01

    /// The conditions and the events each one narrows (also what the file reader checks a rule against).
    public enum Condition: String, Sendable, CaseIterable {
        case minSeverity, checks, accounts, tags, scoreDrop, minRisk, standards, filter

        public var events: Set<Event> {
            switch self {
            case .minSeverity: return Event.findings.union([.attackPathNew, .governanceOverdue, .schedule])
            case .checks, .tags: return Event.findings.union([.governanceOverdue, .schedule])
            case .accounts, .filter: return Set(Event.allCases)
            case .scoreDrop: return [.scoreDropped]
            case .minRisk: return [.attackPathNew]
            case .standards: return [.complianceFailed]
            }
        }
    }
}
