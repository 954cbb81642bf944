import Foundation
import GatewayCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeTestKit

/// Drives a BrokerStateMachine with a manual wall clock and reads its actions.
struct BrokerHarness {
    var machine: BrokerStateMachine
    let clock = ManualClock(start: .milliseconds(1_800_000_000_000))

    init(_ configuration: BrokerStateMachine.Configuration = .init()) {
        machine = BrokerStateMachine(configuration: configuration)
    }

    var nowMs: Int64 { Int64(clock.now.components.seconds * 1000 + clock.now.components.attoseconds / 1_000_000_000_000_000) }

    @discardableResult
    mutating func receive(_ from: String, _ frames: [Data]) -> [BrokerStateMachine.Action] {
        machine.received([Data(from.utf8)] + frames, now: clock.now)
    }

    @discardableResult
    mutating func ready(_ worker: String, _ service: String, pid: Int32 = 42) -> [BrokerStateMachine.Action] {
        receive(worker, BusFrames.ready(service: service, metadata: Data("{\"pid\":\(pid)}".utf8)))
    }

    @discardableResult
    mutating func request(_ client: String, _ service: String, id: String, type: String = "echo.say",
                          deadlineIn: Duration? = .seconds(10)) -> [BrokerStateMachine.Action] {
        let header = MessageHeader(id: id, type: type,
                                   deadline: deadlineIn.map { nowMs + Int64($0.components.seconds * 1000) })
        return receive(client, BusFrames.clientRequest(service: service, header: Wire.encodeHeader(header),
                                                       body: Data("{\"text\":\"\(id)\"}".utf8)))
    }

    @discardableResult
    mutating func reply(_ worker: String, to client: String, id: String) -> [BrokerStateMachine.Action] {
        let header = MessageHeader(correlationID: id, type: "echo.say")
        return receive(worker, BusFrames.workerReply(client: Data(client.utf8), header: Wire.encodeHeader(header),
                                                     body: Data("{}".utf8)))
    }

    mutating func tick(after d: Duration) -> [BrokerStateMachine.Action] {
        clock.advance(by: d)
        return machine.tick(now: clock.now)
    }
}

/// A send action, decoded enough for assertions.
struct Sent {
    var to: String
    var frames: [Data]
    var command: String { frames.count > 2 ? String(decoding: frames[2], as: UTF8.self) : "" }
    /// For REQUEST to a worker / REPLY to a client: the header.
    var header: MessageHeader? { frames.count > 4 ? try? Wire.decodeHeader(frames[4]) : nil }
    /// For REQUEST to a worker: the client address.
    var client: String { frames.count > 3 ? String(decoding: frames[3], as: UTF8.self) : "" }
    var isToClient: Bool { frames.count > 1 && frames[1] == BusFrames.clientTag }
}

extension Array where Element == BrokerStateMachine.Action {
    var sent: [Sent] {
        compactMap {
            if case .send(let to, let frames) = $0 { return Sent(to: String(decoding: to, as: UTF8.self), frames: frames) }
            return nil
        }
    }
    var logs: [String] {
        compactMap {
            if case .log(_, let text) = $0 { return text }
            return nil
        }
    }
}
