import Foundation
import PalisadeModel
import PalisadeSchedule
import Testing

/// The scheduling decisions under a clock that moves only when the test says so.
@Suite struct SchedulePlannerTests {
    let t0 = Date(timeIntervalSince1970: 1_796_000_000)
    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    func every(_ name: String, _ seconds: Int, profile: String = "prod") -> ScanSchedule {
        ScanSchedule(name: name, cadence: .every(seconds: seconds), target: ScanTarget(profile: profile))
    }

    @Test func anIntervalScheduleRunsAtOnceThenOneIntervalAfterEachStart() {
        var p = SchedulePlanner(schedules: [every("prod", 3_600)], states: [], now: t0)
        _ = p.recover(now: t0)
        #expect(p.tick(now: t0).map(\.name) == ["prod"])
        _ = p.started("prod", scanID: "scan-1")
        #expect(p.tick(now: at(10)).isEmpty, "a running schedule does not start again")
        _ = p.finished("prod", scanID: "scan-1", outcome: .succeeded, detail: "34 resources", now: at(600))
        #expect(p.nextRun("prod") == at(3_600))
        #expect(p.tick(now: at(3_599)).isEmpty)
        #expect(p.tick(now: at(3_600)).map(\.name) == ["prod"])
        #expect(p.states["prod"]?.runs == 1)
        #expect(p.states["prod"]?.lastRun?.detail == "34 resources")
        #expect(p.states["prod"]?.lastRun?.trigger == .schedule)
    }

    @Test func scansOfTheSameTargetNeverOverlap() {
        let a = every("hourly", 3_600), b = every("nightly", 86_400)
        var p = SchedulePlanner(schedules: [a, b, every("other-account", 3_600, profile: "dev")], states: [], now: t0)
        let first = p.tick(now: t0).map(\.name)
        #expect(first == ["hourly", "other-account"], "the second schedule of the same target waits")
        _ = p.started("hourly", scanID: "s1")
        #expect(p.tick(now: at(60)).isEmpty)
        _ = p.finished("hourly", scanID: "s1", outcome: .succeeded, detail: "", now: at(120))
        #expect(p.tick(now: at(121)).map(\.name) == ["nightly"])
    }

