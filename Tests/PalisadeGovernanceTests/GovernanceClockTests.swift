import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernanceClockTests {
    func open(_ resource: String, due: Date, assignedAt: Date = day(0), grace: Bool = true) -> GovernanceAssignment {
        GovernanceAssignment(finding: finding(resource: resource), ruleID: "r", owner: "o@example.com", dueDate: due,
                             gracePeriod: grace, assignedAt: assignedAt)
    }

    @Test func eachAssignmentIsReportedOverdueExactlyOnceAcrossSuccessiveCalls() {
        let a = open("a", due: day(5))
        let b = open("b", due: day(10))
        let c = open("c", due: day(7)).completed(at: day(6))
        let all = [a, b, c]
        // Ticks at days 0, 3, 5, 6, 12, 20: each window starts where the previous ended.
        let ticks = [day(0), day(3), day(5), day(6), day(12), day(20)]
        var events: [[String]] = []
        for (last, now) in zip(ticks, ticks.dropFirst()) {
            events.append(GovernanceClock.overdue(all, since: last, now: now).map(\.resourceID))
        }
        #expect(events == [[], [], ["a"], ["b"], []], "the due instant itself is on time; completed never fires")
    }

    @Test func anAssignmentMadeAlreadyPastDueFiresOnceToo() {
        let late = open("late", due: day(2), assignedAt: day(4))
        #expect(GovernanceClock.overdue([late], since: day(3), now: day(5)).count == 1)
        #expect(GovernanceClock.overdue([late], since: day(5), now: day(6)).isEmpty)
    }

    @Test func graceHoldsWhileOpenUntilTheDueInstant() {
        let a = open("a", due: day(5))
        #expect(GovernanceClock.inGrace(a, now: day(5)))
        #expect(!GovernanceClock.inGrace(a, now: day(5.01)))
        #expect(!GovernanceClock.inGrace(open("n", due: day(5), grace: false), now: day(1)))
        #expect(!GovernanceClock.inGrace(a.completed(at: day(1)), now: day(2)))
        #expect(!GovernanceClock.isOverdue(a, now: day(5)) && GovernanceClock.isOverdue(a, now: day(6)))
    }
}
