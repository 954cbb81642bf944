import Foundation
import PalisadeModel

extension GovernancePlanner {
    /// Assigns `finding` by hand (`ruleID` nil): only an `overwrite` rule replaces it later. Store the result in place
    /// of the finding's current assignment, if any.
    public static func assign(_ finding: Finding, owner: String, due: Date, gracePeriod: Bool = false, now: Date)
        throws(GovernanceInputError) -> GovernanceAssignment
    {
        guard isFailing(finding) else {
            throw GovernanceInputError(code: .notAssignable,
                                       message: "finding \(finding.id) is \(finding.status.rawValue), not failing; "
                                           + "only failing findings are assigned")
        }
        let owner = try validOwner(owner)
        try validDue(due, now: now)
        return GovernanceAssignment(finding: finding, ruleID: nil, owner: owner, dueDate: due, gracePeriod: gracePeriod,
                                    assignedAt: now)
    }

    /// Changes the owner and/or due date of an open assignment by hand; the result is a manual assignment
    /// (`ruleID` nil, `assignedAt` now) that keeps the grace setting. Store it in place of `assignment`.
    public static func reassign(_ assignment: GovernanceAssignment, owner: String? = nil, due: Date? = nil, now: Date)
        throws(GovernanceInputError) -> GovernanceAssignment
    {
        guard assignment.isOpen else {
            throw GovernanceInputError(code: .notAssignable,
                                       message: "the assignment of \(assignment.findingID) is completed; "
                                           + "only open assignments can be reassigned")
        }
        guard owner != nil || due != nil else {
            throw GovernanceInputError(code: .noChange, message: "give a new owner, a new due date, or both")
        }
        var next = assignment
        if let owner { next.owner = try validOwner(owner) }
        if let due {
            try validDue(due, now: now)
            next.dueDate = due
        }
        next.ruleID = nil
        next.assignedAt = now
        return next
    }

    /// Ends an open assignment from outside (its ticket was closed): completed now, on time if by its due date.
    public static func complete(_ assignment: GovernanceAssignment, now: Date) throws(GovernanceInputError)
        -> GovernanceDecision
    {
        guard assignment.isOpen else {
            throw GovernanceInputError(code: .notAssignable,
                                       message: "the assignment of \(assignment.findingID) is already completed")
        }
        var done = assignment
        done.state = .completed
        done.completedAt = now
        return .complete(done, onTime: now <= assignment.dueDate)
    }

    static func validOwner(_ owner: String) throws(GovernanceInputError) -> String {
        let trimmed = owner.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw GovernanceInputError(code: .emptyOwner, message: "the owner is empty; give an email address or a team name")
        }
        return trimmed
    }

    static func validDue(_ due: Date, now: Date) throws(GovernanceInputError) {
        guard due >= now else {
            throw GovernanceInputError(code: .dueInPast,
                                       message: "the due date \(due.formatted(.iso8601)) is in the past (now is "
                                           + "\(now.formatted(.iso8601))); give a date from now on")
        }
    }
}
