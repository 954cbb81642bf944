import Foundation
import Logging
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

extension Supervisor {
    var logDirectory: URL { environment.dataDirectory.appendingPathComponent("logs", isDirectory: true) }

    /// The child's environment: ours, the resolved data directory, the entry's own `env`, and our pid.
    func childEnvironment(for spec: ProcessSpec) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = environment.dataDirectory.path
        env["PALISADE_BUS"] = environment.busEndpoint
        for (k, v) in spec.environment { env[k] = v }
        env["PALISADE_SUPERVISOR_PID"] = String(getpid())
        return env
    }

    /// Starts `name` and turns the outcome into the event for the state machine; its exit comes later
    /// through the input stream.
    func spawn(_ name: String, now: () -> Duration) async -> SupervisorStateMachine.Event {
        guard let spec = config.process(named: name) else {
            return .spawnFailed(name: name, reason: "not in the config", now: now())
        }
        let request = SpawnRequest(
            executable: spec.resolvedExecutable(baseDirectory: executableDirectory), arguments: spec.arguments,
            environment: childEnvironment(for: spec), logFile: logDirectory.appendingPathComponent("\(name).log"))
        switch await spawner.spawn(request) {
        case .success(let pid):
            let continuation = self.continuation
            ChildReaper.watch(pid: pid) { status in
                // Whatever the child left in its process group goes with it.
                _ = kill(-pid, SIGKILL)
                continuation.yield(.exited(name: name, pid: pid, status: status))
            }
            return .spawned(name: name, pid: pid, now: now())
        case .failure(let error):
            logger.error("cannot start process", metadata: ["process.name": .string(name), "error": "\(error)"])
            return .spawnFailed(name: name, reason: error.description, now: now())
        }
    }
}
