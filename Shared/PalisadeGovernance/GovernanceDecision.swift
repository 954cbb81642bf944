import Foundation
import PalisadeModel

/// What to do after a finding changed, as decided by `GovernancePlanner.decide`.
public enum GovernanceDecision: Codable, Sendable, Hashable {
    /// Store this new open assignment.
    case assign(GovernanceAssignment)
    /// Replace `old` (the open assignment passed in, unchanged) with the new open assignment `new`; a finding has
    /// at most one open assignment.
    case reassign(old: GovernanceAssignment, new: GovernanceAssignment)
    /// Store the completed assignment (state `completed`, `completedAt` = now); `onTime` = completed by its due date.
    case complete(GovernanceAssignment, onTime: Bool)
    /// Nothing changes.
    case none
}
