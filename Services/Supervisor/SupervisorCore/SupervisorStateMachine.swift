import Foundation
import Logging
import PalisadeProtocol

/// Every supervision decision, with no I/O: feed it events with `now` (monotonic time since any origin),
/// execute the actions it returns. The process shell (`Supervisor`) is the only caller in production.
public struct SupervisorStateMachine: Sendable {
    public enum Event: Sendable, Equatable {
        /// Start everything, in config order.
        case configLoaded
        case spawned(name: String, pid: Int32, now: Duration)
        /// fork/exec failed; handled like an immediate exit (backoff, crash-loop budget).
        case spawnFailed(name: String, reason: String, now: Duration)
        case exited(name: String, pid: Int32, status: ExitStatus, now: Duration)
        /// A scheduled `.tick` came due (restarts whose backoff has run out).
        case tick(now: Duration)
        case gatewayStatus(GatewayStatus, now: Duration)
        /// The status poll failed: the watchdog holds its fire while the gateway cannot see workers.
        case gatewayUnreachable(now: Duration)
        case shutdownRequested(now: Duration)
        /// A scheduled `.shutdownTimeout` came due.
        case shutdownTimeout
    }

    public enum Signal: Sendable, Equatable {
        case terminate, kill
        public var number: Int32 { self == .terminate ? 15 : 9 }
    }

    public enum Timer: Sendable, Equatable { case tick, shutdownTimeout }

    public struct LogEntry: Sendable, Equatable {
        public var level: Logger.Level
        public var message: String
        public var process: String?
        public init(_ level: Logger.Level, _ message: String, process: String? = nil) {
            self.level = level
            self.message = message
            self.process = process
        }
    }

    public enum Action: Sendable, Equatable {
        case spawn(String)
        /// Signal the process (the shell signals its whole process group).
        case signal(pid: Int32, Signal)
        /// Deliver `.tick(now:)` or `.shutdownTimeout` at (or after) `at`.
        case schedule(Timer, at: Duration)
        case log(LogEntry)
        case exitSupervisor(code: Int32)
    }

    public enum Phase: Sendable, Equatable {
        /// Not started yet (before `configLoaded`).
        case idle
        /// `spawn` was emitted; waiting for `spawned` or `spawnFailed`.
        case starting
        case running(pid: Int32, since: Duration)
        case backoff(until: Duration)
        case crashLooping(until: Duration)
        /// Shutting down: SIGTERM (later SIGKILL) sent, waiting for the exit.
        case stopping(pid: Int32)
        case stopped
    }

    public struct Managed: Sendable, Equatable {
        public var spec: ProcessSpec
        public var phase: Phase = .idle
        public var restarts = 0
        public var lastExit: ExitStatus?
        /// Delay before the next restart.
        public var nextBackoff: Duration
        /// When recent restarts happened (for the crash-loop budget).
        public var restartTimes: [Duration] = []
        /// Last gateway status that listed a worker for this service with this pid.
        public var lastSeenWorker: Duration?
        /// The pid the watchdog already killed (so it is killed once).
        public var watchdogKilled: Int32?

        init(spec: ProcessSpec) {
            self.spec = spec
            nextBackoff = spec.restart.initialBackoff
        }

        public var pid: Int32? {
            switch phase {
            case .running(let pid, _), .stopping(let pid): return pid
            default: return nil
            }
        }
    }

    enum Mode: Sendable, Equatable {
        case idle, running
        case shuttingDown(requestedAt: Duration, killed: Bool)
        case exited
    }

    public let config: SupervisorConfig
    public internal(set) var processes: [Managed]
    var mode: Mode = .idle
    /// Since when the gateway has answered status polls without interruption (nil: unreachable or unknown).
    var gatewayReachableSince: Duration?

    public init(config: SupervisorConfig) {
        self.config = config
        processes = config.processes.map(Managed.init(spec:))
    }

    public var isShuttingDown: Bool {
        if case .shuttingDown = mode { return true }
        return mode == .exited
    }

    public func process(_ name: String) -> Managed? { processes.first { $0.spec.name == name } }

    func index(of name: String) -> Int? { processes.firstIndex { $0.spec.name == name } }

    /// Applies one event and returns what to do, in order.
    public mutating func handle(_ event: Event) -> [Action] {
        guard mode != .exited else { return [] }
        switch event {
        case .configLoaded: return start()
        case let .spawned(name, pid, now): return spawned(name, pid: pid, now: now)
        case let .spawnFailed(name, reason, now): return spawnFailed(name, reason: reason, now: now)
        case let .exited(name, pid, status, now): return exited(name, pid: pid, status: status, now: now)
        case let .tick(now): return tick(now)
        case let .gatewayStatus(status, now): return watch(status, now: now)
        case let .gatewayUnreachable(now): return gatewayUnreachable(now)
        case let .shutdownRequested(now): return shutdown(now)
        case .shutdownTimeout: return shutdownTimedOut()
        }
    }
}
