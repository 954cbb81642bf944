import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

/// The broker's decisions, with no I/O (docs/protocol.md §2, §5): messages and ticks in, frames to send
/// and log lines out. Workers wait per service in least-recently-used order; requests wait per service
/// until a worker is free or their deadline passes. Any input is safe: malformed messages get an error
/// reply when the sender can be addressed, otherwise they are dropped with one log line.
///
/// `now` is wall-clock time as a Duration since the Unix epoch, because request deadlines on the wire are
/// absolute epoch milliseconds. Tests pass a ManualClock's value.
public struct BrokerStateMachine: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var heartbeatInterval: Duration
        /// Missed heartbeat intervals after which a worker is forgotten.
        public var liveness: Int
        /// How long a request without a deadline may wait in a queue.
        public var defaultRequestTTL: Duration
        /// Queued requests per service beyond which new ones are refused (`bus.queue.full`, retryable).
        public var maxQueuePerService: Int
        /// A request whose worker dies (silent or unreachable) goes back to the queue for another worker this
        /// many times; one more death and the client gets `bus.worker.lost` (not retryable), so a request that
        /// crashes workers cannot take down every replica in turn.
        public var maxRedeliveries: Int

        public init(heartbeatInterval: Duration = .seconds(1), liveness: Int = 3,
                    defaultRequestTTL: Duration = .seconds(30), maxQueuePerService: Int = 10_000,
                    maxRedeliveries: Int = 1) {
            self.heartbeatInterval = heartbeatInterval
            self.liveness = max(1, liveness)
            self.defaultRequestTTL = defaultRequestTTL
            self.maxQueuePerService = max(1, maxQueuePerService)
            self.maxRedeliveries = max(0, maxRedeliveries)
        }
    }

    public enum Action: Sendable, Equatable {
        /// Send `frames` (starting with the empty delimiter) to the peer with ROUTER identity `to`.
        case send(to: Data, frames: [Data])
        case log(Logger.Level, String)
    }

    struct Worker: Sendable {
        var identity: Data
        var service: String
        var pid: Int32?
        var lastSeen: Duration
        var lastSent: Duration
        /// The request it is serving, if any (one at a time).
        var current: Queued?
        var busy: Bool { current != nil }
    }

    struct Queued: Sendable {
        var client: Data
        var header: MessageHeader
        var rawHeader: Data
        var body: Data
        var expiresAt: Duration
        /// Workers that died (silent or unreachable) while holding this request.
        var lostWorkers = 0
    }

    struct ServiceState: Sendable {
        /// Idle workers, longest idle first.
        var idle: [Data] = []
        var queue: [Queued] = []
    }

    public let configuration: Configuration
    var workers: [Data: Worker] = [:]
    var services: [String: ServiceState] = [:]

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// One message from the ROUTER: frame 0 is the sender's identity.
    public mutating func received(_ frames: [Data], now: Duration) -> [Action] {
        guard let identity = frames.first else { return [] }
        guard frames.count >= 3, frames[1].isEmpty else {
            return [.log(.warning, "dropped a message from \(hex(identity)) without the empty delimiter and "
                         + "protocol tag (\(frames.count - 1) frames: \(describe(frames.dropFirst())))")]
        }
        let rest = Array(frames[3...])
        switch frames[2] {
        case BusFrames.clientTag: return fromClient(identity, rest, now: now)
        case BusFrames.workerTag: return fromWorker(identity, rest, now: now)
        default:
            return [.log(.warning, "dropped a message from \(hex(identity)) with unknown protocol tag "
                         + "'\(BusFrames.printable(frames[2]))' (expected \(Wire.clientTag) or \(Wire.workerTag))")]
        }
    }

    /// A send to `identity` failed because the peer is gone (ROUTER_MANDATORY): forget it if it is a worker.
    /// Its request goes back to the queue: a gone peer can no longer reply, and most often the failed send was
    /// that very request (a worker that closed its socket right after its last reply).
    public mutating func unreachable(_ identity: Data, now: Duration) -> [Action] {
        guard workers[identity] != nil else {
            return [.log(.info, "reply to client \(hex(identity)) dropped: it disconnected")]
        }
        return forget(identity, reason: "it is unreachable", requeue: .workerLost, now: now)
    }

    /// Idle and busy worker counts, for tests and logs.
    public var workerCount: Int { workers.count }

    /// Requests waiting for `service`.
    public func queuedCount(_ service: String) -> Int { services[service]?.queue.count ?? 0 }
}

func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

func describe<C: Collection>(_ frames: C) -> String where C.Element == Data {
    frames.prefix(8).map { "'\(BusFrames.printable($0, limit: 24))'" }.joined(separator: ", ")
        + (frames.count > 8 ? ", …" : "")
}
