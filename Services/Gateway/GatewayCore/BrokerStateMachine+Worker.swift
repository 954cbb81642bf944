import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

extension BrokerStateMachine {
    /// `rest` = command, then its frames.
    mutating func fromWorker(_ identity: Data, _ rest: [Data], now: Duration) -> [Action] {
        let known = workers[identity] != nil
        if known { workers[identity]?.lastSeen = now }
        guard let raw = rest.first, let text = BusFrames.string(raw),
              let command = Wire.WorkerCommand(rawValue: text)
        else {
            return protocolError(identity, "unknown worker command '\(rest.first.map { BusFrames.printable($0) } ?? "")'", now: now)
        }
        switch command {
        case .ready:
            guard !known else { return protocolError(identity, "READY from an already registered worker", now: now) }
            guard rest.count == 2 || rest.count == 3 else {
                return protocolError(identity, "READY has a service and a metadata frame; got \(rest.count - 1) frames", now: now)
            }
            guard let service = BusFrames.string(rest[1]), !service.isEmpty else {
                return protocolError(identity, "READY without a UTF-8 service name", now: now)
            }
            guard service != ServiceName.gateway else {
                return protocolError(identity, "service name 'gateway' is reserved for the broker", now: now)
            }
            let pid = rest.count == 3 ? Self.pid(fromMetadata: rest[2]) : nil
            workers[identity] = Worker(identity: identity, service: service, pid: pid, lastSeen: now, lastSent: now,
                                       current: nil)
            services[service, default: ServiceState()].idle.append(identity)
            return [.log(.info, "worker \(hex(identity)) ready for '\(service)' (pid \(pid.map { "\($0)" } ?? "unknown"))")]
                + dispatch(service, now: now)
        case .reply:
            guard let worker = workers[identity] else { return [disconnect(identity)] }
            guard worker.busy else { return protocolError(identity, "REPLY from a worker that has no request", now: now) }
            guard rest.count == 4 else {
                return protocolError(identity, "REPLY has client address, header and body; got \(rest.count - 1) frames", now: now)
            }
            workers[identity]?.current = nil
            services[worker.service, default: ServiceState()].idle.append(identity)
            let forward = Action.send(to: rest[1], frames: BusFrames.clientReply(
                service: worker.service, header: rest[2], body: rest[3]))
            return [forward] + dispatch(worker.service, now: now)
        case .heartbeat:
            return known ? [] : [disconnect(identity)]
        case .disconnect:
            // A worker that says DISCONNECT has not served (and will not answer) the request it holds:
            // that request goes back to the front of the queue for another worker.
            guard workers[identity] != nil else { return [] }
            return forget(identity, reason: "it disconnected", requeue: .givenBack, now: now)
        case .request:
            return protocolError(identity, "workers may not send REQUEST", now: now)
        }
    }

    /// A worker broke the protocol: tell it DISCONNECT and forget it.
    mutating func protocolError(_ identity: Data, _ why: String, now: Duration) -> [Action] {
        var actions = [disconnect(identity), .log(.warning, "disconnecting worker \(hex(identity)): \(why)")]
        if workers[identity] != nil { actions += forget(identity, reason: "of a protocol error", now: now) }
        return actions
    }

    func disconnect(_ identity: Data) -> Action {
        .send(to: identity, frames: BusFrames.disconnect)
    }

    /// What happens to the request a forgotten worker holds.
    enum Requeue {
        /// Dropped (the client times out and retries with the same id): a worker that broke the protocol.
        case drop
        /// The worker said DISCONNECT without serving it: first in the queue for another worker.
        case givenBack
        /// The worker died (silent or unreachable) while serving it: first in the queue for another worker,
        /// up to `maxRedeliveries` times; then the client gets `bus.worker.lost`.
        case workerLost
    }

    /// Removes a worker and settles the request it was serving (see `Requeue`), dispatching it at once.
    mutating func forget(_ identity: Data, reason: String, requeue: Requeue = .drop, now: Duration) -> [Action] {
        guard let worker = workers.removeValue(forKey: identity) else { return [] }
        services[worker.service]?.idle.removeAll { $0 == identity }
        let name = worker.service
        if var request = worker.current, requeue != .drop {
            if requeue == .workerLost { request.lostWorkers += 1 }
            if request.lostWorkers <= configuration.maxRedeliveries {
                services[name, default: ServiceState()].queue.insert(request, at: 0)
                let log = Action.log(requeue == .givenBack ? .info : .warning,
                                     "forgot worker \(hex(identity)) of '\(name)' because \(reason); its request "
                                         + "\(request.header.id) waits for another worker")
                return [log] + dispatch(name, now: now)
            }
            let error = WireError(code: "bus.worker.lost",
                                  message: "\(request.lostWorkers) workers of '\(name)' died while serving this request; "
                                      + "it is not tried again", retryable: false)
            dropServiceIfUnused(name)
            return [errorReply(to: request.client, service: name, header: request.header, error),
                    .log(.error, "forgot worker \(hex(identity)) of '\(name)' because \(reason); request "
                         + "\(request.header.id) (\(request.header.type)) failed with bus.worker.lost")]
        }
        dropServiceIfUnused(name)
        let dropped = worker.busy ? "; its in-flight request is dropped (the client will retry)" : ""
        return [.log(worker.busy ? .warning : .info,
                     "forgot worker \(hex(identity)) of '\(name)' because \(reason)\(dropped)")]
    }

    private mutating func dropServiceIfUnused(_ name: String) {
        if let state = services[name], state.idle.isEmpty, state.queue.isEmpty,
           !workers.values.contains(where: { $0.service == name }) {
            services.removeValue(forKey: name)
        }
    }

    /// `{"pid": 123}`; anything else means the pid is unknown.
    static func pid(fromMetadata data: Data) -> Int32? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let number = object["pid"] as? NSNumber else { return nil }
        let value = number.int64Value
        guard value > 0, value <= Int64(Int32.max) else { return nil }
        return Int32(value)
    }
}
