import Foundation
import Logging

/// Starting, exit handling, restart backoff and the crash-loop budget.
extension SupervisorStateMachine {
    mutating func start() -> [Action] {
        guard mode == .idle else { return [] }
        mode = .running
        var actions: [Action] = [.log(.init(.info, "starting \(processes.count) processes"))]
        for i in processes.indices {
            processes[i].phase = .starting
            actions.append(.spawn(processes[i].spec.name))
        }
        return actions
    }

    mutating func spawned(_ name: String, pid: Int32, now: Duration) -> [Action] {
        guard let i = index(of: name), processes[i].phase == .starting else {
            return [.log(.init(.warning, "spawn report for a process that was not starting; ignored", process: name))]
        }
        processes[i].lastSeenWorker = nil
        processes[i].watchdogKilled = nil
        if case .shuttingDown(_, let killed) = mode {
            processes[i].phase = .stopping(pid: pid)
            return [.signal(pid: pid, killed ? .kill : .terminate)]
        }
        processes[i].phase = .running(pid: pid, since: now)
        if processes[i].spec.isBroker { gatewayReachableSince = nil }
        return [.log(.init(.info, "started (pid \(pid))", process: name))]
    }

    mutating func spawnFailed(_ name: String, reason: String, now: Duration) -> [Action] {
        guard let i = index(of: name), processes[i].phase == .starting else { return [] }
        return ended(i, status: .spawnFailed(reason), ranFor: .zero, now: now)
    }

    mutating func exited(_ name: String, pid: Int32, status: ExitStatus, now: Duration) -> [Action] {
        guard let i = index(of: name), processes[i].pid == pid else {
            return [.log(.init(.debug, "exit of pid \(pid) that is no longer managed; ignored", process: name))]
        }
        var ranFor = Duration.zero
        if case .running(_, let since) = processes[i].phase { ranFor = now - since }
        return ended(i, status: status, ranFor: ranFor, now: now)
    }

    /// A process is gone: stop it for good while shutting down, else plan its restart.
    private mutating func ended(_ i: Int, status: ExitStatus, ranFor: Duration, now: Duration) -> [Action] {
        let name = processes[i].spec.name
        let byWatchdog = processes[i].watchdogKilled != nil && processes[i].watchdogKilled == processes[i].pid
        processes[i].lastExit = status
        processes[i].watchdogKilled = nil
        if isShuttingDown {
            processes[i].phase = .stopped
            return [.log(.init(.info, "stopped: \(status)", process: name))] + exitIfAllStopped()
        }
        let policy = processes[i].spec.restart
        if ranFor >= policy.resetAfter { processes[i].nextBackoff = policy.initialBackoff }
        let delay = processes[i].nextBackoff
        processes[i].nextBackoff = min(delay * 2, policy.maxBackoff)
        processes[i].restartTimes.removeAll { now - $0 >= policy.crashLoopWindow }
        let cause = byWatchdog ? "\(status) after the heartbeat watchdog killed it" : "\(status)"
        if processes[i].restartTimes.count >= policy.crashLoopRestarts {
            let until = now + policy.crashLoopPause
            processes[i].phase = .crashLooping(until: until)
            let message = "CRASH LOOP: \(cause); restarted \(processes[i].restartTimes.count) times in the last "
                + "\(policy.crashLoopWindow.seconds)s; pausing \(policy.crashLoopPause.seconds)s before the next "
                + "try — see its log file"
            return [.log(.init(.critical, message, process: name)), .schedule(.tick, at: until)]
        }
        processes[i].phase = .backoff(until: now + delay)
        return [
            .log(.init(.warning, "\(cause) after \(ranFor.seconds)s; restarting in \(delay.seconds)s", process: name)),
            .schedule(.tick, at: now + delay),
        ]
    }

    mutating func tick(_ now: Duration) -> [Action] {
        guard mode == .running else { return [] }
        var actions: [Action] = []
        for i in processes.indices {
            switch processes[i].phase {
            case .backoff(let until) where until <= now, .crashLooping(let until) where until <= now:
                processes[i].phase = .starting
                processes[i].restarts += 1
                processes[i].restartTimes.append(now)
                actions.append(.log(.init(.info, "restarting (restart \(processes[i].restarts))",
                                          process: processes[i].spec.name)))
                actions.append(.spawn(processes[i].spec.name))
            default:
                continue
            }
        }
        return actions
    }
}
