import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernanceGraceTests {
    typealias F = GovernanceGrace.FailingFinding
    let tally = ControlTally(controlID: "data-protection", healthy: 5, unhealthy: 3, notEvaluated: 1)

    @Test func aResourceWithOneFindingOutOfGraceStaysUnhealthy() {
        let out = GovernanceGrace.adjust(tallies: [tally], openFailing: [
            F(controlID: "data-protection", resourceID: "bucket-a", inGrace: true),
            F(controlID: "data-protection", resourceID: "bucket-a", inGrace: false),
        ])
        #expect(out == [tally])
    }

    @Test func aResourceWhoseFailingFindingsAreAllInGraceCountsHealthy() {
        let out = GovernanceGrace.adjust(tallies: [tally, ControlTally(controlID: "identity", unhealthy: 2)], openFailing: [
            F(controlID: "data-protection", resourceID: "bucket-a", inGrace: true),
            F(controlID: "data-protection", resourceID: "bucket-a", inGrace: true),
            F(controlID: "data-protection", resourceID: "bucket-b", inGrace: true),
            F(controlID: "data-protection", resourceID: "bucket-c", inGrace: false),
            // In grace in another control: does not help bucket-c here.
            F(controlID: "identity", resourceID: "bucket-c", inGrace: true),
            F(controlID: "identity", resourceID: "role-1", inGrace: false),
        ])
        #expect(out == [ControlTally(controlID: "data-protection", healthy: 7, unhealthy: 1, notEvaluated: 1),
                        ControlTally(controlID: "identity", healthy: 1, unhealthy: 1)])
    }

    @Test func anOverdueGraceAssignmentNoLongerMovesTheResource() {
        let f = finding(resource: "bucket-a")
        let a = GovernanceAssignment(finding: f, ruleID: "prod", owner: "o@example.com", dueDate: day(30),
                                     gracePeriod: true, assignedAt: day(0))
        let inGrace = GovernanceGrace.failingFindings([f], assignments: [f.id: a], now: day(30))
        #expect(inGrace == [F(controlID: f.controlID, resourceID: "bucket-a", inGrace: true)])
        let t = ControlTally(controlID: f.controlID, healthy: 0, unhealthy: 1)
        #expect(GovernanceGrace.adjust(tallies: [t], openFailing: inGrace) == [ControlTally(controlID: f.controlID, healthy: 1)])
        let overdue = GovernanceGrace.failingFindings([f], assignments: [f.id: a], now: day(31))
        #expect(GovernanceGrace.adjust(tallies: [t], openFailing: overdue) == [t])
        let unassigned = GovernanceGrace.failingFindings([f], assignments: [:], now: day(1))
        #expect(GovernanceGrace.adjust(tallies: [t], openFailing: unassigned) == [t])
    }
}
