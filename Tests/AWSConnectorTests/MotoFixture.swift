import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

extension MotoServer {
    /// A seeded user's keys from the seeder's manifest (`palisade-scanner` may do everything).
    static func scannerCredentials(_ manifest: JSONValue, user: String = "palisade-scanner") throws -> AWSCredentials {
        let scanner = try #require(manifest.value(at: "scannerCredentials.\(user)"))
        return AWSCredentials(accessKeyID: try #require(scanner["accessKeyId"]?.stringValue),
                              secretAccessKey: try #require(scanner["secretAccessKey"]?.stringValue))
    }

    /// A client for this server, unthrottled: AWS's rate limits are not a local server's.
    func client(_ credentials: AWSCredentials) -> AWSClient {
        AWSClient(credentials: credentials, endpoints: AWSEndpoints(custom: URL(string: endpoint)),
                  throttle: AWSThrottle(limits: .unlimited))
    }
}

/// One whole scan of us-east-1 at `endpoint` through the scan driver, as the connector process runs it, into an
/// assessor that accepts everything: the scan's final progress and every resource delivered.
func driverScan(endpoint: String, key: String, secret: String, scanID: String) async -> (ScanProgress?, [Resource]) {
    let bus = InProcessBus()
    let assessor = AcceptingAssessor()
    bus.register(ServiceName.assessor, assessor)
    let registry = ScanRegistry()
    registry.register(scanID)
    let driver = ScanDriver(sender: bus, registry: registry, logger: Logger(label: "test"))
    let env = ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
    await driver.run(scanID: scanID, startedAt: Date()) {
        try AWSInventory.make(profile: nil, regions: ["us-east-1"], endpoint: endpoint, environment: env,
                              homeDirectory: "/nonexistent")
    }
    return (registry.progress(scanID), assessor.resources.withLock { $0 })
}
