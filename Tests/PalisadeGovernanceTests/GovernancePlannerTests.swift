import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernancePlannerTests {
    let byTag = rule("prod", priority: 10, owner: .fromTag(key: "owner", fallback: "secops@example.com"), days: 30,
                     grace: true)

    func decide(_ f: Finding, tags: [String: String] = [:], rules: [GovernanceRule]? = nil,
                current: GovernanceAssignment? = nil, now: Date = day(1)) -> GovernanceDecision {
        GovernancePlanner.decide(finding: f, tags: tags, rules: rules ?? [byTag], current: current, now: now)
    }

    func assigned(_ d: GovernanceDecision) -> GovernanceAssignment? {
        if case let .assign(a) = d { return a }
        return nil
    }

    @Test func aNewFailingFindingIsAssignedDueFirstSeenPlusTheRulesDays() throws {
        let f = finding(firstSeen: day(0))
        let a = try #require(assigned(decide(f, tags: ["owner": "alice@example.com"], now: day(2))))
        #expect(a.findingID == f.id && a.ruleID == "prod" && a.owner == "alice@example.com")
        #expect(a.dueDate == day(30) && a.assignedAt == day(2) && a.state == .open && a.completedAt == nil)
        #expect(a.gracePeriod)
        #expect(a.account == f.account && a.checkID == f.checkID && a.controlID == f.controlID)
        #expect(a.resourceID == f.resourceID && a.severity == f.severity)
    }

    @Test func theOwnerIsTheTagTheFallbackOrTheFixedAddress() throws {
        #expect(assigned(decide(finding(), tags: ["owner": "alice@example.com"]))?.owner == "alice@example.com")
        #expect(assigned(decide(finding(), tags: ["team": "x"]))?.owner == "secops@example.com")
        let fixed = rule("fixed", priority: 1, owner: .email(address: "team@example.com"))
        #expect(assigned(decide(finding(), tags: ["owner": "alice@example.com"], rules: [fixed]))?.owner
                == "team@example.com")
        let noFallback = rule("nf", priority: 1, owner: .fromTag(key: "owner", fallback: nil))
        #expect(decide(finding(), tags: [:], rules: [noFallback]) == .none, "no tag, no fallback: stays unassigned")
    }

    @Test func aFindingNoRuleMatchesStaysUnassigned() {
        let critical = rule("critical", priority: 1, target: .init(severities: [.critical]))
        #expect(decide(finding(severity: .low), rules: [critical]) == .none)
        #expect(decide(finding(status: .pass), rules: [critical]) == .none)
    }

    @Test func onlyUnassignedKeepsAnExistingAssignment() throws {
        let first = try #require(assigned(decide(finding(), rules: [rule("old", priority: 50)])))
        let newer = rule("newer", priority: 1, owner: .email(address: "other@example.com"), mode: .onlyUnassigned)
        #expect(decide(finding(lifecycle: .persisting), rules: [newer], current: first, now: day(3)) == .none)
    }

    @Test func overwriteReplacesAnotherRulesOrAManualAssignment() throws {
        let f = finding(lifecycle: .persisting)
        let old = try #require(assigned(decide(finding(), rules: [rule("old", priority: 50)])))
        let over = rule("over", priority: 1, owner: .email(address: "other@example.com"), days: 7, mode: .overwrite)
        let d = decide(f, rules: [over], current: old, now: day(3))
        guard case let .reassign(was, new) = d else { Issue.record("\(d)"); return }
        #expect(was == old)
        #expect(new.ruleID == "over" && new.owner == "other@example.com" && new.dueDate == day(7))
        #expect(new.assignedAt == day(3) && new.state == .open)
        // It does not replace its own assignment again.
        #expect(decide(f, rules: [over], current: new, now: day(4)) == .none)
        // A manual assignment is replaced by an overwrite rule only.
        let manual = try GovernancePlanner.assign(f, owner: "bob@example.com", due: day(60), now: day(1))
        #expect(decide(f, rules: [rule("keep", priority: 1)], current: manual) == .none)
        guard case .reassign(manual, _) = decide(f, rules: [over], current: manual) else {
            Issue.record("manual assignment kept under an overwrite rule"); return
        }
    }

    @Test(arguments: [
        (FindingStatus.pass, FindingLifecycle.resolved),
        (.notApplicable, .resolved),
        (.muted, .persisting),
        (.fail, .resolved),
    ])
    func aFindingThatStopsFailingCompletesItsAssignment(status: FindingStatus, lifecycle: FindingLifecycle) throws {
        let open = try #require(assigned(decide(finding())))
        let onTime = decide(finding(status: status, lifecycle: lifecycle), current: open, now: day(30))
        #expect(onTime == .complete(open.completed(at: day(30)), onTime: true), "the due instant is still on time")
        let late = decide(finding(status: status, lifecycle: lifecycle), current: open, now: day(31))
        guard case let .complete(done, onTime: false) = late else { Issue.record("\(late)"); return }
        #expect(done.state == .completed && done.completedAt == day(31) && done.completedOnTime == false)
        // Nothing to complete when there is no open assignment.
        #expect(decide(finding(status: status, lifecycle: lifecycle), current: done, now: day(32)) == .none)
    }

    @Test func anErrorIsNeitherFailingNorFixed() throws {
        let open = try #require(assigned(decide(finding())))
        #expect(decide(finding(status: .error, lifecycle: .persisting), current: open) == .none)
        #expect(decide(finding(status: .error)) == .none)
    }

    @Test func aReopenedFindingGetsANewAssignmentDueFromTheReopening() throws {
        let open = try #require(assigned(decide(finding(firstSeen: day(0)))))
        let done = open.completed(at: day(10))
        let reopened = finding(lifecycle: .reopened, firstSeen: day(0), lastSeen: day(40))
        let again = try #require(assigned(decide(reopened, current: done, now: day(40))))
        #expect(again.state == .open && again.assignedAt == day(40))
        #expect(again.dueDate == day(70), "firstSeen survives a resolution, so the new window starts at the reopening")
    }

    @Test func deletingARuleLeavesItsAssignmentsAlone() throws {
        let open = try #require(assigned(decide(finding())))
        #expect(decide(finding(lifecycle: .persisting), rules: [], current: open, now: day(5)) == .none)
        #expect(decide(finding(status: .pass, lifecycle: .resolved), rules: [], current: open, now: day(5))
                == .complete(open.completed(at: day(5)), onTime: true), "it still completes when fixed")
    }

    @Test func manualAssignValidatesOwnerDueAndFinding() throws {
        let a = try GovernancePlanner.assign(finding(), owner: " bob@example.com ", due: day(14), gracePeriod: true,
                                             now: day(1))
        #expect(a.ruleID == nil && a.owner == "bob@example.com" && a.dueDate == day(14) && a.gracePeriod)
        #expect(throws: GovernanceInputError.self) { try GovernancePlanner.assign(finding(), owner: " ", due: day(14), now: day(1)) }
        do { _ = try GovernancePlanner.assign(finding(), owner: "bob", due: day(0), now: day(1)); Issue.record("accepted") } catch {
            #expect(error.code == .dueInPast && error.message.contains("in the past"))
        }
        do { _ = try GovernancePlanner.assign(finding(), owner: "", due: day(5), now: day(1)); Issue.record("accepted") } catch {
            #expect(error.code == .emptyOwner && error.message.contains("owner is empty"))
        }
        do { _ = try GovernancePlanner.assign(finding(status: .pass), owner: "bob", due: day(5), now: day(1)); Issue.record("accepted") } catch {
            #expect(error.code == .notAssignable && error.message.contains("not failing"))
        }
    }

    @Test func manualReassignChangesOwnerOrDueAndBecomesManual() throws {
        let open = try #require(assigned(decide(finding())))
        let moved = try GovernancePlanner.reassign(open, owner: "carol@example.com", now: day(2))
        #expect(moved.owner == "carol@example.com" && moved.dueDate == open.dueDate && moved.ruleID == nil)
        #expect(moved.assignedAt == day(2) && moved.gracePeriod == open.gracePeriod && moved.findingID == open.findingID)
        let later = try GovernancePlanner.reassign(open, due: day(45), now: day(2))
        #expect(later.owner == open.owner && later.dueDate == day(45))
        do { _ = try GovernancePlanner.reassign(open, due: day(1), now: day(2)); Issue.record("accepted") } catch {
            #expect(error.code == .dueInPast)
        }
        do { _ = try GovernancePlanner.reassign(open, owner: "\n", now: day(2)); Issue.record("accepted") } catch {
            #expect(error.code == .emptyOwner)
        }
        do { _ = try GovernancePlanner.reassign(open, now: day(2)); Issue.record("accepted") } catch {
            #expect(error.code == .noChange)
        }
        do { _ = try GovernancePlanner.reassign(open.completed(at: day(3)), owner: "x", now: day(4)); Issue.record("accepted") } catch {
            #expect(error.code == .notAssignable && error.message.contains("completed"))
        }
    }

    @Test func decisionsAndAssignmentsRoundTripThroughJSON() throws {
        let open = try #require(assigned(decide(finding())))
        let d = GovernanceDecision.reassign(old: open, new: open.completed(at: day(3)))
        let data = try JSONEncoder().encode(d)
        #expect(try JSONDecoder().decode(GovernanceDecision.self, from: data) == d)
    }
}
