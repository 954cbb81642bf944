import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

extension BrokerStateMachine {
    /// Periodic work: forget workers silent for `liveness` intervals, heartbeat the others, expire requests.
    public mutating func tick(now: Duration) -> [Action] {
        var actions: [Action] = []
        let deadAfter = configuration.heartbeatInterval * configuration.liveness
        for identity in workers.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard let worker = workers[identity] else { continue }
            if now - worker.lastSeen >= deadAfter {
                actions.append(disconnect(identity))
                actions += forget(identity, reason: "it was silent for \(now - worker.lastSeen)", requeue: .workerLost,
                                  now: now)
            } else if now - worker.lastSent >= configuration.heartbeatInterval {
                workers[identity]?.lastSent = now
                actions.append(.send(to: identity, frames: BusFrames.heartbeat))
            }
        }
        return actions + expireRequests(now: now)
    }

    /// What `gateway.status` answers: every worker and the queue depth of every known service.
    public func status(now: Duration) -> GatewayStatus {
        let list = workers.values
            .sorted { ($0.service, hex($0.identity)) < ($1.service, hex($1.identity)) }
            .map { GatewayStatus.Worker(service: $0.service, pid: $0.pid, identity: hex($0.identity),
                                        lastSeenMs: max(0, (now - $0.lastSeen).wholeMilliseconds)) }
        var queued: [String: Int] = [:]
        for (name, state) in services { queued[name] = state.queue.count }
        for worker in workers.values where queued[worker.service] == nil { queued[worker.service] = 0 }
        return GatewayStatus(workers: list, queued: queued)
    }

    /// The broker's own service, `gateway`.
    func gatewayReply(to client: Data, header: MessageHeader, now: Duration) -> Action {
        guard header.type == GatewayStatusQuery.type else {
            return errorReply(to: client, service: ServiceName.gateway, header: header, .unknownType(header.type))
        }
        let body = (try? Wire.encoder.encode(status(now: now))) ?? Data()
        let replyHeader = MessageHeader(correlationID: header.id, type: header.type)
        return .send(to: client, frames: BusFrames.clientReply(
            service: ServiceName.gateway, header: Wire.encodeHeader(replyHeader), body: body))
    }

    /// DISCONNECT to every worker (broker shutting down), so they re-register with the next broker at once.
    public mutating func shutdown() -> [Action] {
        let actions = workers.keys.map { disconnect($0) }
        workers.removeAll()
        services.removeAll()
        return actions
    }
}

extension Duration {
    var wholeMilliseconds: Int64 {
        let c = components
        return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
    }
}
