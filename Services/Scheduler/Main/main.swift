import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime
import SchedulerCore

let (env, logger) = ServiceRuntime.bootstrap("palisade-scheduler")
do {
    let store = try ScheduleStore(directory: env.dataDirectory)
    // The supervisor passes the file it was started with; without one there are no schedules.
    let configFile = ProcessInfo.processInfo.environment["PALISADE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    let engine = try SchedulerEngine(store: store, configFile: configFile, logger: logger, now: Date())
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    let loop = SchedulerLoop(engine: engine, sender: sender, logger: logger)
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.scheduler,
                           handler: SchedulerHandlers.router(engine: engine), logger: logger)
    try await ServiceRuntime.run([worker, loop], logger: logger)
} catch {
    logger.critical("palisade-scheduler stopped", metadata: ["error": "\(error)"])
    exit(1)
}
