import Foundation
import Logging
import PalisadeMessaging

/// The broker's socket-thread side: feeds messages and ticks to the state machine and executes its actions.
final class BrokerDriver: SocketDriver {
    enum Command { case stop }

    private let context: ZMQContext
    private(set) var socket: ZMQSocket?
    private let socketFiles: [String]
    private let configuration: Broker.Configuration
    private let logger: Logger
    private var machine: BrokerStateMachine
    private var lastTick = ContinuousClock.now
    private(set) var isFinished = false

    init(context: ZMQContext, socket: ZMQSocket, socketFiles: [String], configuration: Broker.Configuration,
         logger: Logger) {
        self.context = context
        self.socket = socket
        self.socketFiles = socketFiles
        self.configuration = configuration
        self.logger = logger
        machine = BrokerStateMachine(configuration: configuration.stateMachine)
    }

    /// Time since the Unix epoch as the state machine sees it: the wall clock read once at start, advanced by
    /// the monotonic clock, so a wall-clock step cannot expire every worker at once. Request deadlines are
    /// epoch milliseconds set by other processes; slow drift against them is irrelevant at their scale.
    private let wallAtStart: Duration = .nanoseconds(Int64(Date().timeIntervalSince1970 * 1_000_000_000))
    private let monotonicStart = ContinuousClock.now
    private var now: Duration { wallAtStart + (ContinuousClock.now - monotonicStart) }

    func received(_ frames: [Data]) { execute(machine.received(frames, now: now)) }

    func perform(_ command: Command) {
        switch command {
        case .stop:
            execute(machine.shutdown())
            isFinished = true
        }
    }

    func tick() {
        let t = ContinuousClock.now
        guard t - lastTick >= configuration.tickInterval else { return }
        lastTick = t
        execute(machine.tick(now: now))
    }

    private func execute(_ actions: [BrokerStateMachine.Action]) {
        for action in actions {
            switch action {
            case .log(let level, let message):
                logger.log(level: level, "\(message)")
            case .send(let to, let frames):
                guard let socket else { return }
                do {
                    try socket.send([to] + frames)
                } catch let e as ZMQError where e.isHostUnreachable {
                    execute(machine.unreachable(to, now: now))
                } catch {
                    logger.warning("dropped a message to a slow peer", metadata: [
                        "bus.peer": "\(to.map { String(format: "%02x", $0) }.joined())", "error": "\(error)"])
                }
            }
        }
    }

    func finish() {
        socket?.close()
        socket = nil
        context.terminate()
        for file in socketFiles { try? FileManager.default.removeItem(atPath: file) }
    }
}
