import Foundation
import PalisadeExport
import PalisadeSchedule
import Testing

@Suite struct AutomationScheduleTests {
    static func rule(_ cadence: Cadence, enabled: Bool = true) -> AutomationRule {
        AutomationRule(name: "weekly-owner-digest", enabled: enabled,
                       trigger: AutomationTrigger(events: [.schedule], schedule: cadence),
                       actions: [.email(to: [], subject: nil, digest: .governanceOwners)])
    }

    @Test func anIntervalRuleRunsAtOnceThenEveryInterval() {
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        let r = Self.rule(.every(seconds: 604_800))
        #expect(AutomationSchedule.due(r, lastRun: nil, firstSeen: seen) == seen)
        #expect(AutomationSchedule.due(r, lastRun: seen, firstSeen: seen) == seen.addingTimeInterval(604_800))
    }

    @Test func aCronRuleRunsAtItsNextMinute() throws {
        // 2023-11-14 22:13:20 UTC is a Tuesday; the next Monday 08:00 UTC is 2023-11-20.
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        let r = Self.rule(.cron(try CronExpression("0 8 * * 1")))
        #expect(AutomationSchedule.due(r, lastRun: nil, firstSeen: seen) == Date(timeIntervalSince1970: 1_700_467_200))
    }

    @Test func disabledOrEventRulesAreNeverDue() {
        let seen = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(AutomationSchedule.due(Self.rule(.every(seconds: 60), enabled: false), lastRun: nil, firstSeen: seen) == nil)
        let event = AutomationRule(name: "e", trigger: AutomationTrigger(events: [.findingNew]), actions: [.remediationPlan])
        #expect(AutomationSchedule.due(event, lastRun: nil, firstSeen: seen) == nil)
    }
}
