import Foundation

/// The broker's own view: which services have live workers.
public struct GatewayStatusQuery: BusMessage {
    public static let service = ServiceName.gateway
    public static let type = "gateway.status"
    public typealias Response = GatewayStatus
    public init() {}
}

public struct GatewayStatus: Codable, Sendable, Hashable {
    public struct Worker: Codable, Sendable, Hashable {
        public var service: String
        public var pid: Int32?
        public var identity: String
        /// Milliseconds since the broker last heard from it.
        public var lastSeenMs: Int64
        public init(service: String, pid: Int32?, identity: String, lastSeenMs: Int64) {
            self.service = service
            self.pid = pid
            self.identity = identity
            self.lastSeenMs = lastSeenMs
        }
    }
    public var workers: [Worker]
    /// Requests waiting per service (no idle worker yet).
    public var queued: [String: Int]
    public init(workers: [Worker], queued: [String: Int]) {
        self.workers = workers
        self.queued = queued
    }
}

/// What the supervisor runs.
public struct SupervisorStatusQuery: BusMessage {
    public static let service = ServiceName.supervisor
    public static let type = "supervisor.status"
    public typealias Response = SupervisorStatus
    public init() {}
}

public struct SupervisorStatus: Codable, Sendable, Hashable {
    public struct Process: Codable, Sendable, Hashable {
        public var name: String
        public var pid: Int32?
        public var state: String
        public var restarts: Int
        public var lastExit: String?
        public init(name: String, pid: Int32?, state: String, restarts: Int, lastExit: String?) {
            self.name = name
            self.pid = pid
            self.state = state
            self.restarts = restarts
            self.lastExit = lastExit
        }
    }
    public var pid: Int32
    public var processes: [Process]
    public init(pid: Int32, processes: [Process]) {
        self.pid = pid
        self.processes = processes
    }
}

/// Asks the supervisor to stop everything and exit.
public struct SupervisorShutdown: BusMessage {
    public static let service = ServiceName.supervisor
    public static let type = "supervisor.shutdown"
    public typealias Response = Acknowledged
    public init() {}
}

public struct Acknowledged: Codable, Sendable, Hashable {
    public var ok: Bool
    public init(ok: Bool = true) { self.ok = ok }
}
