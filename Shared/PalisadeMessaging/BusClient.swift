import Foundation
import Logging
import PalisadeProtocol

/// A client of the broker: sends requests to services by name over one DEALER socket owned by one thread.
/// Many requests may be outstanding at once (from any number of tasks); replies are matched by
/// `correlationID` = request `header.id`. A request without a reply before `timeout` throws
/// `WireError.timeout(service)`; a reply arriving later is discarded.
public final class BusClient: RequestSender {
    public struct Configuration: Sendable {
        /// Send/receive high-water mark of the DEALER socket, in messages.
        public var highWaterMark: Int32
        /// How often the socket thread wakes without traffic to expire timed-out requests.
        public var pollInterval: Duration
        /// Service-name rewrites for outgoing requests (e.g. `graph` → `graph@palisade-graph-2`).
        public var routes: BusRoutes

        public init(highWaterMark: Int32 = 10_000, pollInterval: Duration = .milliseconds(50),
                    routes: BusRoutes = BusRoutes()) {
            self.highWaterMark = highWaterMark
            self.pollInterval = pollInterval
            self.routes = routes
        }
    }

    private let state: ClientState
    private let routes: BusRoutes
    private let thread: SocketThread<ClientDriver>
    private let logger: Logger

    /// Connects with the default configuration and the routes in `PALISADE_BUS_ROUTE`, if any
    /// (`graph=graph@palisade-graph-2` sends every graph request of this client to that replica).
    public convenience init(endpoint: String, logger: Logger) throws {
        try self.init(endpoint: endpoint, configuration: Configuration(routes: .fromEnvironment()), logger: logger)
    }

    /// Connects (asynchronously: requests queue until the broker is reachable). Throws for a malformed endpoint.
    public init(endpoint: String, configuration: Configuration, logger: Logger) throws {
        var logger = logger
        logger[metadataKey: "bus.endpoint"] = "\(endpoint)"
        self.logger = logger
        let state = ClientState()
        let context = try ZMQContext()
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(context, kind: .dealer)
        } catch {
            context.terminate()
            throw error
        }
        do {
            try socket.configure(lingerMs: 0, highWaterMark: configuration.highWaterMark)
            try socket.connect(endpoint)
        } catch {
            socket.close()  // before terminate: zmq_ctx_term waits for every open socket
            context.terminate()
            throw WireError(code: "bus.endpoint.invalid",
                            message: "cannot connect to bus endpoint '\(endpoint)': \(error); set PALISADE_BUS "
                                + "to e.g. ipc:///path/bus.ipc or tcp://127.0.0.1:5570")
        }
        self.state = state
        routes = configuration.routes
        let driver = ClientDriver(context: context, socket: socket, state: state, logger: logger)
        do {
            thread = try SocketThread(name: "palisade.bus.client", pollInterval: configuration.pollInterval, driver: driver)
        } catch {
            driver.finish()
            throw error
        }
    }

    public func send(_ request: Request, timeout: Duration) async throws -> Reply {
        let service = routes.target(for: request.service)
        let frames = BusFrames.clientRequest(
            service: service, header: Wire.encodeHeader(request.header), body: request.body)
        let id = request.header.id
        let deadline = ContinuousClock.now + timeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Reply, any Error>) in
                if let error = state.register(id: id, service: service, deadline: deadline, continuation: c) {
                    c.resume(throwing: error)
                    return
                }
                if Task.isCancelled {
                    state.fail(id: id, with: CancellationError())
                    return
                }
                thread.post(.send(id: id, frames: frames))
            }
        } onCancel: {
            state.fail(id: id, with: CancellationError())
        }
    }

    /// Fails outstanding requests (`bus.client.closed`) and stops the socket thread. Does not block.
    public func close() {
        state.close()
        thread.post(.stop)
    }

    /// Returns once the socket is closed and the context terminated (after `close()`).
    public func waitUntilClosed() async { await thread.waitUntilStopped() }

    deinit { close() }
}

extension WireError {
    static let clientClosed = WireError(code: "bus.client.closed", message: "the bus client was closed")
}
