import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import SupervisorCore

@Suite struct StateMachineShutdownTests {
    @Test func sigtermInReverseStartOrderThenExitZeroWhenAllStopped() {
        var h = Harness()
        let pids = h.startAll()
        h.advance(to: .seconds(5))
        let actions = h.send(.shutdownRequested(now: h.now))
        #expect(actions.signals.map(\.pid) == ["tools", "graph", "assessor", "gateway"].map { pids[$0]! })
        #expect(actions.signals.allSatisfy { $0.signal == .terminate })
        #expect(actions.schedules.map(\.0) == [.shutdownTimeout])
        #expect(actions.schedules.map(\.1) == [.seconds(15)])
        #expect(h.machine.status(supervisorPID: 1).processes.allSatisfy { $0.state == "stopping" })
        for name in ["tools", "graph", "assessor"] {
            let a = h.send(.exited(name: name, pid: pids[name]!, status: .signaled(15), now: h.now))
            #expect(a.exitCode == nil && a.spawns.isEmpty, "no restart while shutting down")
        }
        let last = h.send(.exited(name: "gateway", pid: pids["gateway"]!, status: .exited(0), now: h.now))
        #expect(last.exitCode == 0)
        #expect(h.machine.status(supervisorPID: 1).processes.allSatisfy { $0.state == "stopped" })
        #expect(h.send(.shutdownTimeout).isEmpty, "a late timeout after exit does nothing")
    }

    @Test func stragglersGetSigkillAfterTheTimeout() {
        var h = Harness()
        let pids = h.startAll()
        _ = h.send(.shutdownRequested(now: h.now))
        _ = h.send(.exited(name: "tools", pid: pids["tools"]!, status: .signaled(15), now: h.now))
        _ = h.send(.exited(name: "gateway", pid: pids["gateway"]!, status: .signaled(15), now: h.now))
        h.advance(to: .seconds(10))
        let actions = h.send(.shutdownTimeout)
        #expect(actions.signals.map(\.pid) == [pids["graph"]!, pids["assessor"]!])
        #expect(actions.signals.allSatisfy { $0.signal == .kill })
        #expect(actions.exitCode == nil)
        _ = h.send(.exited(name: "graph", pid: pids["graph"]!, status: .signaled(9), now: h.now))
        let done = h.send(.exited(name: "assessor", pid: pids["assessor"]!, status: .signaled(9), now: h.now))
        #expect(done.exitCode == 0)
    }

    @Test func unreapedStragglersAfterKillWaitExitNonZero() {
        var h = Harness()
        h.startAll()
        _ = h.send(.shutdownRequested(now: h.now))
        let kill = h.send(.shutdownTimeout)
        #expect(kill.schedules.map(\.1) == [.seconds(15)], "10 s timeout + 5 s kill wait")
        let final = h.send(.shutdownTimeout)
        #expect(final.exitCode == 1)
        #expect(final.logs.contains { $0.level == .error })
    }

    @Test func processesInBackoffStopWithoutSignalAndAreNotRestarted() {
        var h = Harness()
        let pids = h.startAll()
        let exit = h.exit("graph")
        let actions = h.send(.shutdownRequested(now: h.now))
        #expect(!actions.signals.map(\.pid).contains(pids["graph"]!))
        #expect(h.phase("graph") == .stopped)
        h.advance(to: exit.schedules[0].1)
        #expect(h.send(.tick(now: h.now)).spawns.isEmpty)
    }

    @Test func processStartingDuringShutdownIsTerminatedWhenItsSpawnIsReported() {
        var h = Harness()
        _ = h.send(.configLoaded)
        let actions = h.send(.shutdownRequested(now: h.now))
        #expect(actions.signals.isEmpty && actions.exitCode == nil)
        let spawned = h.send(.spawned(name: "graph", pid: 77, now: h.now))
        #expect(spawned.signals.map(\.pid) == [77])
        #expect(h.phase("graph") == .stopping(pid: 77))
        // Spawns that fail during shutdown count as stopped.
        _ = h.send(.spawnFailed(name: "gateway", reason: "x", now: h.now))
        _ = h.send(.spawnFailed(name: "assessor", reason: "x", now: h.now))
        _ = h.send(.spawnFailed(name: "tools", reason: "x", now: h.now))
        #expect(h.send(.exited(name: "graph", pid: 77, status: .signaled(15), now: h.now)).exitCode == 0)
    }

    @Test func shutdownWithNothingRunningExitsAtOnce() {
        var h = Harness()
        let actions = h.send(.shutdownRequested(now: h.now))
        #expect(actions.exitCode == 0)
    }

    @Test func secondShutdownRequestIsIgnored() {
        var h = Harness()
        h.startAll()
        _ = h.send(.shutdownRequested(now: h.now))
        #expect(h.send(.shutdownRequested(now: h.now)).isEmpty)
    }
}
