import Foundation
import Logging
import GraphCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-graph")
// One replica of the graph: its own state directory, registered as `graph` (shared) and `graph@<name>` (its own).
let replica = ReplicaSettings.current(env, service: ServiceName.graph, defaultName: "palisade-graph")
let startedAt = Date()
do {
    let store = try GraphStore(directory: replica.stateDirectory)
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    // The graph-decided checks, loaded like the assessor loads the benchmark (same settings and directories).
    let checks = try GraphCheck.load(home: env.dataDirectory, environment: ProcessInfo.processInfo.environment)
    let consumer = GraphConsumer(store: store, sender: sender, logger: logger, checks: checks)
    let puller = EventPuller(sender: sender, logger: logger, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    var router = GraphHandlers.router(store: store)
    let served = RequestCounter()
    router.on(ReplicaStatusQuery.self) { _, _ in
        replica.status(position: try store.position(), served: served.value, startedAt: startedAt)
    }
    let handler = CountingHandler(router, counter: served, uncounted: [ReplicaStatusQuery.type])
    let shared = BusWorker(endpoint: env.busEndpoint, service: ServiceName.graph, handler: handler, logger: logger)
    let own = BusWorker(endpoint: env.busEndpoint, service: replica.ownService, handler: handler, logger: logger)
    logger.info("graph replica starting", metadata: [
        "replica.name": "\(replica.name)", "replica.state_dir": "\(replica.stateDirectory.path)"])
    try await ServiceRuntime.run([shared, own, puller], logger: logger)
} catch {
    logger.critical("palisade-graph stopped", metadata: ["error": "\(error)"])
    exit(1)
}
