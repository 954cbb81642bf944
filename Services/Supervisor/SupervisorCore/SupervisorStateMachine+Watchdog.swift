import Foundation
import Logging
import PalisadeProtocol

/// The heartbeat watchdog: a process whose pid lives but whose worker the gateway no longer lists is
/// killed (SIGKILL) and then restarted like any exit. Only evidence from a reachable gateway counts.
extension SupervisorStateMachine {
    mutating func watch(_ status: GatewayStatus, now: Duration) -> [Action] {
        guard mode == .running else { return [] }
        if gatewayReachableSince == nil { gatewayReachableSince = now }
        let reachableSince = gatewayReachableSince ?? now
        let settings = config.watchdog
        var actions: [Action] = []
        for i in processes.indices {
            guard let service = processes[i].spec.service, case .running(let pid, let since) = processes[i].phase
            else { continue }
            if status.workers.contains(where: { $0.service == service && $0.pid == pid }) {
                processes[i].lastSeenWorker = now
                continue
            }
            guard processes[i].watchdogKilled != pid else { continue }
            // Absence counts only after the process's start grace, and after a fresh grace whenever the
            // gateway (re)appears — workers need time to reconnect to it.
            let graceEnd = max(since, reachableSince) + settings.startGrace
            guard now >= graceEnd else { continue }
            let absentSince = max(processes[i].lastSeenWorker ?? since, since, reachableSince)
            guard now - absentSince >= settings.deadAfter else { continue }
            processes[i].watchdogKilled = pid
            let message = "HEARTBEAT LOST: pid \(pid) is alive but the gateway has listed no '\(service)' worker "
                + "for it for \((now - absentSince).seconds)s; killing it to restart"
            actions.append(.log(.init(.error, message, process: processes[i].spec.name)))
            actions.append(.signal(pid: pid, .kill))
        }
        return actions
    }

    mutating func gatewayUnreachable(_ now: Duration) -> [Action] {
        let wasReachable = gatewayReachableSince != nil
        gatewayReachableSince = nil
        guard wasReachable, mode == .running else { return [] }
        return [.log(.init(.warning, "gateway does not answer status polls; heartbeat watchdog paused"))]
    }
}
