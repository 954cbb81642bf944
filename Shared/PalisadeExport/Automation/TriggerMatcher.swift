import Foundation
import PalisadeModel

/// Decides whether a record fires a rule. Pure: the caller gives the resource's tags.
public enum TriggerMatcher {
    /// Does this record fire the rule? (Not for `schedule`: a scheduled rule is due by its clock, see
    /// `AutomationSchedule`.) A disabled rule fires on nothing.
    ///
    /// finding.new / reopened / resolved / changed / muted ⇔ the record of that kind; score.dropped ⇔ score.changed
    /// whose `previousPercentage − percentage` ≥ `scoreDrop` (default 0.01); attackpath.new ⇔ attackpath.new;
    /// compliance.failed ⇔ compliance.changed with `to` == failed (and a standard of `standards` when given);
    /// governance.overdue ⇔ governance.overdue. Then every condition that applies to the event must hold.
    public static func matches(_ rule: AutomationRule, _ record: ExportRecord, tags: [String: String]) -> Bool {
        guard rule.enabled, let event = event(of: record, rule.trigger), rule.trigger.events.contains(event) else {
            return false
        }
        return conditionsHold(rule.trigger, record, event: event, tags: tags)
    }

    /// Whether a record is among the items a scheduled rule's run covers (its conditions, without an event): the
    /// findings or governance items a digest lists.
    public static func selects(_ rule: AutomationRule, _ record: ExportRecord, tags: [String: String]) -> Bool {
        conditionsHold(rule.trigger, record, event: .schedule, tags: tags)
    }

    /// The trigger event a record is, nil when it is none (a rise in score, a requirement that passed, a snapshot row).
    static func event(of r: ExportRecord, _ t: AutomationTrigger) -> AutomationTrigger.Event? {
        switch r.kind {
        case .findingNew: return .findingNew
        case .findingReopened: return .findingReopened
        case .findingResolved: return .findingResolved
        case .findingChanged: return .findingChanged
        case .findingMuted: return .findingMuted
        case .attackPathNew: return .attackPathNew
        case .governanceOverdue: return .governanceOverdue
        case .scoreChanged:
            guard let drop = scoreDrop(r) else { return nil }
            return drop >= (t.scoreDrop ?? AutomationTrigger.minimumScoreDrop) - 1e-9 ? .scoreDropped : nil
        case .complianceChanged:
            return r.data["to"]?.stringValue == RequirementState.failed.rawValue ? .complianceFailed : nil
        case .attackPathResolved, .governanceAssigned, .governanceReassigned, .governanceCompleted, .snapshotFinding:
            return nil
        }
    }

    /// Percentage points the score fell (`previousPercentage − percentage`); nil for a first score.
    public static func scoreDrop(_ r: ExportRecord) -> Double? {
        guard let now = r.data["percentage"]?.doubleValue, let before = r.data["previousPercentage"]?.doubleValue
        else { return nil }
        return before - now
    }

    static func conditionsHold(_ t: AutomationTrigger, _ r: ExportRecord, event: AutomationTrigger.Event,
                               tags: [String: String]) -> Bool {
        func applies(_ c: AutomationTrigger.Condition) -> Bool { c.events.contains(event) }
        if let min = t.minSeverity, applies(.minSeverity) {
            guard let s = severity(r), s >= min else { return false }
        }
        if let min = t.minRisk, applies(.minRisk) {
            guard let s = r.severity, s >= min else { return false }
        }
        if !t.checks.isEmpty, applies(.checks) {
            guard let check = checkID(r), t.checks.contains(check) else { return false }
        }
        if !t.accounts.isEmpty, !t.accounts.contains(r.account) { return false }
        if !t.tags.isEmpty, applies(.tags) {
            guard t.tags.allSatisfy({ tags[$0.key] == $0.value }) else { return false }
        }
        if !t.standards.isEmpty, applies(.standards) {
            guard let standard = r.data["standard"]?.stringValue, t.standards.contains(standard) else { return false }
        }
        return t.filter.matches(r, tags: tags)
    }

    /// The finding's severity, the path's risk, or the governance item's severity.
    static func severity(_ r: ExportRecord) -> Severity? {
        r.severity ?? r.finding?.severity
            ?? r.data["assignment"]?["severity"]?.stringValue.flatMap(Severity.init(rawValue:))
    }

    static func checkID(_ r: ExportRecord) -> String? {
        r.finding?.checkID ?? r.data["assignment"]?["checkID"]?.stringValue
    }
}
