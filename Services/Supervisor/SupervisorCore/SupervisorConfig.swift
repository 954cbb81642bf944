import Foundation
import PalisadeProtocol

/// Heartbeat watchdog timing.
public struct WatchdogSettings: Sendable, Hashable {
    /// How often the gateway's status is polled.
    public var interval: Duration
    /// After a process (or the gateway) starts, absence of its worker is tolerated this long.
    public var startGrace: Duration
    /// After the grace, a process with no worker for its pid this long is killed and restarted.
    public var deadAfter: Duration

    public init(interval: Duration = .seconds(2), startGrace: Duration = .seconds(15), deadAfter: Duration = .seconds(6)) {
        self.interval = interval
        self.startGrace = startGrace
        self.deadAfter = deadAfter
    }
}

/// Everything the supervisor runs and how.
public struct SupervisorConfig: Sendable, Hashable {
    /// In start order; shutdown goes in reverse.
    public var processes: [ProcessSpec]
    public var watchdog: WatchdogSettings
    /// SIGTERM → wait this long → SIGKILL stragglers.
    public var shutdownTimeout: Duration
    /// After SIGKILL, how long to wait for stragglers to be reaped before exiting anyway.
    public var killWait: Duration
    /// Poll the gateway for the watchdog and serve `supervisor` on the bus. Off: plain process supervision.
    public var busEnabled: Bool
    /// The file this config was read from (absolute), handed to every child as `PALISADE_CONFIG`: the scheduler
    /// reads its `schedules:` section there. nil: the built-in defaults.
    public var sourceFile: String?

    public init(processes: [ProcessSpec], watchdog: WatchdogSettings = .init(), shutdownTimeout: Duration = .seconds(10),
                killWait: Duration = .seconds(5), busEnabled: Bool = true) {
        self.processes = processes
        self.watchdog = watchdog
        self.shutdownTimeout = shutdownTimeout
        self.killWait = killWait
        self.busEnabled = busEnabled
    }

    /// The Palisade processes in start order: the gateway first (it is the broker), then the services.
    public static let defaultProcesses: [ProcessSpec] = [
        ProcessSpec(name: "palisade-gateway", executable: "palisade-gateway", isBroker: true),
        ProcessSpec(name: "palisade-assessor", executable: "palisade-assessor", service: ServiceName.assessor),
        ProcessSpec(name: "palisade-connector-aws", executable: "palisade-connector-aws",
                    service: ServiceName.connectorAWS),
        ProcessSpec(name: "palisade-graph", executable: "palisade-graph", service: ServiceName.graph),
        ProcessSpec(name: "palisade-scoring", executable: "palisade-scoring", service: ServiceName.scoring),
        ProcessSpec(name: "palisade-export", executable: "palisade-export", service: ServiceName.export),
        ProcessSpec(name: "palisade-scheduler", executable: "palisade-scheduler", service: ServiceName.scheduler),
    ]

    /// Built-in defaults, used when no config file is given.
    public static let defaults = SupervisorConfig(processes: defaultProcesses)

    /// The process named `name`.
    public func process(named name: String) -> ProcessSpec? { processes.first { $0.name == name } }

    /// Upper bound for `replicas:` and `--replicas`.
    public static let maxReplicas = 16

    /// How many processes run for the config entry `group` (0 if there is none).
    public func replicaCount(of group: String) -> Int { processes.filter { $0.group == group }.count }

    /// The config with `count` replicas of the entry named `target`, or of the entry serving bus service
    /// `target` (`graph`); the replicas take the entry's place in the start order.
    public func withReplicas(_ count: Int, of target: String) throws(ConfigError) -> SupervisorConfig {
        guard (1...Self.maxReplicas).contains(count) else {
            throw ConfigError(code: "supervisor.replicas.invalid", file: "--replicas",
                              message: "replica count \(count) for '\(target)' must be from 1 to \(Self.maxReplicas)")
        }
        guard let first = processes.firstIndex(where: { $0.group == target || $0.service == target }) else {
            let names = processes.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            throw ConfigError(code: "supervisor.replicas.invalid", file: "--replicas",
                              message: "no process entry named or serving '\(target)'; entries: "
                                  + names.joined(separator: ", "))
        }
        let group = processes[first].group
        guard !processes[first].isBroker || count == 1 else {
            throw ConfigError(code: "supervisor.replicas.invalid", file: "--replicas",
                              message: "'\(group)' is the broker; it runs once")
        }
        var copy = self
        copy.processes.removeAll { $0.group == group }
        copy.processes.insert(contentsOf: processes[first].replicated(count), at: first)
        return copy
    }
}

extension ProcessSpec {
    /// `executable` as an absolute path: kept when absolute, else resolved against `baseDirectory`
    /// (the supervisor's own executable directory — every Palisade binary is built into the same one).
    public func resolvedExecutable(baseDirectory: URL) -> String {
        if executable.hasPrefix("/") { return executable }
        return baseDirectory.appendingPathComponent(executable).standardizedFileURL.path
    }
}

extension Duration {
    /// Seconds as a Double (for logs and arithmetic with fractional settings).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
