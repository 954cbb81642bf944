import Foundation
import Logging

/// Graceful shutdown: SIGTERM in reverse start order, SIGKILL for stragglers after the timeout, then exit.
extension SupervisorStateMachine {
    mutating func shutdown(_ now: Duration) -> [Action] {
        guard mode == .idle || mode == .running else { return [] }
        mode = .shuttingDown(requestedAt: now, killed: false)
        var actions: [Action] = [.log(.init(.notice, "shutting down: SIGTERM to every process in reverse start order"))]
        for i in processes.indices.reversed() {
            switch processes[i].phase {
            case .running(let pid, _):
                processes[i].phase = .stopping(pid: pid)
                actions.append(.signal(pid: pid, .terminate))
            case .idle, .backoff, .crashLooping:
                processes[i].phase = .stopped
            case .starting, .stopping, .stopped:
                continue  // a starting process gets its SIGTERM when its spawn is reported
            }
        }
        let done = exitIfAllStopped()
        if !done.isEmpty { return actions + done }
        return actions + [.schedule(.shutdownTimeout, at: now + config.shutdownTimeout)]
    }

    mutating func shutdownTimedOut() -> [Action] {
        guard case .shuttingDown(let requestedAt, let killed) = mode else { return [] }
        let stragglers = processes.indices.reversed().filter { processes[$0].phase != .stopped }
        if killed {
            let names = stragglers.map { processes[$0].spec.name }.joined(separator: ", ")
            mode = .exited
            return [.log(.init(.error, "processes still not reaped \(config.killWait.seconds)s after SIGKILL: "
                                   + "\(names); exiting anyway")),
                    .exitSupervisor(code: 1)]
        }
        mode = .shuttingDown(requestedAt: requestedAt, killed: true)
        var actions: [Action] = []
        for i in stragglers {
            guard case .stopping(let pid) = processes[i].phase else { continue }
            actions.append(.log(.init(.warning, "did not stop within \(config.shutdownTimeout.seconds)s of SIGTERM; "
                                          + "sending SIGKILL", process: processes[i].spec.name)))
            actions.append(.signal(pid: pid, .kill))
        }
        actions.append(.schedule(.shutdownTimeout, at: requestedAt + config.shutdownTimeout + config.killWait))
        return actions
    }

    /// `exitSupervisor(0)` once every process has stopped during a shutdown.
    mutating func exitIfAllStopped() -> [Action] {
        guard isShuttingDown, mode != .exited, processes.allSatisfy({ $0.phase == .stopped }) else { return [] }
        mode = .exited
        return [.log(.init(.notice, "every process has stopped; exiting")), .exitSupervisor(code: 0)]
    }
}
