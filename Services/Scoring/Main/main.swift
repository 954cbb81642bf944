import Foundation
import Logging
import ScoringCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-scoring")
do {
    let store = try ScoringStore(directory: env.dataDirectory)
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    let consumer = ScoringConsumer(store: store, sender: sender, logger: logger)
    // Scoring reacts to seals only: the assessor filters the log, and the cursor moves past the rest unread.
    let puller = EventPuller(sender: sender, logger: logger, types: ScoringConsumer.eventTypes,
                             skipped: { try store.advance(to: $0) }, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.scoring,
                           handler: ScoringHandlers.router(store: store, sender: sender), logger: logger)
    try await ServiceRuntime.run([worker, puller], logger: logger)
} catch {
    logger.critical("palisade-scoring stopped", metadata: ["error": "\(error)"])
    exit(1)
}
