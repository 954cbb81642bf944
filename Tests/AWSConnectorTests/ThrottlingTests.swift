import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// A proxy between the connector and moto injects 429 (with Retry-After) and 503 replies into every third new
/// request; the scan must retry its way to exactly the inventory of an undisturbed scan.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ThrottlingTests {
    func scan(endpoint: String, key: String, secret: String) async -> (ScanProgress?, [Resource]) {
        let bus = InProcessBus()
        let assessor = AcceptingAssessor()
        bus.register(ServiceName.assessor, assessor)
        let registry = ScanRegistry()
        registry.register("scan-throttle")
        let driver = ScanDriver(sender: bus, registry: registry, logger: Logger(label: "test"))
        let env = ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
        await driver.run(scanID: "scan-throttle", startedAt: Date()) {
            try AWSInventory.make(profile: nil, regions: ["us-east-1"], endpoint: endpoint, environment: env,
                                  homeDirectory: "/nonexistent")
        }
        return (registry.progress("scan-throttle"), assessor.resources.withLock { $0 })
    }

    /// What a scan saw, minus the scanner's own user (its key's last-used time moves with every scan).
    func comparable(_ resources: [Resource]) -> [String: Resource] {
        Dictionary(resources.filter { !$0.name.hasPrefix("palisade-scanner") }.map { ($0.id, $0) },
                   uniquingKeysWith: { a, _ in a })
    }

    @Test func throttledAndFailingCallsAreRetriedAndTheInventoryIsTheSame() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let scanner = try #require(manifest.value(at: "scannerCredentials.palisade-scanner"))
        let key = try #require(scanner["accessKeyId"]?.stringValue)
        let secret = try #require(scanner["secretAccessKey"]?.stringValue)

        let (calm, undisturbed) = await scan(endpoint: moto.endpoint, key: key, secret: secret)
        #expect(calm?.state == .done)
        #expect(calm?.retriedCalls == 0)

        let proxy = try FaultProxy.start(upstream: moto.endpoint, every: 3, retryAfter: 1)
        defer { proxy.stop() }
        let (stormy, disturbed) = await scan(endpoint: proxy.endpoint, key: key, secret: secret)
        let stats = try await proxy.stats()
        let p = try #require(stormy)
        #expect(p.state == .done, "\(p.error ?? "")")
        #expect(p.scopes.allSatisfy { $0.status == .ok }, "\(p.scopes.filter { $0.status != .ok })")
        #expect(stats.faults > 10, "the proxy injected \(stats.faults) faults")
        #expect(p.retriedCalls == stats.faults, "every injected fault was retried once")

        let a = comparable(undisturbed)
        let b = comparable(disturbed)
        #expect(a.count > 20)
        #expect(Set(a.keys) == Set(b.keys))
        for (id, resource) in a where b[id] != resource {
            Issue.record("\(id) differs after throttling: \(resource.unknown) vs \(b[id]?.unknown ?? [:])")
        }
    }
}
