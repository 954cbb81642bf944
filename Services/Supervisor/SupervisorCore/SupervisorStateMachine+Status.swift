import Foundation
import PalisadeProtocol

extension SupervisorStateMachine {
    /// What `SupervisorStatusQuery` answers. States: running, starting, backoff, crashLooping, stopping, stopped.
    public func status(supervisorPID: Int32) -> SupervisorStatus {
        SupervisorStatus(pid: supervisorPID, processes: processes.map { p in
            SupervisorStatus.Process(name: p.spec.name, pid: p.pid, state: p.phase.label, restarts: p.restarts,
                                     lastExit: p.lastExit?.description)
        })
    }
}

extension SupervisorStateMachine.Phase {
    public var label: String {
        switch self {
        case .idle, .stopped: return "stopped"
        case .starting: return "starting"
        case .running: return "running"
        case .backoff: return "backoff"
        case .crashLooping: return "crashLooping"
        case .stopping: return "stopping"
        }
    }
}
