import Foundation
import Logging
import PalisadeProtocol
import PalisadeTestKit
@testable import SupervisorCore

typealias Action = SupervisorStateMachine.Action

/// Drives a `SupervisorStateMachine` with a ManualClock and fake pids.
struct Harness {
    var machine: SupervisorStateMachine
    let clock = ManualClock()
    var nextPID: Int32 = 1000

    init(_ config: SupervisorConfig = Harness.config()) {
        machine = SupervisorStateMachine(config: config)
    }

    /// gateway (broker), assessor (service), graph (service), tools (no service).
    static func config(restart: RestartPolicy = .standard) -> SupervisorConfig {
        SupervisorConfig(processes: [
            ProcessSpec(name: "gateway", executable: "palisade-gateway", isBroker: true, restart: restart),
            ProcessSpec(name: "assessor", executable: "palisade-assessor", service: "assessor", restart: restart),
            ProcessSpec(name: "graph", executable: "palisade-graph", service: "graph", restart: restart),
            ProcessSpec(name: "tools", executable: "/bin/true", restart: restart),
        ])
    }

    var now: Duration { clock.now }

    mutating func send(_ event: SupervisorStateMachine.Event) -> [Action] { machine.handle(event) }

    mutating func advance(to t: Duration) { clock.advance(by: t - clock.now) }

    /// configLoaded + a `spawned` report for every spawn; returns name → pid.
    @discardableResult
    mutating func startAll() -> [String: Int32] {
        var pids: [String: Int32] = [:]
        for action in send(.configLoaded) {
            if case .spawn(let name) = action { pids[name] = reportSpawned(name) }
        }
        return pids
    }

    mutating func reportSpawned(_ name: String) -> Int32 {
        nextPID += 1
        _ = send(.spawned(name: name, pid: nextPID, now: now))
        return nextPID
    }

    func pid(_ name: String) -> Int32? { machine.process(name)?.pid }
    func phase(_ name: String) -> SupervisorStateMachine.Phase? { machine.process(name)?.phase }

    mutating func exit(_ name: String, _ status: ExitStatus = .exited(1)) -> [Action] {
        send(.exited(name: name, pid: pid(name)!, status: status, now: now))
    }

    /// A gateway status listing workers for the given services with their current pids.
    func status(listing services: [String]) -> GatewayStatus {
        GatewayStatus(workers: services.compactMap { name in
            guard let p = machine.process(name), let service = p.spec.service, let pid = p.pid else { return nil }
            return GatewayStatus.Worker(service: service, pid: pid, identity: "w-\(pid)", lastSeenMs: 100)
        }, queued: [:])
    }
}

extension Array where Element == Action {
    var spawns: [String] { compactMap { if case .spawn(let n) = $0 { n } else { nil } } }
    var signals: [(pid: Int32, signal: SupervisorStateMachine.Signal)] {
        compactMap { if case .signal(let p, let s) = $0 { (p, s) } else { nil } }
    }
    var schedules: [(SupervisorStateMachine.Timer, Duration)] {
        compactMap { if case .schedule(let t, let at) = $0 { (t, at) } else { nil } }
    }
    var logs: [SupervisorStateMachine.LogEntry] { compactMap { if case .log(let e) = $0 { e } else { nil } } }
    var exitCode: Int32? { compactMap { if case .exitSupervisor(let c) = $0 { c } else { nil } }.first }
}
