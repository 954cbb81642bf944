/// Liveness of one peer, both ways (docs/protocol.md §5): when to send a heartbeat, when the peer is
/// dead, and how long to wait before reconnecting (1, 2, 4 … 32 s, back to 1 s after successful contact).
/// Pure: every decision takes `now` (time since any fixed origin, e.g. a ManualClock in tests).
public struct HeartbeatStateMachine: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// How often each side sends a heartbeat.
        public var interval: Duration
        /// Missed intervals after which the peer is dead.
        public var liveness: Int
        public var initialBackoff: Duration
        public var maxBackoff: Duration

        public init(interval: Duration = .seconds(1), liveness: Int = 3,
                    initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(32)) {
            self.interval = interval
            self.liveness = max(1, liveness)
            self.initialBackoff = initialBackoff
            self.maxBackoff = max(initialBackoff, maxBackoff)
        }

        /// Silence after which the peer counts as dead.
        public var deadAfter: Duration { interval * liveness }
    }

    public enum Action: Sendable, Hashable {
        case none
        case sendHeartbeat
        /// Peer silent for `deadAfter`: drop the connection and reconnect after `reconnectAfter`.
        case peerDead(reconnectAfter: Duration)
    }

    public let configuration: Configuration
    public private(set) var lastHeard: Duration
    public private(set) var lastSent: Duration
    private var nextBackoff: Duration

    public init(configuration: Configuration = .init(), now: Duration) {
        self.configuration = configuration
        lastHeard = now
        lastSent = now
        nextBackoff = configuration.initialBackoff
    }

    /// A (re)connection was made: the peer gets a full `deadAfter` from now. The backoff is not reset:
    /// only hearing from the peer proves the connection works.
    public mutating func connected(now: Duration) {
        lastHeard = now
        lastSent = now
    }

    /// Anything arrived from the peer: it is alive, and the reconnect backoff starts over.
    public mutating func heard(now: Duration) {
        lastHeard = now
        nextBackoff = configuration.initialBackoff
    }

    /// Anything was sent to the peer (which counts as a heartbeat).
    public mutating func sent(now: Duration) { lastSent = now }

    public func isPeerDead(now: Duration) -> Bool { now - lastHeard >= configuration.deadAfter }

    public func shouldSendHeartbeat(now: Duration) -> Bool { now - lastSent >= configuration.interval }

    /// The delay before the next reconnect attempt; each call doubles the following one, up to the cap.
    public mutating func nextReconnectDelay() -> Duration {
        let d = nextBackoff
        nextBackoff = min(nextBackoff * 2, configuration.maxBackoff)
        return d
    }

    /// What to do at `now`. `.peerDead` consumes one backoff step; `.sendHeartbeat` expects `sent(now:)` after.
    public mutating func poll(now: Duration) -> Action {
        if isPeerDead(now: now) { return .peerDead(reconnectAfter: nextReconnectDelay()) }
        if shouldSendHeartbeat(now: now) { return .sendHeartbeat }
        return .none
    }
}
