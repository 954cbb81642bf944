import Foundation
import Logging
import GraphCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-graph")
do {
    let store = try GraphStore(directory: env.dataDirectory)
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    // The graph-decided checks, loaded like the assessor loads the benchmark (same settings and directories).
    let checks = try GraphCheck.load(home: env.dataDirectory, environment: ProcessInfo.processInfo.environment)
    let consumer = GraphConsumer(store: store, sender: sender, logger: logger, checks: checks)
    let puller = EventPuller(sender: sender, logger: logger, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.graph,
                           handler: GraphHandlers.router(store: store), logger: logger)
    try await ServiceRuntime.run([worker, puller], logger: logger)
} catch {
    logger.critical("palisade-graph stopped", metadata: ["error": "\(error)"])
    exit(1)
}
