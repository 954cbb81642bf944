import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing
@testable import AWSConnector

/// What every fix suite uses: a failing finding for a seeded resource, and the plan → apply → plan → undo round trip.
enum FixTest {
    static func finding(_ check: String, _ resource: String, type: String = "aws.s3.bucket", account: String,
                        region: String = "us-east-1") -> Finding {
        let now = Date()
        return Finding(id: "aws/\(account)/\(region)/\(check)/\(resource)", checkID: check, title: check, severity: .high,
                       controlID: "c", resourceID: resource, resourceType: type, provider: "aws",
                       account: account, region: region, status: .fail, reason: "seeded", remediation: "",
                       firstSeen: now, lastSeen: now, scanID: "scan-test", version: 1, lifecycle: .new)
    }

    /// Plans, applies and undoes one fix; `changed` reads the setting after apply, `restored` after undo. Every
    /// call must have a CLI spelling (starting with `cliPrefix` when given).
    @discardableResult
    static func roundTrip(_ planner: FixPlanner, cliPrefix: String? = nil, _ f: Finding,
                          changed: () async throws -> Bool, restored: () async throws -> Bool) async throws -> FixPlanItem {
        let item = try #require(try await planner.plan([f]).first)
        #expect(item.noFix == nil, "\(item.noFix ?? "")")
        #expect(!item.calls.isEmpty && !item.undoCalls.isEmpty
                && item.calls.allSatisfy { call in call.cli.map { cliPrefix.map($0.hasPrefix) ?? true } ?? false })
        let applied = await planner.execute(item, .apply)
        #expect(applied.error == nil && applied.made.count == item.calls.count, "\(applied)")
        #expect(try await changed(), "\(f.checkID): the setting changed")
        let again = try #require(try await planner.plan([f]).first)
        #expect(again.noFix?.contains("already compliant") == true, "\(again)")
        let undone = await planner.execute(item, .undo)
        #expect(undone.error == nil, "\(undone)")
        #expect(try await restored(), "\(f.checkID): the previous configuration is back")
        return item
    }
}
