// SCAFFOLD: the public surface of the messaging layer, fixed so services can be written against it.
// The ZeroMQ implementation replaces these bodies (owner: messaging work stream).
import Foundation
import Logging
import PalisadeProtocol
import ServiceLifecycle

/// A client of the broker: sends requests to services by name over one DEALER socket owned by one thread.
public final class BusClient: RequestSender {
    public init(endpoint: String, logger: Logger) throws { fatalError("BusClient not implemented yet") }
    public func send(_ request: Request, timeout: Duration) async throws -> Reply { fatalError() }
    public func close() {}
}

/// A worker: registers `service` at the broker (READY), serves requests one at a time through `handler`,
/// heartbeats both ways, reconnects with backoff 1 s → 32 s.
public struct BusWorker: Service {
    public init(endpoint: String, service: String, handler: any RequestHandler, logger: Logger) {
        fatalError("BusWorker not implemented yet")
    }
    public func run() async throws {}
}
