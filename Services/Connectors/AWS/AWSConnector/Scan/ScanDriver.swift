import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// Runs one scan: collects with an `AWSInventory` and delivers through a `BatchPipeline` to the assessor.
/// The loop only executes the pipeline's actions; sends, collection and retry timers are child tasks.
public struct ScanDriver: Sendable {
    public let sender: any RequestSender
    public let registry: ScanRegistry
    public var pipelineConfig: BatchPipeline.Config
    public var requestTimeout: Duration
    public let logger: Logger

    public init(sender: any RequestSender, registry: ScanRegistry, pipelineConfig: BatchPipeline.Config = .init(),
                requestTimeout: Duration = .seconds(30), logger: Logger) {
        self.sender = sender
        self.registry = registry
        self.pipelineConfig = pipelineConfig
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    enum Event: Sendable {
        case resource(Resource)
        case unitDone(String, [ScopeResult])
        case collected([ScopeResult])
        case acked(Int)
        case sendFailed(Int, String)
        case sealed(SealResult)
        case sealFailed(String)
        case tick
    }

    /// Runs the scan to its end; the outcome is in the registry (`done` or `failed` with the reason).
    public func run(scanID: String, startedAt: Date, make: @Sendable () async throws -> AWSInventory) async {
        var log = logger
        log[metadataKey: "scan.id"] = "\(scanID)"
        let inventory: AWSInventory
        let account: String
        do {
            inventory = try await make()
            account = try await inventory.accountID()
        } catch {
            log.error("scan failed before collection", metadata: ["error": "\(error)"])
            registry.fail(scanID, "\(error)")
            return
        }
        let (regions, regionScope) = await inventory.regions()
        registry.update(scanID) {
            $0.account = account
            $0.scopesTotal = inventory.units(regions: regions.count)
        }
        registry.plan(scanID, collectors: inventory.collectors, regions: regions.count)
        log.info("scan started", metadata: ["aws.account": "\(account)", "aws.regions": "\(regions)"])
        await deliver(scanID: scanID, account: account, startedAt: startedAt, inventory: inventory, regions: regions,
                      extraScopes: [regionScope], logger: log)
    }

    func deliver(scanID: String, account: String, startedAt: Date, inventory: AWSInventory, regions: [String],
                 extraScopes: [ScopeResult] = [], logger: Logger) async {
        let clock = ContinuousClock()
        let start = clock.now
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        var pipeline = BatchPipeline(config: pipelineConfig)
        let (sender, timeout, registry) = (self.sender, requestTimeout, self.registry)
        // Backpressure: a collector waits for a credit per resource; credits come back when the batch holding
        // the resource is acknowledged, so collection never runs more than this far ahead of the assessor.
        let creditLimit = (pipelineConfig.maxInFlight + 2) * pipelineConfig.batchSize
        let credits = AsyncSlots(creditLimit)
        var batchSizes: [Int: Int] = [:]
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                let scopes = await inventory.collect(account: account, regions: regions,
                                                     emit: { await credits.acquire(); sink.yield(.resource($0)) },
                                                     unitDone: { sink.yield(.unitDone($0, $1)) })
                sink.yield(.collected(extraScopes + scopes))
            }
            var armed: Duration?
            for await event in events {
                let now = clock.now - start
                var actions: [BatchPipeline.Action] = []
                switch event {
                case .resource(let r):
                    registry.update(scanID) { $0.resources += 1 }
                    actions = pipeline.add(r, now: now)
                case .unitDone(let service, let scopes): registry.unitDone(scanID, service: service, scopes: scopes)
                case .collected(let scopes):
                    registry.update(scanID) { $0.state = .sealing; $0.scopes = scopes }
                    actions = pipeline.finishCollection(scopes: scopes, now: now)
                case .acked(let seq):
                    actions = pipeline.acknowledged(seq: seq, now: now)
                    credits.release(batchSizes.removeValue(forKey: seq) ?? 0)
                case .sendFailed(let seq, let why):
                    logger.warning("batch not acknowledged; will resend", metadata: ["batch.seq": "\(seq)", "error": "\(why)"])
                    actions = pipeline.sendFailed(seq: seq, error: why, now: now)
                case .sealed(let result): actions = pipeline.sealReplied(result, now: now)
                case .sealFailed(let why):
                    logger.warning("seal not acknowledged; will retry", metadata: ["error": "\(why)"])
                    actions = pipeline.sealFailed(error: why, now: now)
                case .tick:
                    armed = nil
                    actions = pipeline.tick(now: now)
                }
                for action in actions {
                    switch action {
                    case .send(let seq, let resources, _):
                        if batchSizes[seq] == nil { batchSizes[seq] = resources.count }
                        let batch = IngestBatch(scanID: scanID, batchSeq: seq, provider: "aws", account: account,
                                                resources: resources)
                        group.addTask {
                            do {
                                _ = try await sender.call(batch, timeout: timeout, retry: .none,
                                                          idempotencyKey: "\(scanID)/\(seq)")
                                sink.yield(.acked(seq))
                            } catch { sink.yield(.sendFailed(seq, "\(error)")) }
                        }
                    case .seal(let total, let scopes, _):
                        let seal = SealScan(scanID: scanID, provider: "aws", account: account, startedAt: startedAt,
                                            totalBatches: total, scopes: scopes)
                        group.addTask {
                            do { sink.yield(.sealed(try await sender.call(seal, timeout: timeout, retry: .none))) } catch {
                                sink.yield(.sealFailed("\(error)"))
                            }
                        }
                    case .finished(let result):
                        credits.open()
                        registry.update(scanID) { $0.state = .done }
                        logger.info("scan sealed", metadata: ["batches": "\(pipeline.batchesCreated)",
                                                              "sealed": "\(result.sealed)"])
                        sink.finish()
                    case .failed(let why):
                        credits.open()  // a collector waiting for a credit finishes into the closed stream
                        registry.fail(scanID, why)
                        logger.error("scan failed", metadata: ["error": "\(why)"])
                        sink.finish()
                    }
                }
                registry.update(scanID) {
                    $0.batchesAcked = pipeline.batchesAcked
                    $0.batchesSent = pipeline.batchesSent
                    $0.apiCalls = inventory.client.apiCalls
                    $0.retriedCalls = inventory.client.retriedCalls
                }
                if let wake = pipeline.nextWakeup, armed.map({ wake < $0 }) ?? true {
                    armed = wake
                    group.addTask {
                        try? await clock.sleep(until: start + wake)
                        sink.yield(.tick)
                    }
                }
            }
            group.cancelAll()
        }
    }
}
