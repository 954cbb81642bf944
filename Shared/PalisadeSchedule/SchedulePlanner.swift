import Foundation
import PalisadeModel

/// The scheduling decisions, as a value: given the schedules, what happened so far and `now`, which scans start.
///
/// - A run is due one interval (or the next cron minute) after the previous run *started*; a schedule that never
///   ran is due when first seen (`every`) or at its next cron minute.
/// - Scans of the same target never overlap: a due run waits while another schedule's scan of that target runs.
/// - Runs missed while the stack was down are not replayed one by one: a due time before the scheduler started
///   starts one run at start-up (trigger `catchUp`), and the next is due a cadence after that run.
/// - A start refused for a passing reason (the connector not up yet) is tried again 15 s later.
/// Every mutating call returns the states it changed so the shell can persist exactly those.
public struct SchedulePlanner: Sendable {
    public private(set) var schedules: [ScanSchedule]
    public private(set) var states: [String: ScheduleState]
    /// When this scheduler process started: a run due before it was missed while the stack was down.
    public let startedAt: Date

    public static let retryDelay: TimeInterval = 15

    public init(schedules: [ScanSchedule], states: [ScheduleState], now: Date) {
        self.schedules = schedules
        self.startedAt = now
        self.states = Dictionary(states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for s in schedules where self.states[s.name] == nil {
            self.states[s.name] = ScheduleState(name: s.name, firstSeenAt: now)
        }
    }

    /// Run once right after `init`; returns every state, to persist. A start cut short by a stop of the scheduler
    /// (the request may or may not have reached the connector; no scan id came back) is recorded as failed.
    public mutating func recover(now: Date) -> [ScheduleState] {
        for name in states.keys {
            guard var s = states[name], let r = s.running, r.scanID == nil else { continue }
            s.running = nil
            s.runs += 1
            s.lastRun = RunRecord(scanID: nil, startedAt: r.since, finishedAt: now, outcome: .failed,
                                  detail: "the scheduler stopped while starting this scan", trigger: r.trigger)
            states[name] = s
        }
        return states.values.sorted { $0.name < $1.name }
    }

    public func schedule(named name: String) -> ScanSchedule? { schedules.first { $0.name == name } }

    /// When `name` runs next: nil while it runs, when it is disabled, or when its cron never matches again.
    public func nextRun(_ name: String) -> Date? {
        guard let sched = schedule(named: name), sched.enabled, let s = states[name], s.running == nil else { return nil }
        if let requested = s.requestedAt { return requested }
        guard let due = sched.cadence.due(lastStart: s.lastStartedAt, firstSeen: s.firstSeenAt) else { return nil }
        if let retry = s.retryNotBefore { return max(due, retry) }
        return due
    }

    /// The schedules whose run starts now, each marked as starting (the shell sends the start request).
    public mutating func tick(now: Date) -> [ScanSchedule] {
        var busy = Set(states.values.filter { $0.running != nil }.compactMap { s in schedule(named: s.name)?.target.key })
        let due = schedules.compactMap { sched -> (ScanSchedule, Date)? in
            guard let at = nextRun(sched.name), at <= now else { return nil }
            return (sched, at)
        }.sorted { ($0.1, $0.0.name) < ($1.1, $1.0.name) }
        var starting: [ScanSchedule] = []
        for (sched, at) in due where !busy.contains(sched.target.key) {
            guard var s = states[sched.name] else { continue }
            // The cadence's own due time (before any retry delay) says whether the run was missed while down.
            let slot = sched.cadence.due(lastStart: s.lastStartedAt, firstSeen: s.firstSeenAt) ?? at
            let trigger: RunRecord.Trigger = s.requestedAt != nil ? .manual : (slot < startedAt ? .catchUp : .schedule)
            s.running = RunningScan(scanID: nil, since: now, catchUp: trigger == .catchUp, trigger: trigger,
                                    previousStart: s.lastStartedAt)
            s.lastStartedAt = now
            s.requestedAt = nil
            s.retryNotBefore = nil
            states[sched.name] = s
            busy.insert(sched.target.key)
            starting.append(sched)
        }
        return starting
    }

    /// The connector accepted the start: the scan is in flight.
    public mutating func started(_ name: String, scanID: String) -> [ScheduleState] {
        guard var s = states[name], var r = s.running else { return [] }
        r.scanID = scanID
        s.running = r
        states[name] = s
        return [s]
    }

    /// The start request failed. `retryable` (no connector on the bus yet, a timeout): try again in 15 s, keeping
    /// the run's place; otherwise the run is recorded as failed and the schedule waits for its next time.
    public mutating func startFailed(_ name: String, reason: String, retryable: Bool, now: Date) -> [ScheduleState] {
        guard var s = states[name], let r = s.running else { return [] }
        s.running = nil
        if retryable {
            s.lastStartedAt = r.previousStart
            s.retryNotBefore = now.addingTimeInterval(Self.retryDelay)
            if r.trigger == .manual { s.requestedAt = r.since }
        } else {
            s.runs += 1
            s.lastRun = RunRecord(scanID: nil, startedAt: r.since, finishedAt: now, outcome: .failed, detail: reason,
                                  trigger: r.trigger)
        }
        states[name] = s
        return [s]
    }

    /// The scan ended (sealed, failed, or given up on after the schedule's timeout).
    public mutating func finished(_ name: String, scanID: String, outcome: RunRecord.Outcome, detail: String,
                                  now: Date) -> [ScheduleState] {
        guard var s = states[name], let r = s.running, r.scanID == scanID else { return [] }
        s.running = nil
        s.runs += 1
        s.lastRun = RunRecord(scanID: scanID, startedAt: r.since, finishedAt: now, outcome: outcome, detail: detail,
                              trigger: r.trigger)
        states[name] = s
        return [s]
    }

    /// Scans in flight, to be watched: (schedule, scan id, running since, timeout).
    public var inFlight: [(name: String, scanID: String, since: Date, timeoutSeconds: Int)] {
        states.values.sorted { $0.name < $1.name }.compactMap { s in
            guard let r = s.running, let id = r.scanID else { return nil }
            return (s.name, id, r.since, schedule(named: s.name)?.timeoutSeconds ?? ScanSchedule.defaultTimeoutSeconds)
        }
    }

    /// `palisade schedule run NAME`: due now (still never alongside a scan of the same target).
    public mutating func request(_ name: String, now: Date) -> [ScheduleState] {
        guard schedule(named: name) != nil, var s = states[name] else { return [] }
        s.requestedAt = now
        states[name] = s
        return [s]
    }

    /// A reloaded config: same-named schedules keep their history; new ones start fresh; a removed schedule's
    /// state is kept (its scan in flight is still watched) but it runs no more.
    public mutating func replace(_ newSchedules: [ScanSchedule], now: Date) -> [ScheduleState] {
        schedules = newSchedules
        var changed: [ScheduleState] = []
        for s in newSchedules where states[s.name] == nil {
            let st = ScheduleState(name: s.name, firstSeenAt: now)
            states[s.name] = st
            changed.append(st)
        }
        return changed
    }
}
