import Foundation
import Logging
import PalisadeProtocol

/// The client's socket-thread side: sends queued requests, matches replies, expires timeouts.
final class ClientDriver: SocketDriver {
    enum Command {
        case send(id: String, frames: [Data])
        case stop
    }

    private let context: ZMQContext
    private(set) var socket: ZMQSocket?
    private let state: ClientState
    private let logger: Logger
    /// Requests refused at the high-water mark, retried on the next ticks until they time out.
    private var backlog: [(id: String, frames: [Data])] = []
    private(set) var isFinished = false
    private var lastExpiry = ContinuousClock.now

    init(context: ZMQContext, socket: ZMQSocket, state: ClientState, logger: Logger) {
        self.context = context
        self.socket = socket
        self.state = state
        self.logger = logger
    }

    func perform(_ command: Command) {
        switch command {
        case .send(let id, let frames):
            if backlog.isEmpty { transmit(id: id, frames: frames) } else { backlog.append((id, frames)) }
        case .stop:
            isFinished = true
        }
    }

    private func transmit(id: String, frames: [Data]) {
        guard let socket else { return }
        do {
            try socket.send(frames)
        } catch let e as ZMQError where e.isAgain {
            backlog.append((id, frames))
        } catch {
            state.fail(id: id, with: WireError(code: "bus.send.failed", message: "could not send: \(error)",
                                               retryable: true))
        }
    }

    func received(_ frames: [Data]) {
        // "", PAL1C, REPLY, service, header, body
        guard frames.count == 6, frames[0].isEmpty, frames[1] == BusFrames.clientTag,
              frames[2] == BusFrames.command(Wire.ClientCommand.reply)
        else {
            logger.warning("dropped a malformed message from the broker",
                           metadata: ["bus.frames": "\(frames.map { BusFrames.printable($0) })"])
            return
        }
        let header: MessageHeader
        do { header = try Wire.decodeHeader(frames[4]) } catch {
            logger.warning("dropped a reply whose header does not decode", metadata: ["error": "\(error)"])
            return
        }
        guard let id = header.correlationID else {
            if let error = header.error {
                logger.warning("broker rejected a request it could not attribute",
                               metadata: ["error.code": "\(error.code)", "error.message": "\(error.message)"])
            } else {
                logger.warning("dropped a reply without correlationID", metadata: ["bus.type": "\(header.type)"])
            }
            return
        }
        if !state.complete(id: id, with: Reply(header: header, body: frames[5])) {
            logger.debug("discarded a late reply", metadata: ["bus.request.id": "\(id)"])
        }
    }

    func tick() {
        if !backlog.isEmpty {
            let retry = backlog
            backlog.removeAll()
            for (i, item) in retry.enumerated() where state.isPending(item.id) {
                transmit(id: item.id, frames: item.frames)
                if !backlog.isEmpty {
                    backlog += retry[(i + 1)...].filter { state.isPending($0.id) }
                    break
                }
            }
        }
        // Expiry is a scan over outstanding requests: at most every 10 ms even under heavy traffic.
        let now = ContinuousClock.now
        if now - lastExpiry >= .milliseconds(10) {
            lastExpiry = now
            state.expire(now: now)
        }
    }

    func finish() {
        state.close()
        socket?.close()
        socket = nil
        context.terminate()
    }
}
