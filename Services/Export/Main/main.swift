import ExportCore
import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-export")
do {
    let store = try ExportStore(directory: env.dataDirectory)
    let consumer = ExportConsumer(store: store, directory: env.dataDirectory, logger: logger)
    try consumer.recover()  // cut the sinks back to what was committed before a crash
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    let puller = EventPuller(sender: sender, logger: logger, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.export,
                           handler: ExportHandlers.router(store: store), logger: logger)
    try await ServiceRuntime.run([worker, puller], logger: logger)
} catch {
    logger.critical("palisade-export stopped", metadata: ["error": "\(error)"])
    exit(1)
}
