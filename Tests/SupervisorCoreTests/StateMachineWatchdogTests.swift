import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import SupervisorCore

/// Defaults: grace 15 s, dead after 6 s, polls every 2 s.
@Suite struct StateMachineWatchdogTests {
    /// Polls every 2 s from `from` through `through`, each listing `services`; returns all actions.
    func poll(_ h: inout Harness, from: Int, through: Int, listing services: [String]) -> [(Int, [Action])] {
        var out: [(Int, [Action])] = []
        for t in stride(from: from, through: through, by: 2) {
            h.advance(to: .seconds(t))
            out.append((t, h.send(.gatewayStatus(h.status(listing: services), now: h.now))))
        }
        return out
    }

    @Test func noKillDuringStartGrace() {
        var h = Harness()
        h.startAll()
        let results = poll(&h, from: 2, through: 16, listing: [])
        #expect(results.allSatisfy { $0.1.signals.isEmpty })
    }

    @Test func processThatNeverRegistersIsKilledAfterGraceAndDeadThreshold() {
        var h = Harness()
        let pids = h.startAll()
        // First status at 2 s: grace runs until 17 s, absence counted from 2 s → dead from 17 s, first poll 18 s.
        let results = poll(&h, from: 2, through: 18, listing: ["graph"])
        let kills = results.filter { !$0.1.signals.isEmpty }
        #expect(kills.map(\.0) == [18])
        #expect(kills.first?.1.signals.map(\.pid) == [pids["assessor"]!])
        #expect(kills.first?.1.signals.map(\.signal) == [.kill])
        #expect(kills.first?.1.logs.contains { $0.level == .error && $0.message.contains("HEARTBEAT LOST") } == true)
    }

    @Test func workerThatStopsHeartbeatingIsKilledSixSecondsLaterAndRestarted() {
        var h = Harness()
        let pids = h.startAll()
        #expect(poll(&h, from: 2, through: 30, listing: ["assessor", "graph"]).allSatisfy { $0.1.signals.isEmpty })
        // graph's worker vanishes after 30 s: 32, 34 quiet; 36 is 6 s after it was last listed.
        let results = poll(&h, from: 32, through: 40, listing: ["assessor"])
        #expect(results.filter { !$0.1.signals.isEmpty }.map(\.0) == [36])
        #expect(results.flatMap(\.1.signals).map(\.pid) == [pids["graph"]!], "killed once, not on every poll")
        // The kill shows up as an exit → ordinary restart with backoff.
        let exit = h.exit("graph", .signaled(9))
        #expect(exit.logs.contains { $0.message.contains("heartbeat watchdog killed it") })
        h.advance(to: exit.schedules[0].1)
        #expect(h.send(.tick(now: h.now)).spawns == ["graph"])
        let newPID = h.reportSpawned("graph")
        // The new incarnation (since 40.5 s) gets a fresh start grace.
        let after = poll(&h, from: 42, through: 54, listing: ["assessor"])
        #expect(after.allSatisfy { $0.1.signals.isEmpty })
        #expect(h.pid("graph") == newPID)
    }

    @Test func workerListedWithAnotherPidDoesNotCount() {
        var h = Harness()
        let pids = h.startAll()
        let stale = GatewayStatus(workers: [
            .init(service: "assessor", pid: pids["assessor"]! + 1, identity: "old", lastSeenMs: 10),
            .init(service: "assessor", pid: nil, identity: "nopid", lastSeenMs: 10),
        ], queued: [:])
        var kills: [Int32] = []
        for t in stride(from: 2, through: 20, by: 2) {
            h.advance(to: .seconds(t))
            kills += h.send(.gatewayStatus(stale, now: h.now)).signals.map(\.pid)
        }
        #expect(kills == [pids["assessor"]!, pids["graph"]!])
    }

    @Test func unreachableGatewayKillsNobodyAndRecoveryGivesAFreshGrace() {
        var h = Harness()
        h.startAll()
        _ = poll(&h, from: 2, through: 20, listing: ["assessor", "graph"])
        var actions: [Action] = []
        for t in stride(from: 22, through: 60, by: 2) {
            h.advance(to: .seconds(t))
            actions += h.send(.gatewayUnreachable(now: h.now))
        }
        #expect(actions.signals.isEmpty)
        #expect(actions.logs.filter { $0.message.contains("watchdog paused") }.count == 1)
        // Back at 62 s without workers: grace until 77 s, kill at the first poll ≥ 77 → 78.
        let results = poll(&h, from: 62, through: 78, listing: [])
        #expect(results.filter { !$0.1.signals.isEmpty }.map(\.0) == [78])
    }

    @Test func gatewayExitIsRestartedWhileWorkersAreLeftAlone() {
        var h = Harness()
        h.startAll()
        _ = poll(&h, from: 2, through: 20, listing: ["assessor", "graph"])
        h.advance(to: .seconds(21))
        let exit = h.exit("gateway")
        h.advance(to: exit.schedules[0].1)
        #expect(h.send(.tick(now: h.now)).spawns == ["gateway"])
        _ = h.reportSpawned("gateway")
        h.advance(to: .seconds(22))
        #expect(h.send(.gatewayUnreachable(now: h.now)).signals.isEmpty)
        // The new gateway knows no workers yet; they get a fresh 15 s grace to reconnect.
        let results = poll(&h, from: 24, through: 36, listing: [])
        #expect(results.allSatisfy { $0.1.signals.isEmpty })
    }

    @Test func processWithoutServiceNameIsNeverWatched() {
        var h = Harness()
        h.startAll()
        let results = poll(&h, from: 2, through: 60, listing: ["assessor", "graph"])
        #expect(results.allSatisfy { $0.1.signals.isEmpty })
    }

    @Test func watchdogIsOffDuringShutdown() {
        var h = Harness()
        h.startAll()
        h.advance(to: .seconds(30))
        _ = h.send(.shutdownRequested(now: h.now))
        h.advance(to: .seconds(32))
        #expect(h.send(.gatewayStatus(GatewayStatus(workers: [], queued: [:]), now: h.now)).signals.isEmpty)
    }
}
