import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

extension BrokerStateMachine {
    /// `rest` = REQUEST, service, header, body.
    mutating func fromClient(_ client: Data, _ rest: [Data], now: Duration) -> [Action] {
        let service = rest.count > 1 ? (BusFrames.string(rest[1]) ?? "") : ""
        let decodedHeader = rest.count > 2 ? Result { try Wire.decodeHeader(rest[2]) } : nil
        let header = try? decodedHeader?.get()
        func invalid(_ why: String) -> [Action] {
            [errorReply(to: client, service: service, header: header, .badRequest(why)),
             .log(.warning, "rejected a request from client \(hex(client)): \(why)")]
        }
        guard let command = rest.first else {
            return invalid("a client message needs a command after '\(Wire.clientTag)'")
        }
        guard command == BusFrames.command(Wire.ClientCommand.request) else {
            return invalid("clients may only send REQUEST, got '\(BusFrames.printable(command))'")
        }
        guard rest.count == 4 else {
            return invalid("a REQUEST has 6 frames (\"\", \(Wire.clientTag), REQUEST, service, header, body); "
                           + "got \(rest.count + 2)")
        }
        guard let name = BusFrames.string(rest[1]), !name.isEmpty else {
            return invalid("the service frame must be a non-empty UTF-8 name")
        }
        let decoded: MessageHeader
        switch decodedHeader {
        case .success(let h)?: decoded = h
        case .failure(let error)?:
            return invalid("the header frame is not a valid header: \((error as? WireError)?.message ?? "\(error)")")
        case nil: return invalid("missing header frame")
        }
        if name == ServiceName.gateway {
            return [gatewayReply(to: client, header: decoded, now: now)]
        }
        let expiresAt = decoded.deadline.map { Duration.milliseconds($0) } ?? now + configuration.defaultRequestTTL
        if expiresAt <= now {
            return [errorReply(to: client, service: name, header: decoded, .timeout(name))]
        }
        if services[name, default: ServiceState()].queue.count >= configuration.maxQueuePerService {
            let error = WireError(code: "bus.queue.full",
                                  message: "\(configuration.maxQueuePerService) requests already wait for '\(name)'",
                                  retryable: true)
            return [errorReply(to: client, service: name, header: decoded, error)]
        }
        services[name, default: ServiceState()].queue.append(
            Queued(client: client, header: decoded, rawHeader: rest[2], body: rest[3], expiresAt: expiresAt))
        return dispatch(name, now: now)
    }

    /// Hands queued requests of `service` to idle workers, longest idle first.
    mutating func dispatch(_ service: String, now: Duration) -> [Action] {
        var actions: [Action] = []
        guard var state = services[service] else { return actions }
        while !state.queue.isEmpty, !state.idle.isEmpty {
            let identity = state.idle.removeFirst()
            guard var worker = workers[identity] else { continue }
            let request = state.queue.removeFirst()
            worker.current = request
            worker.lastSent = now
            workers[identity] = worker
            actions.append(.send(to: identity, frames: BusFrames.workerRequest(
                client: request.client, header: request.rawHeader, body: request.body)))
        }
        services[service] = state
        return actions
    }

    /// Expires queued requests whose deadline passed: `bus.service.unknown` when the service has no worker
    /// at all, else `bus.timeout`. Both retryable.
    mutating func expireRequests(now: Duration) -> [Action] {
        var actions: [Action] = []
        for (name, state) in services where state.queue.contains(where: { $0.expiresAt <= now }) {
            let hasWorkers = workers.values.contains { $0.service == name }
            let error = hasWorkers
                ? WireError(code: "bus.timeout",
                            message: "every worker of '\(name)' stayed busy until the deadline", retryable: true)
                : WireError(code: "bus.service.unknown",
                            message: "no worker of '\(name)' registered before the deadline", retryable: true)
            var kept: [Queued] = []
            for request in state.queue {
                if request.expiresAt <= now {
                    actions.append(errorReply(to: request.client, service: name, header: request.header, error))
                } else {
                    kept.append(request)
                }
            }
            services[name]?.queue = kept
            if kept.isEmpty, !hasWorkers { services.removeValue(forKey: name) }
            actions.append(.log(.info, "\(state.queue.count - kept.count) request(s) for '\(name)' expired: \(error.code)"))
        }
        return actions
    }

    func errorReply(to client: Data, service: String, header: MessageHeader?, _ error: WireError) -> Action {
        let replyHeader = MessageHeader(correlationID: header?.id, type: header?.type ?? "", error: error)
        return .send(to: client, frames: BusFrames.clientReply(
            service: service, header: Wire.encodeHeader(replyHeader), body: Data()))
    }
}
