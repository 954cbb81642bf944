import Foundation

/// What the scheduler remembers of one schedule (kept in scheduler.sqlite across restarts).
public struct ScheduleState: Codable, Sendable, Hashable {
    public var name: String
    /// When this schedule first appeared in the config: an `every` schedule runs at once, a cron one at its next minute.
    public var firstSeenAt: Date
    /// The start of the latest run (successful or not): the next run is due one interval / cron slot after it.
    public var lastStartedAt: Date?
    /// The scan in flight, if any.
    public var running: RunningScan?
    /// Runs finished (either way).
    public var runs: Int
    public var lastRun: RunRecord?
    /// A start that failed for a passing reason (the connector was not up yet) is tried again at this time.
    public var retryNotBefore: Date?
    /// `palisade schedule run NAME`: due now, whatever the cadence says.
    public var requestedAt: Date?

    public init(name: String, firstSeenAt: Date) {
        self.name = name
        self.firstSeenAt = firstSeenAt
        runs = 0
    }
}

public struct RunningScan: Codable, Sendable, Hashable {
    /// nil while the start request is in flight.
    public var scanID: String?
    public var since: Date
    /// The run was due before the scheduler started: missed while the stack was down, run once at start-up.
    public var catchUp: Bool
    public var trigger: RunRecord.Trigger
    /// The schedule's `lastStartedAt` before this run: restored when the start is to be tried again.
    public var previousStart: Date?

    public init(scanID: String?, since: Date, catchUp: Bool, trigger: RunRecord.Trigger, previousStart: Date? = nil) {
        self.previousStart = previousStart
        self.scanID = scanID
        self.since = since
        self.catchUp = catchUp
        self.trigger = trigger
    }
}

/// How one run ended.
public struct RunRecord: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable { case succeeded, failed }
    public enum Trigger: String, Codable, Sendable {
        /// At its time.
        case schedule
        /// Missed while the stack was down; run once at start-up.
        case catchUp
        /// `palisade schedule run`.
        case manual
    }

    public var scanID: String?
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: Outcome
    /// What the scan found (resources, findings) or why it failed.
    public var detail: String
    public var trigger: Trigger

    public init(scanID: String?, startedAt: Date, finishedAt: Date, outcome: Outcome, detail: String, trigger: Trigger) {
        self.scanID = scanID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.detail = detail
        self.trigger = trigger
    }
}
