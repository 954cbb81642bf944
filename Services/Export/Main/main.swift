import ExportCore
import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-export")
do {
    let store = try ExportStore(directory: env.dataDirectory)
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    let configFile = ProcessInfo.processInfo.environment["PALISADE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    let services = ExportServices(store: store, dataDirectory: env.dataDirectory, sender: sender, configFile: configFile,
                                  logger: logger)
    try services.consumer.recover()  // cut the built-in findings files back to what was committed before a crash
    let consumer = services.consumer
    let puller = EventPuller(sender: sender, logger: logger, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.export, handler: services.router, logger: logger)
    try await ServiceRuntime.run([worker, puller] + services.sources + services.sinks
                                 + (services.automation.map { [$0] } ?? []), logger: logger)
} catch {
    logger.critical("palisade-export stopped", metadata: ["error": "\(error)"])
    exit(1)
}
