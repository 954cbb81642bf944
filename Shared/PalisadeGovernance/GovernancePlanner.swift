import Foundation
import PalisadeModel

/// The governance decisions, as a pure function of one finding change (no I/O, no clock: `now` is a value).
///
/// - A failing finding (`isFailing`) with no open assignment gets one from the first matching rule by priority;
///   with no matching rule, or a `fromTag` rule without fallback whose resource lacks the tag, it stays unassigned.
///   This includes a `reopened` finding whose previous assignment was completed: it gets a new one.
/// - A failing finding with an open assignment keeps it, unless the first matching rule is an `overwrite` rule other
///   than the assignment's (a manual assignment, `ruleID == nil`, is replaced only by an overwrite rule).
/// - A finding that stops failing (`pass`, `notApplicable`, `muted`, or lifecycle `resolved`) completes its open
///   assignment, on time when `now <= dueDate`. A muted finding is not counted in the secure score, so nothing is
///   left to fix: the mute is the resolution. Unmuted and still failing, it is assigned again.
/// - A finding whose check gave `error` is neither failing nor fixed (unknown is not false): nothing changes.
/// - Rules only act through finding changes: adding, editing or deleting a rule never touches existing assignments.
public enum GovernancePlanner {
    /// Whether `finding` is governed: status `fail` and not `resolved`.
    public static func isFailing(_ finding: Finding) -> Bool {
        finding.status == .fail && finding.lifecycle != .resolved
    }

    /// Whether `finding` no longer needs fixing: it passes, no longer applies, is muted or is resolved.
    public static func stoppedFailing(_ finding: Finding) -> Bool {
        switch finding.status {
        case .pass, .notApplicable, .muted: return true
        case .fail, .error: return finding.lifecycle == .resolved
        }
    }

    /// What to do now that `finding` is as given, its resource carries `tags`, and `current` is the finding's latest
    /// assignment (open or completed), if any.
    public static func decide(finding: Finding, tags: [String: String], rules: [GovernanceRule],
                              current: GovernanceAssignment?, now: Date) -> GovernanceDecision {
        let open = current.flatMap { $0.isOpen && $0.findingID == finding.id ? $0 : nil }
        if stoppedFailing(finding) {
            guard let open else { return .none }
            return .complete(open.completed(at: now), onTime: now <= open.dueDate)
        }
        guard isFailing(finding), let rule = GovernanceRules.firstMatch(finding, tags: tags, in: rules),
              let assignment = assignment(of: finding, by: rule, tags: tags, now: now)
        else { return .none }
        guard let open else { return .assign(assignment) }
        guard rule.mode == .overwrite, rule.id != open.ruleID else { return .none }
        return .reassign(old: open, new: assignment)
    }

    /// The open assignment `rule` gives `finding` at `now`; nil when the rule resolves no owner.
    public static func assignment(of finding: Finding, by rule: GovernanceRule, tags: [String: String], now: Date)
        -> GovernanceAssignment?
    {
        guard let owner = rule.resolveOwner(tags: tags) else { return nil }
        return GovernanceAssignment(finding: finding, ruleID: rule.id, owner: owner, dueDate: rule.dueDate(for: finding),
                                    gracePeriod: rule.gracePeriod, assignedAt: now)
    }
}
