import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import SupervisorCore

@Suite struct StateMachineRestartTests {
    @Test func configLoadedSpawnsEveryProcessInStartOrder() {
        var h = Harness()
        let actions = h.send(.configLoaded)
        #expect(actions.spawns == ["gateway", "assessor", "graph", "tools"])
        #expect(h.phase("graph") == .starting)
        #expect(h.send(.configLoaded).isEmpty, "a second configLoaded starts nothing twice")
    }

    @Test func spawnedProcessIsRunningWithItsPid() {
        var h = Harness()
        let pids = h.startAll()
        #expect(h.phase("assessor") == .running(pid: pids["assessor"]!, since: .zero))
        let status = h.machine.status(supervisorPID: 1)
        #expect(status.processes.map(\.state) == ["running", "running", "running", "running"])
        #expect(status.processes.map(\.pid) == ["gateway", "assessor", "graph", "tools"].map { pids[$0] })
    }

    /// An instantly crashing process restarts after 0.5, 1, 2, 4, 8, 16, 30, 30 s.
    @Test func backoffDoublesFromHalfASecondToThirtySeconds() {
        var policy = RestartPolicy.standard
        policy.crashLoopRestarts = 100
        var h = Harness(Harness.config(restart: policy))
        h.startAll()
        var delays: [Double] = []
        for restart in 1...8 {
            let actions = h.exit("graph")
            guard let (timer, at) = actions.schedules.first else { Issue.record("no restart scheduled"); return }
            #expect(timer == .tick)
            delays.append((at - h.now).seconds)
            #expect(h.machine.status(supervisorPID: 1).processes[2].state == "backoff")
            h.advance(to: at - .milliseconds(1))
            #expect(h.send(.tick(now: h.now)).spawns.isEmpty, "no restart before the backoff ran out")
            h.advance(to: at)
            #expect(h.send(.tick(now: h.now)).spawns == ["graph"])
            _ = h.reportSpawned("graph")
            #expect(h.machine.process("graph")?.restarts == restart)
        }
        #expect(delays == [0.5, 1, 2, 4, 8, 16, 30, 30])
    }

    @Test func backoffResetsAfterSixtySecondsUp() {
        var policy = RestartPolicy.standard
        policy.crashLoopRestarts = 100
        var h = Harness(Harness.config(restart: policy))
        h.startAll()
        for _ in 1...4 {  // 0.5, 1, 2, 4 → next would be 8
            let at = h.exit("graph").schedules[0].1
            h.advance(to: at)
            _ = h.send(.tick(now: h.now))
            _ = h.reportSpawned("graph")
        }
        h.advance(to: h.now + .seconds(59))
        #expect(h.exit("graph").schedules[0].1 - h.now == .seconds(8), "59 s up is not stable yet")
        h.advance(to: h.now + .seconds(8))
        _ = h.send(.tick(now: h.now))
        _ = h.reportSpawned("graph")
        h.advance(to: h.now + .seconds(60))
        #expect(h.exit("graph").schedules[0].1 - h.now == .milliseconds(500), "60 s up resets the backoff")
    }

    /// More than 5 restarts within 60 s → crashLooping, a loud log, and a 60 s pause.
    @Test func crashLoopBudgetPausesSixtySeconds() {
        var h = Harness()
        h.startAll()
        for _ in 1...5 {
            let actions = h.exit("assessor")
            #expect(actions.logs.allSatisfy { $0.level != .critical })
            h.advance(to: actions.schedules[0].1)
            #expect(h.send(.tick(now: h.now)).spawns == ["assessor"])
            _ = h.reportSpawned("assessor")
        }
        // 5 restarts at 0.5, 1.5, 3.5, 7.5, 15.5 s; the 6th would be within the same minute.
        let actions = h.exit("assessor")
        #expect(h.phase("assessor") == .crashLooping(until: h.now + .seconds(60)))
        #expect(actions.schedules.map(\.1) == [h.now + .seconds(60)])
        #expect(actions.logs.contains { $0.level == .critical && $0.message.contains("CRASH LOOP") })
        #expect(h.machine.status(supervisorPID: 1).processes[1].state == "crashLooping")
        h.advance(to: h.now + .seconds(59))
        #expect(h.send(.tick(now: h.now)).spawns.isEmpty)
        h.advance(to: h.now + .seconds(1))
        #expect(h.send(.tick(now: h.now)).spawns == ["assessor"])
        #expect(h.machine.process("assessor")?.restarts == 6)
    }

    @Test func restartsSpreadOverMoreThanAMinuteDoNotCrashLoop() {
        var h = Harness()
        h.startAll()
        for _ in 1...10 {
            h.advance(to: h.now + .seconds(61))
            let actions = h.exit("graph")
            #expect(h.phase("graph") == .backoff(until: h.now + .milliseconds(500)))
            h.advance(to: actions.schedules[0].1)
            #expect(h.send(.tick(now: h.now)).spawns == ["graph"])
            _ = h.reportSpawned("graph")
        }
    }

    @Test func spawnFailureIsRetriedWithBackoffAndReported() {
        var h = Harness()
        _ = h.send(.configLoaded)
        let actions = h.send(.spawnFailed(name: "tools", reason: "exec of /x failed: No such file", now: h.now))
        #expect(actions.schedules.map(\.1) == [.milliseconds(500)])
        let tools = h.machine.status(supervisorPID: 1).processes[3]
        #expect(tools.state == "backoff")
        #expect(tools.lastExit == "could not start: exec of /x failed: No such file")
    }

    @Test func exitOfAnOldPidIsIgnored() {
        var h = Harness()
        let pids = h.startAll()
        let actions = h.send(.exited(name: "graph", pid: pids["graph"]! + 999, status: .exited(0), now: h.now))
        #expect(actions.schedules.isEmpty)
        #expect(h.phase("graph") == .running(pid: pids["graph"]!, since: .zero))
    }

    @Test func lastExitDescribesSignals() {
        var h = Harness()
        h.startAll()
        _ = h.exit("graph", .signaled(11))
        #expect(h.machine.status(supervisorPID: 1).processes[2].lastExit == "killed by signal 11 (SIGSEGV)")
    }
}
