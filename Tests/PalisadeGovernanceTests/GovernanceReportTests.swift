import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernanceReportTests {
    func a(_ resource: String, owner: String, rule: String?, due: Double, completed: Double? = nil)
        -> GovernanceAssignment
    {
        let open = GovernanceAssignment(finding: finding(resource: resource), ruleID: rule, owner: owner,
                                        dueDate: day(due), gracePeriod: false, assignedAt: day(0))
        return completed.map { open.completed(at: day($0)) } ?? open
    }

    @Test func countsPerOwnerAndPerRuleOnASmallEstate() throws {
        let assignments = [
            a("1", owner: "alice@example.com", rule: "prod", due: 10, completed: 8),    // on time
            a("2", owner: "alice@example.com", rule: "prod", due: 10, completed: 12),   // late
            a("3", owner: "alice@example.com", rule: "prod", due: 30),                  // open on time
            a("4", owner: "bob@example.com", rule: "prod", due: 15),                    // overdue
            a("5", owner: "bob@example.com", rule: nil, due: 40),                       // manual, open on time
            a("6", owner: "bob@example.com", rule: "catch-all", due: 20, completed: 20), // on time (due instant)
        ]
        let unassigned = [finding(resource: "7"), finding(resource: "8"), finding(resource: "8"),
                          finding(resource: "9", status: .pass)]
        let r = GovernanceReport.build(assignments: assignments, unassignedFailing: unassigned, now: day(20))
        #expect(r.generatedAt == day(20))
        #expect(r.byOwner == [
            .init(key: "alice@example.com", completedOnTime: 1, completedLate: 1, openOnTime: 1, overdue: 0),
            .init(key: "bob@example.com", completedOnTime: 1, completedLate: 0, openOnTime: 1, overdue: 1),
        ])
        #expect(r.byRule == [
            .init(key: "catch-all", completedOnTime: 1),
            .init(key: "prod", completedOnTime: 1, completedLate: 1, openOnTime: 1, overdue: 1),
            .init(key: GovernanceReport.manualRule, openOnTime: 1),
        ])
        #expect(r.totals == .init(key: "total", completedOnTime: 2, completedLate: 1, openOnTime: 2, overdue: 1,
                                  unassigned: 2), "repeated and passing findings are not unassigned")
        #expect(r.totals.completed == 3 && r.totals.open == 3)
        let json = try JSONEncoder().encode(r)
        #expect(try JSONDecoder().decode(GovernanceReport.self, from: json) == r)
    }
}
