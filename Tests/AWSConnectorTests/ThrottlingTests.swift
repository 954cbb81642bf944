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
        await driverScan(endpoint: endpoint, key: key, secret: secret, scanID: "scan-throttle")
    }

    /// Properties that change between two scans of the same estate whatever the network does: the raw API
    /// answer (timestamps), moto's delivery times, credential-report last-used times (the scans themselves use
    /// keys), and SQS queue URLs (they name the endpoint the scan went through).
    static let volatile: Set<String> = ["raw", "latestDeliveryTime", "users", "queueUrl"]

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
        // Even undisturbed, moto answers HTTP 500 to a few EC2 account-setting calls, which are retried too.
        let baseline = calm?.retriedCalls ?? 0

        let proxy = try FaultProxy.start(upstream: moto.endpoint, every: 3, retryAfter: 1)
        defer { proxy.stop() }
        let (stormy, disturbed) = await scan(endpoint: proxy.endpoint, key: key, secret: secret)
        let stats = try await proxy.stats()
        let p = try #require(stormy)
        #expect(p.state == .done, "\(p.error ?? "")")
        #expect(!p.scopes.contains(where: MotoGaps.failed), "\(p.scopes.filter(MotoGaps.failed))")
        #expect(stats.faults > 10, "the proxy injected \(stats.faults) faults")
        // Every injected fault was retried. Calls moto itself fails (three EC2 account settings and Access Analyzer's
        // ListAnalyzers) run out of attempts either way, so a fault injected into one of them may replace a retry
        // the calm scan also made: allow two such per failing call.
        #expect(p.retriedCalls - baseline >= stats.faults - 8, "retried \(p.retriedCalls), faults \(stats.faults)")

        let a = comparable(undisturbed)
        let b = comparable(disturbed)
        #expect(a.count > 20)
        #expect(Set(a.keys) == Set(b.keys))
        for (id, resource) in a {
            guard let other = b[id] else { continue }
            #expect(Set(resource.unknown.keys) == Set(other.unknown.keys), "\(id): \(resource.unknown) vs \(other.unknown)")
            let diff = (resource.properties.objectValue ?? [:])
                .filter { !Self.volatile.contains($0.key) && other.properties[$0.key] != $0.value }.map(\.key)
            #expect(diff.isEmpty, "\(id) differs after throttling in \(diff)")
        }
    }
}
