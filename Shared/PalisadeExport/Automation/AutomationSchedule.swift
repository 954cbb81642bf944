import Foundation
import PalisadeSchedule

/// When a scheduled rule (`on: [schedule]`) is due, by its `every:` or `cron:` cadence.
public enum AutomationSchedule {
    /// The next run after the one that started at `lastRun`; for a rule that never ran, the first after it was first
    /// seen (`every` at once, cron at its next matching minute, UTC). Nil for a rule that is not scheduled or is
    /// disabled.
    public static func due(_ rule: AutomationRule, lastRun: Date?, firstSeen: Date) -> Date? {
        guard rule.enabled, rule.isScheduled, let cadence = rule.trigger.schedule else { return nil }
        return cadence.due(lastStart: lastRun, firstSeen: firstSeen)
    }
}