    @Test func aScanLongerThanItsIntervalIsFollowedByOneRunNotACatchUpOfEachSlot() {
        var p = SchedulePlanner(schedules: [every("prod", 60)], states: [], now: t0)
        _ = p.tick(now: t0)
        _ = p.started("prod", scanID: "s1")
        for minute in 1...5 { #expect(p.tick(now: at(Double(minute) * 60)).isEmpty) }
        _ = p.finished("prod", scanID: "s1", outcome: .succeeded, detail: "", now: at(330))
        #expect(p.tick(now: at(331)).count == 1)
        _ = p.started("prod", scanID: "s2")
        _ = p.finished("prod", scanID: "s2", outcome: .succeeded, detail: "", now: at(340))
        #expect(p.tick(now: at(341)).isEmpty, "the next run is an interval after the last start, not the missed slots")
        #expect(p.nextRun("prod") == at(391))
    }

    @Test func runsMissedWhileDownRunOnceAtStartUp() {
        // Last run started at t0; the stack was down for five intervals.
        var state = ScheduleState(name: "prod", firstSeenAt: t0)
        state.lastStartedAt = t0
        state.runs = 1
        var p = SchedulePlanner(schedules: [every("prod", 3_600)], states: [state], now: at(5 * 3_600 + 17))
        _ = p.recover(now: at(5 * 3_600 + 17))
        let started = p.tick(now: at(5 * 3_600 + 17))
        #expect(started.map(\.name) == ["prod"])
        #expect(p.states["prod"]?.running?.trigger == .catchUp)
        _ = p.started("prod", scanID: "s")
        _ = p.finished("prod", scanID: "s", outcome: .succeeded, detail: "", now: at(5 * 3_600 + 100))
        #expect(p.states["prod"]?.lastRun?.trigger == .catchUp)
        #expect(p.tick(now: at(5 * 3_600 + 101)).isEmpty, "one catch-up run, not five")
        #expect(p.nextRun("prod") == at(6 * 3_600 + 17))
    }

    @Test func aCronScheduleRunsAtItsNextMinuteAndCatchesUpOnce() throws {
        let base = ISO8601DateFormatter().date(from: "2026-12-04T01:30:00Z")!
        let cron = ScanSchedule(name: "six", cadence: .cron(try CronExpression("0 */6 * * *")), target: ScanTarget())
        var p = SchedulePlanner(schedules: [cron], states: [], now: base)
        #expect(p.tick(now: base).isEmpty, "a new cron schedule waits for its minute")
        let six = ISO8601DateFormatter().date(from: "2026-12-04T06:00:00Z")!
        #expect(p.nextRun("six") == six)
        #expect(p.tick(now: six).count == 1)
        _ = p.started("six", scanID: "a")
        _ = p.finished("six", scanID: "a", outcome: .failed, detail: "no credentials", now: six.addingTimeInterval(5))
        // Down from 06:01 until two days later: one run at start-up.
        let later = six.addingTimeInterval(2 * 86_400 + 60)
        var q = SchedulePlanner(schedules: [cron], states: Array(p.states.values), now: later)
        #expect(q.tick(now: later).count == 1)
        #expect(q.states["six"]?.running?.trigger == .catchUp)
    }

    @Test func aStartRefusedForAPassingReasonIsRetriedSoonKeepingItsPlace() {
        var state = ScheduleState(name: "prod", firstSeenAt: t0)
        state.lastStartedAt = t0
        var p = SchedulePlanner(schedules: [every("prod", 600)], states: [state], now: at(1_000))
        #expect(p.tick(now: at(1_000)).count == 1)
        _ = p.startFailed("prod", reason: "bus.timeout", retryable: true, now: at(1_030))
        #expect(p.states["prod"]?.runs == 0, "not a run")
        #expect(p.tick(now: at(1_040)).isEmpty)
        #expect(p.nextRun("prod") == at(1_045))
        #expect(p.tick(now: at(1_045)).count == 1)
        #expect(p.states["prod"]?.running?.trigger == .catchUp, "still the run missed while down")
    }

    @Test func aStartRefusedOutrightIsThatRunsOutcome() {
        var p = SchedulePlanner(schedules: [every("prod", 600)], states: [], now: t0)
        _ = p.tick(now: t0)
        _ = p.startFailed("prod", reason: "connector.aws.scan.invalid: bad profile", retryable: false, now: at(1))
        #expect(p.states["prod"]?.lastRun?.outcome == .failed)
        #expect(p.states["prod"]?.lastRun?.detail.contains("bad profile") == true)
        #expect(p.nextRun("prod") == at(600))
    }

    @Test func aStartCutShortByARestartIsRecordedAsFailed() {
        var state = ScheduleState(name: "prod", firstSeenAt: t0)
        state.lastStartedAt = t0
        state.running = RunningScan(scanID: nil, since: t0, catchUp: false, trigger: .schedule)
        var p = SchedulePlanner(schedules: [every("prod", 600)], states: [state], now: at(5))
        let saved = p.recover(now: at(5))
        #expect(saved.first?.running == nil && saved.first?.lastRun?.outcome == .failed)
        #expect(p.nextRun("prod") == at(600))
    }

    @Test func aScanInFlightAcrossARestartIsStillWatchedAndNotStartedTwice() {
        var state = ScheduleState(name: "prod", firstSeenAt: t0)
        state.lastStartedAt = t0
        state.running = RunningScan(scanID: "s1", since: t0, catchUp: false, trigger: .schedule)
        var p = SchedulePlanner(schedules: [every("prod", 60)], states: [state], now: at(300))
        _ = p.recover(now: at(300))
        #expect(p.tick(now: at(300)).isEmpty)
        #expect(p.inFlight.map(\.scanID) == ["s1"])
        #expect(p.finished("prod", scanID: "other", outcome: .succeeded, detail: "", now: at(301)).isEmpty,
                "a stale scan id changes nothing")
    }

    @Test func reloadKeepsHistoryAndRunNowIsManual() {
        var p = SchedulePlanner(schedules: [every("prod", 3_600)], states: [], now: t0)
        _ = p.tick(now: t0)
        _ = p.started("prod", scanID: "s1")
        _ = p.finished("prod", scanID: "s1", outcome: .succeeded, detail: "", now: at(10))
        _ = p.replace([every("prod", 7_200), every("dev", 600, profile: "dev")], now: at(20))
        #expect(p.states["prod"]?.runs == 1)
        #expect(p.nextRun("prod") == at(7_200), "the new interval counts from the last start")
        #expect(p.tick(now: at(20)).map(\.name) == ["dev"])
        _ = p.started("dev", scanID: "d1")
        _ = p.request("prod", now: at(30))
        #expect(p.tick(now: at(30)).map(\.name) == ["prod"])
        #expect(p.states["prod"]?.running?.trigger == .manual)
        _ = p.started("prod", scanID: "s2")
        _ = p.replace([], now: at(40))
        #expect(p.inFlight.count == 2, "removed schedules' scans are still watched")
        #expect(p.tick(now: at(100_000)).isEmpty)
    }

    @Test func aDisabledScheduleNeverRuns() {
        var s = every("prod", 60)
        s.enabled = false
        var p = SchedulePlanner(schedules: [s], states: [], now: t0)
        #expect(p.tick(now: at(1_000)).isEmpty)
        #expect(p.nextRun("prod") == nil)
    }
}
