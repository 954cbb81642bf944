import Foundation

/// How a managed process is restarted after it exits.
public struct RestartPolicy: Sendable, Hashable {
    /// Delay before the first restart; doubles after each further restart up to `maxBackoff`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// A process that stayed up this long before exiting restarts with `initialBackoff` again.
    public var resetAfter: Duration
    /// More than `crashLoopRestarts` restarts within `crashLoopWindow` → `crashLooping` for `crashLoopPause`.
    public var crashLoopRestarts: Int
    public var crashLoopWindow: Duration
    public var crashLoopPause: Duration

    public init(initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(30),
                resetAfter: Duration = .seconds(60), crashLoopRestarts: Int = 5,
                crashLoopWindow: Duration = .seconds(60), crashLoopPause: Duration = .seconds(60)) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.resetAfter = resetAfter
        self.crashLoopRestarts = crashLoopRestarts
        self.crashLoopWindow = crashLoopWindow
        self.crashLoopPause = crashLoopPause
    }

    public static let standard = RestartPolicy()
}

/// One process the supervisor runs.
public struct ProcessSpec: Sendable, Hashable {
    /// Unique name; also the log file name (`<dataDir>/logs/<name>.log`).
    public var name: String
    /// Absolute, or relative to the supervisor's own executable directory.
    public var executable: String
    public var arguments: [String]
    /// Added to (and overriding) the supervisor's own environment.
    public var environment: [String: String]
    /// Service name its bus worker registers under; watched by the heartbeat watchdog. nil = not watched.
    public var service: String?
    /// True for the gateway/broker: when it (re)starts, every worker gets a fresh start grace to reconnect.
    public var isBroker: Bool
    public var restart: RestartPolicy
    /// Set when this process is one of several replicas of one config entry (`replicas: N`, N ≥ 2).
    public var replica: Replica?

    public init(name: String, executable: String, arguments: [String] = [], environment: [String: String] = [:],
                service: String? = nil, isBroker: Bool = false, restart: RestartPolicy = .standard,
                replica: Replica? = nil) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.service = service
        self.isBroker = isBroker
        self.restart = restart
        self.replica = replica
    }
}

extension ProcessSpec {
    /// Which replica of which config entry a process is. Replica `i` of entry `palisade-graph` is named
    /// `palisade-graph-i` and keeps its state in `<dataDir>/<stateName>-i` (stateName: the service, e.g.
    /// `graph-2`), so replicas never share a database.
    public struct Replica: Sendable, Hashable {
        /// The config entry's own name (`palisade-graph`).
        public var group: String
        /// 1-based.
        public var index: Int
        public var count: Int
        /// Directory name of this replica's state under the data directory (`graph-2`).
        public var stateDirectoryName: String

        public init(group: String, index: Int, count: Int, stateDirectoryName: String) {
            self.group = group
            self.index = index
            self.count = count
            self.stateDirectoryName = stateDirectoryName
        }
    }

    /// `count` processes for this entry: itself unchanged for 1, else `<name>-1 … <name>-N`, each with its own
    /// state directory and restart/watchdog bookkeeping, all registering under the same `service`.
    public func replicated(_ count: Int) -> [ProcessSpec] {
        let base = replica.map { r in
            var s = self
            s.name = r.group
            s.replica = nil
            return s
        } ?? self
        guard count > 1 else { return [base] }
        return (1...count).map { i in
            var s = base
            s.name = "\(base.name)-\(i)"
            s.replica = Replica(group: base.name, index: i, count: count,
                                stateDirectoryName: "\(base.service ?? base.name)-\(i)")
            return s
        }
    }

    /// The config entry this process comes from (its own name unless it is a replica).
    public var group: String { replica?.group ?? name }
}
