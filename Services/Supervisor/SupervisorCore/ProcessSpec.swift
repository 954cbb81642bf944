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

    public init(name: String, executable: String, arguments: [String] = [], environment: [String: String] = [:],
                service: String? = nil, isBroker: Bool = false, restart: RestartPolicy = .standard) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.service = service
        self.isBroker = isBroker
        self.restart = restart
    }
}
