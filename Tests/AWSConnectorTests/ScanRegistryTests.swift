import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing
@testable import AWSConnector

@Suite struct ScanRegistryTests {
    @Test func perServiceProgressSumsTheCollectorsOfAServiceOverRegions() throws {
        let registry = ScanRegistry()
        registry.register("s")
        registry.plan("s", collectors: [IAMCollector.self, IAMPolicyCollector.self, EC2Collector.self, VPCCollector.self,
                                        S3Collector.self], regions: 3)
        var p = try #require(registry.progress("s"))
        #expect(p.services == [ServiceProgress(service: "iam", done: 0, total: 2),
                               ServiceProgress(service: "ec2", done: 0, total: 6),
                               ServiceProgress(service: "s3", done: 0, total: 1)])
        let denied = ScopeResult(service: "ec2", region: "eu-west-1", status: .error, reason: "AccessDenied: ec2:DescribeVpcs",
                                 resourceTypes: ["aws.ec2.vpc"])
        registry.unitDone("s", service: "ec2", scopes: [denied, ScopeResult(service: "ec2", region: "eu-west-1", status: .ok)])
        registry.unitDone("s", service: "iam", scopes: [])
        p = try #require(registry.progress("s"))
        #expect(p.services[0] == ServiceProgress(service: "iam", done: 1, total: 2))
        #expect(p.services[1] == ServiceProgress(service: "ec2", done: 1, total: 6, failed: 1))
        #expect(p.scopesDone == 2)
    }
}
