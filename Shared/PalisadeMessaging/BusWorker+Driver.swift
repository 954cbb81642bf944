import Foundation
import Logging
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The worker's socket-thread side: READY, heartbeats, requests in, replies out, reconnects, DISCONNECT.
final class WorkerDriver: SocketDriver {
    enum Command {
        case reply(WorkItem, Reply)
        /// Graceful shutdown: take no more work; finish the stream once nothing is in flight.
        case drain
        case stop
    }

    private let context: ZMQContext
    private let endpoint: String
    private let service: String
    private let configuration: BusWorker.Configuration
    private let continuation: AsyncStream<WorkItem>.Continuation
    private let logger: Logger
    private let origin = ContinuousClock.now
    private let metadata: Data

    private(set) var socket: ZMQSocket?
    private(set) var isFinished = false
    private var heartbeat: HeartbeatStateMachine
    private var reconnectAt: Duration?
    private var generation = 0
    /// Requests handed to the handler and not yet answered (across connections).
    private var outstanding = 0
    /// A request of the current connection is being handled.
    private var busy = false
    private var draining = false
    private var disconnectSent = false

    /// Opens the first connection and sends READY; throws if the endpoint is malformed.
    init(context: ZMQContext, endpoint: String, service: String, configuration: BusWorker.Configuration,
         continuation: AsyncStream<WorkItem>.Continuation, logger: Logger) throws {
        self.context = context
        self.endpoint = endpoint
        self.service = service
        self.configuration = configuration
        self.continuation = continuation
        self.logger = logger
        metadata = Data("{\"pid\":\(getpid())}".utf8)
        heartbeat = HeartbeatStateMachine(configuration: configuration.heartbeat, now: .zero)
        try connect(now: .zero)
    }

    private var now: Duration { ContinuousClock.now - origin }

    private func connect(now: Duration) throws {
        let s = try ZMQSocket(context, kind: .dealer)
        do {
            try s.configure(lingerMs: 0, highWaterMark: configuration.highWaterMark)
            try s.connect(endpoint)
        } catch {
            s.close()
            throw error
        }
        socket = s
        generation += 1
        busy = false
        reconnectAt = nil
        heartbeat.connected(now: now)
        transmit(BusFrames.ready(service: service, metadata: metadata))
    }

    private func disconnect(reconnectAfter delay: Duration) {
        socket?.close()
        socket = nil
        busy = false
        reconnectAt = now + delay
    }

    private func transmit(_ frames: [Data]) {
        guard let socket else { return }
        do {
            try socket.send(frames)
            heartbeat.sent(now: now)
        } catch {
            // At the high-water mark toward a dead broker; the heartbeat logic will replace the socket.
            logger.debug("could not send to the broker", metadata: ["error": "\(error)"])
        }
    }

    func perform(_ command: Command) {
        switch command {
        case .reply(let item, let reply):
            outstanding -= 1
            if item.generation == generation, socket != nil {
                busy = false
                transmit(BusFrames.workerReply(client: item.client, header: Wire.encodeHeader(reply.header),
                                               body: reply.body))
            } else {
                logger.warning("dropped a reply: the connection it came in on was lost (the client retries)",
                               metadata: ["bus.request.id": "\(item.request.header.id)"])
            }
            if draining && outstanding == 0 { drained() }
        case .drain:
            guard !draining else { return }
            draining = true
            logger.info("graceful shutdown: no new work", metadata: ["bus.inFlight": "\(outstanding)"])
            if outstanding == 0 { drained() }
        case .stop:
            isFinished = true
        }
    }

    /// Nothing in flight while draining: DISCONNECT right behind the last reply, so the broker gives
    /// anything it already sent us to another worker, and end the request stream.
    private func drained() {
        if socket != nil, !disconnectSent {
            transmit(BusFrames.disconnect)
            disconnectSent = true
        }
        continuation.finish()
    }

    func received(_ frames: [Data]) {
        if disconnectSent { return }
        heartbeat.heard(now: now)
        guard frames.count >= 3, frames[0].isEmpty, frames[1] == BusFrames.workerTag,
              let command = BusFrames.string(frames[2]).flatMap(Wire.WorkerCommand.init(rawValue:))
        else {
            logger.warning("dropped a malformed message from the broker",
                           metadata: ["bus.frames": "\(frames.map { BusFrames.printable($0) })"])
            return
        }
        switch command {
        case .heartbeat:
            break
        case .disconnect:
            let delay = heartbeat.nextReconnectDelay()
            logger.warning("broker sent DISCONNECT; reconnecting", metadata: ["bus.retryIn": "\(delay)"])
            disconnect(reconnectAfter: delay)
        case .request where frames.count == 6:
            request(client: frames[3], header: frames[4], body: frames[5])
        default:
            logger.warning("dropped an unexpected message from the broker",
                           metadata: ["bus.command": "\(command.rawValue)", "bus.frameCount": "\(frames.count)"])
        }
    }

    private func request(client: Data, header raw: Data, body: Data) {
        let header: MessageHeader
        do { header = try Wire.decodeHeader(raw) } catch {
            let reply = Reply(header: MessageHeader(type: "", error: error as? WireError ?? .badRequest("\(error)")),
                              body: Data())
            transmit(BusFrames.workerReply(client: client, header: Wire.encodeHeader(reply.header), body: Data()))
            return
        }
        if draining {
            // Not ours any more: the broker hands it to another worker when our DISCONNECT arrives.
            logger.info("shutting down: left a request to the broker", metadata: ["bus.request.id": "\(header.id)"])
            return
        }
        if busy {
            let error = WireError(code: "bus.worker.unavailable", message: "worker of '\(service)' is busy",
                                  retryable: true)
            let reply = Reply.failure(to: header, error)
            transmit(BusFrames.workerReply(client: client, header: Wire.encodeHeader(reply.header), body: Data()))
            return
        }
        busy = true
        outstanding += 1
        continuation.yield(WorkItem(request: Request(service: service, header: header, body: body),
                                    client: client, generation: generation))
    }

    func tick() {
        let now = self.now
        if disconnectSent { return }
        if socket == nil {
            guard let at = reconnectAt, at <= now, !draining else { return }
            do {
                try connect(now: now)
                logger.info("reconnected to the broker")
            } catch {
                let delay = heartbeat.nextReconnectDelay()
                logger.error("reconnect failed", metadata: ["error": "\(error)", "bus.retryIn": "\(delay)"])
                reconnectAt = now + delay
            }
            return
        }
        switch heartbeat.poll(now: now) {
        case .none:
            break
        case .sendHeartbeat:
            transmit(BusFrames.heartbeat)
        case .peerDead(let delay):
            logger.warning("broker silent; reconnecting with a new socket",
                           metadata: ["bus.silentFor": "\(now - heartbeat.lastHeard)", "bus.retryIn": "\(delay)"])
            disconnect(reconnectAfter: delay)
        }
    }

    func finish() {
        if let socket {
            // DISCONNECT must leave before close: linger briefly for it alone (all sockets use linger 0 otherwise).
            if !disconnectSent { transmit(BusFrames.disconnect) }
            try? socket.setLinger(200)
            socket.close()
            self.socket = nil
        }
        context.terminate()
        continuation.finish()
    }
}
