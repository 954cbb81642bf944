import AWSConnector
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// What the connector tells the scheduler about scans in flight.
@Suite struct ActiveScansTests {
    @Test func requestedScansInFlightAreListedWithTheirTargetUntilTheyEnd() {
        let registry = ScanRegistry()
        let prod = StartAWSScan(profile: "prod", regions: ["us-east-1", "eu-west-1"])
        registry.register("scan-a", target: prod.target)
        registry.register("scan-b", target: StartAWSScan(profile: "dev").target)
        registry.register("child-of-an-organization-scan")
        #expect(registry.active().map(\.scanID) == ["scan-a", "scan-b"], "per-account children carry no target")
        #expect(registry.active().first?.target.key == ScanTarget(profile: "prod", regions: ["eu-west-1", "us-east-1"]).key,
                "the same target whatever the order of its regions")
        registry.update("scan-a") { $0.state = .done }
        registry.fail("scan-b", "no credentials")
        #expect(registry.active().isEmpty)
    }
}
