import Foundation
import Logging
import PalisadeProtocol
import ServiceLifecycle

/// A worker: registers `service` at the broker (READY with `{"pid": …}`), serves requests one at a time
/// through `handler`, heartbeats both ways from its socket thread (also while a handler runs), and
/// reconnects with a new socket after 3 silent intervals, backing off 1 s, 2 s … 32 s.
///
/// Graceful shutdown (SIGTERM via ServiceGroup): stops taking work, lets the in-flight request finish and
/// its reply go out, sends DISCONNECT, returns. Task cancellation stops at once (DISCONNECT, no draining).
public struct BusWorker: Service {
    public struct Configuration: Sendable {
        public var heartbeat: HeartbeatStateMachine.Configuration
        /// Send/receive high-water mark of the DEALER socket, in messages.
        public var highWaterMark: Int32
        /// Upper bound on how long the socket thread sleeps in poll without traffic.
        public var pollInterval: Duration

        public init(heartbeat: HeartbeatStateMachine.Configuration = .init(), highWaterMark: Int32 = 1_000,
                    pollInterval: Duration = .milliseconds(50)) {
            self.heartbeat = heartbeat
            self.highWaterMark = highWaterMark
            self.pollInterval = pollInterval
        }
    }

    private let endpoint: String
    private let service: String
    private let handler: any RequestHandler
    private let configuration: Configuration
    private let logger: Logger

    public init(endpoint: String, service: String, handler: any RequestHandler, logger: Logger) {
        self.init(endpoint: endpoint, service: service, handler: handler, configuration: Configuration(),
                  logger: logger)
    }

    public init(endpoint: String, service: String, handler: any RequestHandler, configuration: Configuration,
                logger: Logger) {
        self.endpoint = endpoint
        self.service = service
        self.handler = handler
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "bus.service"] = "\(service)"
        logger[metadataKey: "bus.endpoint"] = "\(endpoint)"
        self.logger = logger
    }

    /// Serves until graceful shutdown or cancellation. Throws `bus.endpoint.invalid` for a malformed endpoint.
    public func run() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: WorkItem.self)
        let context = try ZMQContext()
        let driver: WorkerDriver
        do {
            driver = try WorkerDriver(
                context: context, endpoint: endpoint, service: service, configuration: configuration,
                continuation: continuation, logger: logger)
        } catch {
            context.terminate()
            throw WireError(code: "bus.endpoint.invalid",
                            message: "cannot connect to bus endpoint '\(endpoint)': \(error); set PALISADE_BUS "
                                + "to e.g. ipc:///path/bus.ipc or tcp://127.0.0.1:5570")
        }
        let thread: SocketThread<WorkerDriver>
        do {
            thread = try SocketThread(name: "palisade.bus.worker", pollInterval: configuration.pollInterval, driver: driver)
        } catch {
            driver.finish()
            throw error
        }
        logger.info("worker registered at the broker")
        let handler = self.handler
        await withGracefulShutdownHandler {
            for await item in stream {
                var reply = await handler.handle(item.request)
                reply.header.correlationID = item.request.header.id
                thread.post(.reply(item, reply))
            }
        } onGracefulShutdown: {
            thread.post(.drain)
        }
        thread.post(.stop)
        await thread.waitUntilStopped()
        logger.info("worker stopped")
    }
}

/// A request handed from the socket thread to the serving task.
struct WorkItem: Sendable {
    var request: Request
    /// The client address frame to reply to.
    var client: Data
    /// Which connection it came in on; a reply for an older connection is dropped (that broker forgot us).
    var generation: Int
}
