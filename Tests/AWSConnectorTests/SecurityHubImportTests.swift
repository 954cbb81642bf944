import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// BatchImportFindings and GetFindings against moto's Security Hub, signatures and IAM checked.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SecurityHubImportTests {
    static func asff(_ i: Int, account: String, state: String = "ACTIVE", updated: String = "2026-12-04T10:00:00Z") -> JSONValue {
        [
            "SchemaVersion": "2018-10-08", "Id": .string("aws/\(account)/us-east-1/check-\(i % 7)/bucket-\(i)"),
            "ProductArn": .string("arn:aws:securityhub:us-east-1:\(account):product/\(account)/default"),
            "GeneratorId": .string("check-\(i % 7)"), "AwsAccountId": .string(account),
            "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
            "CreatedAt": "2026-12-04T09:00:00Z", "UpdatedAt": .string(updated),
            "Severity": ["Label": "HIGH"], "Title": .string("Finding \(i)"), "Description": "why",
            "Resources": [["Type": "AwsS3Bucket", "Id": .string("arn:aws:s3:::bucket-\(i)")]],
            "RecordState": .string(state), "Workflow": ["Status": state == "ACTIVE" ? "NEW" : "RESOLVED"],
        ]
    }

    @Test func findingsAreImportedInCallsOfAHundredAndAReimportUpdatesInsteadOfAdding() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let hub = SecurityHubImporter(client: moto.client(try MotoServer.scannerCredentials(manifest)))

        let first = try await hub.importFindings((0..<250).map { Self.asff($0, account: account) }, region: "us-east-1")
        #expect(first.calls == 3 && first.successCount == 250 && first.failed.isEmpty, "\(first)")
        let all = try await hub.findings(ids: [], region: "us-east-1")
        #expect(all.count == 250)

        // The same ids again, one of them now archived: still 250 findings, that one ARCHIVED.
        var again = (0..<250).map { Self.asff($0, account: account, updated: "2026-12-04T11:00:00Z") }
        again[7] = Self.asff(7, account: account, state: "ARCHIVED", updated: "2026-12-04T11:00:00Z")
        let second = try await hub.importFindings(again, region: "us-east-1")
        #expect(second.successCount == 250 && second.failed.isEmpty)
        let after = try await hub.findings(ids: [], region: "us-east-1")
        #expect(after.count == 250, "a re-import adds no finding")
        let seventh = after.filter { $0["Id"] == again[7]["Id"] }
        #expect(seventh.count == 1 && seventh.first?["RecordState"]?.stringValue == "ARCHIVED", "\(seventh)")
        #expect(after.filter { $0["RecordState"]?.stringValue == "ARCHIVED" }.count == 1)
    }
}
