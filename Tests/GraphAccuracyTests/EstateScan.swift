import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import AWSConnector

/// An assessor that takes every batch and seal: what the scan delivered is the inventory the graph is built from.
final class InventorySink: RequestHandler {
    let resources = Mutex<[Resource]>([])

    func handle(_ request: Request) async -> Reply {
        var router = Router()
        router.on(IngestBatch.self) { b, _ in
            self.resources.withLock { $0 += b.resources }
            return BatchAck(scanID: b.scanID, batchSeq: b.batchSeq, duplicate: false)
        }
        router.on(SealScan.self) { s, _ in
            SealResult(scanID: s.scanID, sealed: true, missingBatches: [], summary: nil)
        }
        return await router.handle(request)
    }
}

/// One whole scan of us-east-1 at `endpoint` through the connector's scan driver, as the connector process runs
/// it (the same as AWSConnectorTests' `driverScan`): the final progress and every resource delivered.
func scanEstate(endpoint: String, key: String, secret: String, scanID: String) async -> (ScanProgress?, [Resource]) {
    let bus = InProcessBus()
    let sink = InventorySink()
    bus.register(ServiceName.assessor, sink)
    let registry = ScanRegistry()
    registry.register(scanID)
    let driver = ScanDriver(sender: bus, registry: registry, logger: Logger(label: "graph-accuracy"))
    let env = ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
    await driver.run(scanID: scanID, startedAt: Date()) {
        try AWSInventory.make(profile: nil, regions: ["us-east-1"], endpoint: endpoint, environment: env,
                              homeDirectory: "/nonexistent")
    }
    return (registry.progress(scanID), sink.resources.withLock { $0 })
}
