import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import ServiceLifecycle

/// The broker inside palisade-gateway: binds one ROUTER at the bus endpoint (and at any further `listen`
/// endpoints, e.g. `tcp://0.0.0.0:5570` for replicas on other hosts) and runs `BrokerStateMachine` on its own
/// socket thread (ticking every ~100 ms). Graceful shutdown: DISCONNECT to every worker, socket closed
/// (linger 500 ms), ipc socket files removed, `run()` returns.
public struct Broker: Service {
    public struct Configuration: Sendable {
        public var stateMachine: BrokerStateMachine.Configuration
        public var tickInterval: Duration
        /// Send/receive high-water mark of the ROUTER, in messages per peer.
        public var highWaterMark: Int32
        public var lingerMs: Int32

        public init(stateMachine: BrokerStateMachine.Configuration = .init(), tickInterval: Duration = .milliseconds(100),
                    highWaterMark: Int32 = 10_000, lingerMs: Int32 = 500) {
            self.stateMachine = stateMachine
            self.tickInterval = tickInterval
            self.highWaterMark = highWaterMark
            self.lingerMs = lingerMs
        }
    }

    private let endpoint: String
    private let listen: [String]
    private let configuration: Configuration
    private let logger: Logger

    public init(endpoint: String, listen: [String] = [], logger: Logger) {
        self.init(endpoint: endpoint, listen: listen, configuration: Configuration(), logger: logger)
    }

    public init(endpoint: String, listen: [String] = [], configuration: Configuration, logger: Logger) {
        self.endpoint = endpoint
        self.listen = listen.filter { $0 != endpoint }
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "bus.endpoint"] = "\(([endpoint] + self.listen).joined(separator: ","))"
        self.logger = logger
    }

    /// Every endpoint the broker binds: the bus endpoint first.
    public var endpoints: [String] { [endpoint] + listen }

    /// Extra endpoints from `PALISADE_BUS_LISTEN` (comma-separated, e.g. `tcp://0.0.0.0:5570`).
    public static func listenEndpoints(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        (environment["PALISADE_BUS_LISTEN"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Binds, then serves until graceful shutdown or cancellation. Throws `GatewayError`
    /// (`gateway.bind.failed`) when the endpoint cannot be bound, e.g. another broker owns it.
    public func run() async throws {
        let context = try ZMQContext()
        let socket: ZMQSocket
        var socketFiles: [String] = []
        do {
            for e in endpoints { if let file = try BrokerEndpoint.prepare(e) { socketFiles.append(file) } }
            socket = try ZMQSocket(context, kind: .router)
            var current = endpoint
            do {
                try socket.configure(lingerMs: configuration.lingerMs, highWaterMark: configuration.highWaterMark)
                try socket.setRouterMandatory()
                for e in endpoints {
                    current = e
                    try socket.bind(e)
                }
            } catch {
                socket.close()
                let variable = current == endpoint ? "PALISADE_BUS" : "PALISADE_BUS_LISTEN"
                throw GatewayError(code: "gateway.bind.failed",
                                   message: "cannot bind the bus at '\(current)': \(error). Is another "
                                       + "palisade-gateway running? Otherwise set \(variable) to a free endpoint.")
            }
        } catch {
            context.terminate()
            throw error
        }
        let driver = BrokerDriver(context: context, socket: socket, socketFiles: socketFiles,
                                  configuration: configuration, logger: logger)
        let thread: SocketThread<BrokerDriver>
        do {
            thread = try SocketThread(name: "palisade.broker", pollInterval: configuration.tickInterval, driver: driver)
        } catch {
            driver.finish()
            throw error
        }
        logger.info("broker listening")
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await thread.waitUntilStopped()
            } onGracefulShutdown: {
                thread.post(.stop)
            }
        } onCancel: {
            thread.post(.stop)
        }
        logger.info("broker stopped")
    }
}

/// A gateway failure with a stable dotted code.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}
