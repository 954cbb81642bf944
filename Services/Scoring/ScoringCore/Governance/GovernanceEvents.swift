import Foundation
import GRDB
import PalisadeGovernance
import PalisadeModel
import PalisadeStore

/// What governance appends to scoring's event log, in the transaction that makes the change, for the export and
/// automation layer to deliver (the owner digest is built there).
public enum GovernanceEvents {
    /// payload `GovernanceChange`: a new open assignment (by a rule or by hand).
    public static let assigned = "governance.assigned"
    /// payload `GovernanceChange` with `previous`: owner, due date or rule of an open assignment changed.
    public static let reassigned = "governance.reassigned"
    /// payload `GovernanceChange` with `onTime`: the finding stopped failing; its assignment is complete.
    public static let completed = "governance.completed"
    /// payload `GovernanceChange`: an open assignment passed its due date (once per assignment).
    public static let overdue = "governance.overdue"
}

public struct GovernanceChange: Codable, Sendable, Hashable {
    public var assignment: GovernanceAssignment
    public var previous: GovernanceAssignment?
    public var onTime: Bool?

    public init(assignment: GovernanceAssignment, previous: GovernanceAssignment? = nil, onTime: Bool? = nil) {
        self.assignment = assignment
        self.previous = previous
        self.onTime = onTime
    }
}

extension ScoringStore {
    /// Applies one planner decision inside a write transaction and logs it. Returns the account whose grace state
    /// may have changed (its latest score is then re-scored), or nil.
    @discardableResult
    func apply(_ db: Database, _ decision: GovernanceDecision, at now: Date) throws -> String? {
        switch decision {
        case .none:
            return nil
        case .assign(let a):
            try insert(db, a)
            try EventLog.append(db, type: GovernanceEvents.assigned, payload: GovernanceChange(assignment: a), at: now)
            return a.gracePeriod ? a.account : nil
        case .reassign(let old, let new):
            if let current = try openAssignment(db, findingID: old.findingID) {
                try update(db, id: current.id, new)
            } else {
                try insert(db, new)
            }
            try EventLog.append(db, type: GovernanceEvents.reassigned,
                                payload: GovernanceChange(assignment: new, previous: old), at: now)
            return old.gracePeriod || new.gracePeriod ? new.account : nil
        case .complete(let done, let onTime):
            if let current = try openAssignment(db, findingID: done.findingID) { try update(db, id: current.id, done) }
            try EventLog.append(db, type: GovernanceEvents.completed,
                                payload: GovernanceChange(assignment: done, onTime: onTime), at: now)
            return done.gracePeriod ? done.account : nil
        }
    }
}
