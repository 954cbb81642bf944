import Foundation
import PalisadeModel

/// Time-based views of assignments; `now` is a value, so callers (and tests) choose it.
///
/// An open assignment is overdue once `now` is past its due date: the due instant itself is the last moment it is on
/// time (and in grace).
public enum GovernanceClock {
    /// Open and past due at `now`.
    public static func isOverdue(_ assignment: GovernanceAssignment, now: Date) -> Bool {
        assignment.isOverdue(at: now)
    }

    /// Open, with a grace period, and not yet past due: the finding does not count against the secure score.
    public static func inGrace(_ assignment: GovernanceAssignment, now: Date) -> Bool {
        assignment.gracePeriod && assignment.isOpen && now <= assignment.dueDate
    }

    /// The open assignments that became overdue between the previous call's `now` (`last`) and this `now`: overdue
    /// now, and either not overdue at `last` or made after `last` (one assigned already past due). Calling with
    /// successive, touching windows reports each assignment exactly once; the shell persists `now` as the next `last`.
    public static func overdue(_ assignments: [GovernanceAssignment], since last: Date, now: Date)
        -> [GovernanceAssignment]
    {
        assignments.filter { a in
            guard isOverdue(a, now: now) else { return false }
            let existedAtLast = a.assignedAt <= last
            return !existedAtLast || !isOverdue(a, now: last)
        }
    }
}
