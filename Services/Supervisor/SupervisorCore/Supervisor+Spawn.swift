import Foundation
import Logging
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

extension Supervisor {
    var logDirectory: URL { environment.dataDirectory.appendingPathComponent("logs", isDirectory: true) }

    /// The child's environment: ours, the resolved data directory, the entry's own `env`, its process name
    /// (`PALISADE_REPLICA_NAME`), a replica's own state directory (`PALISADE_STATE_DIR`), and our pid.
    func childEnvironment(for spec: ProcessSpec) -> [String: String] {
        Self.childEnvironment(for: spec, base: ProcessInfo.processInfo.environment, environment: environment,
                              supervisorPID: getpid(), configFile: config.sourceFile)
    }

    static func childEnvironment(for spec: ProcessSpec, base: [String: String], environment: PalisadeEnvironment,
                                 supervisorPID: Int32, configFile: String? = nil) -> [String: String] {
        var env = base
        if let configFile { env["PALISADE_CONFIG"] = configFile } else { env.removeValue(forKey: "PALISADE_CONFIG") }
        env["PALISADE_HOME"] = environment.dataDirectory.path
        env["PALISADE_BUS"] = environment.busEndpoint
        env.removeValue(forKey: "PALISADE_STATE_DIR")
        for (k, v) in spec.environment { env[k] = v }
        env["PALISADE_REPLICA_NAME"] = spec.name
        if let replica = spec.replica {
            // Replicas never share a database, whatever the entry's `env` says.
            env["PALISADE_STATE_DIR"] = environment.dataDirectory
                .appendingPathComponent(replica.stateDirectoryName, isDirectory: true).path
        }
        env["PALISADE_SUPERVISOR_PID"] = String(supervisorPID)
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
