import Foundation
import Logging
import PalisadeBenchmark
import ScoringCore
import PalisadeMessaging
import PalisadeProtocol
import PalisadeRuntime

let (env, logger) = ServiceRuntime.bootstrap("palisade-scoring")
do {
    let store = try ScoringStore(directory: env.dataDirectory)
    let sender = try BusClient(endpoint: env.busEndpoint, logger: logger)
    // Real time, or a clock a test moves forward (PALISADE_CLOCK=manual) to let governance due dates pass.
    let clock = ServiceClock.fromEnvironment()
    let now: @Sendable () -> Date = { clock.now() }
    let rescorer = GovernanceRescorer(store: store, sender: sender, logger: logger, now: now)

    // Governance reads the findings and tags of every scan (own cursor); the score of a seal waits for it, so that
    // findings in a grace period are known when the seal is scored.
    let governance = GovernanceConsumer(store: store, logger: logger, now: now)
    let governancePuller = EventPuller(sender: sender, logger: logger, types: GovernanceConsumer.eventTypes,
                                       skipped: { try governance.advance(to: $0) }, cursor: { try governance.cursor() },
                                       apply: { try governance.apply($0) })
    let consumer = ScoringConsumer(store: store, sender: sender, logger: logger, now: now, grace: rescorer)
    // Scoring reacts to seals only: the assessor filters the log, and the cursor moves past the rest unread.
    let puller = EventPuller(sender: sender, logger: logger, types: ScoringConsumer.eventTypes,
                             skipped: { try store.advance(to: $0) }, cursor: { try consumer.cursor() },
                             apply: { try await consumer.apply($0) })
    // Compliance maps the account's findings through the same benchmark the assessor runs (user checks included).
    let settings = try AssessmentSettings.load(home: env.dataDirectory, environment: ProcessInfo.processInfo.environment)
    let benchmark = try Benchmark.load(builtIn: true, extraDirectories: settings.checkDirectories)
    // Compliance history has its own cursor over the same seals: a slow tally for one never holds up the other.
    let compliance = ComplianceConsumer(store: store, benchmark: benchmark, sender: sender, logger: logger, now: now)
    let compliancePuller = EventPuller(sender: sender, logger: logger, types: ComplianceConsumer.eventTypes,
                                       skipped: { try store.advanceCompliance(to: $0) },
                                       cursor: { try compliance.cursor() }, apply: { try await compliance.apply($0) })
    let ticker = GovernanceTicker(store: store, rescorer: rescorer, logger: logger, now: now)

    var router = ScoringHandlers.router(store: store, sender: sender)
    ComplianceService(benchmark: benchmark, store: store, sender: sender, now: now).register(on: &router)
    GovernanceService(store: store, rescorer: rescorer, clock: clock).register(on: &router)
    let worker = BusWorker(endpoint: env.busEndpoint, service: ServiceName.scoring, handler: router, logger: logger)
    try await ServiceRuntime.run([worker, governancePuller, puller, compliancePuller, ticker], logger: logger)
} catch {
    logger.critical("palisade-scoring stopped", metadata: ["error": "\(error)"])
    exit(1)
}
