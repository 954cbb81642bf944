import Foundation
import PalisadeModel

/// The secure score under grace periods: a finding whose assignment is in grace does not count against the score
/// until it is overdue.
///
/// Per control, a resource whose failing findings in that control are all in grace moves from unhealthy to healthy
/// (one or more failing findings not in grace keep it unhealthy):
///
///     healthy'   = healthy   + g
///     unhealthy' = unhealthy - g
///     g = #{ resource r : every open failing finding of r in the control is in grace }   (at most `unhealthy`)
///
/// `notEvaluated` is unchanged.
public enum GovernanceGrace {
    /// One open failing finding, as the score sees it.
    public struct FailingFinding: Codable, Sendable, Hashable {
        public var controlID: String
        public var resourceID: String
        /// Its assignment is in grace (`GovernanceClock.inGrace`); false when it has no assignment.
        public var inGrace: Bool

        public init(controlID: String, resourceID: String, inGrace: Bool) {
            self.controlID = controlID
            self.resourceID = resourceID
            self.inGrace = inGrace
        }
    }

    /// `tallies` with grace applied. `openFailing` must list every failing finding behind the tallies' unhealthy
    /// counts (those without an assignment with `inGrace: false`); controls without an entry are unchanged.
    public static func adjust(tallies: [ControlTally], openFailing: [FailingFinding]) -> [ControlTally] {
        var allInGrace: [String: [String: Bool]] = [:]   // control -> resource -> every finding in grace
        for f in openFailing {
            let sofar = allInGrace[f.controlID]?[f.resourceID] ?? true
            allInGrace[f.controlID, default: [:]][f.resourceID] = sofar && f.inGrace
        }
        return tallies.map { tally in
            guard let resources = allInGrace[tally.controlID] else { return tally }
            let moved = min(resources.values.filter { $0 }.count, tally.unhealthy)
            var t = tally
            t.unhealthy -= moved
            t.healthy += moved
            return t
        }
    }

    /// The entries for `adjust` from the failing findings and their assignments (keyed by finding id) at `now`.
    public static func failingFindings(_ findings: [Finding], assignments: [String: GovernanceAssignment], now: Date)
        -> [FailingFinding]
    {
        findings.filter(GovernancePlanner.isFailing).map { f in
            let grace = assignments[f.id].map { $0.findingID == f.id && GovernanceClock.inGrace($0, now: now) } ?? false
            return FailingFinding(controlID: f.controlID, resourceID: f.resourceID, inGrace: grace)
        }
    }
}
