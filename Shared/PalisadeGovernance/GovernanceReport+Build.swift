import Foundation
import PalisadeModel

extension GovernanceReport {
    /// Counts `assignments` (a finding's latest assignment, open or completed) at `now`. `unassignedFailing` are the
    /// failing findings without an open assignment; non-failing ones and repeated ids are not counted.
    public static func build(assignments: [GovernanceAssignment], unassignedFailing: [Finding], now: Date)
        -> GovernanceReport
    {
        var owners: [String: Row] = [:]
        var rules: [String: Row] = [:]
        var totals = Row(key: "total")
        for a in assignments {
            owners[a.owner, default: Row(key: a.owner)].count(a, now: now)
            let rule = a.ruleID ?? manualRule
            rules[rule, default: Row(key: rule)].count(a, now: now)
            totals.count(a, now: now)
        }
        totals.unassigned = Set(unassignedFailing.filter(GovernancePlanner.isFailing).map(\.id)).count
        let byRule = rules.values.sorted { a, b in
            (a.key == manualRule ? 1 : 0, a.key) < (b.key == manualRule ? 1 : 0, b.key)
        }
        return GovernanceReport(generatedAt: now, byOwner: owners.values.sorted { $0.key < $1.key }, byRule: byRule,
                                totals: totals)
    }
}
