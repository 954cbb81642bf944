import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// SQS encryption and log retention fixes against moto with signatures and IAM checked.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixCatalogMessagingTests {
    @Test func queueEncryptionAndLogRetentionAreSetAndUndoneAndRetentionIsNeverShortened() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_messaging.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let queue = try #require(seeded["queue"]?.stringValue)
        let url = try #require(seeded["queueUrl"]?.stringValue)
        let short = try #require(seeded["shortLogs"]?.stringValue)

        func sse() async throws -> String? {
            try await client.json(service: "sqs", region: "us-east-1", target: "AmazonSQS", action: "GetQueueAttributes",
                                  body: ["QueueUrl": .string(url), "AttributeNames": ["All"]],
                                  protocolVersion: "1.0")["Attributes"]?["SqsManagedSseEnabled"]?.stringValue
        }
        func retention(_ name: String) async throws -> Int? {
            try await client.json(service: "logs", region: "us-east-1", target: "Logs_20140328", action: "DescribeLogGroups",
                                  body: ["logGroupNamePrefix": .string(name)])["logGroups"]?.arrayValue?
                .first { $0["logGroupName"]?.stringValue == name }?["retentionInDays"]?.intValue
        }
        let findings = [
            FixTest.finding("aws-sqs-queue-encrypted", queue, type: "aws.sqs.queue", account: account),
            FixTest.finding("aws-logs-log-group-retention-365", short, type: "aws.logs.log_group", account: account),
            FixTest.finding("aws-logs-log-group-retention-365", try #require(seeded["foreverLogs"]?.stringValue),
                                           type: "aws.logs.log_group", account: account),
        ]
        let items = try await planner.plan(findings)
        #expect(items[0].calls.first?.cli?.contains("SqsManagedSseEnabled=true") == true, "\(items[0])")
        #expect(items[1].calls.first?.cli?.contains("--log-group-name /palisade/fix/short --retention-in-days 365") == true,
                "\(items[1])")
        #expect(items[2].noFix?.contains("already compliant") == true, "a group kept forever is never given a limit")

        for item in items.prefix(2) { #expect(await planner.execute(item, .apply).error == nil) }
        #expect(try await sse() == "true")
        #expect(try await retention("/palisade/fix/short") == 365)
        #expect(try await retention("/palisade/fix/forever") == nil)
        let again = try await planner.plan(Array(findings.prefix(2)))
        #expect(again.allSatisfy { $0.noFix?.contains("already compliant") == true }, "\(again)")

        for item in items.prefix(2).reversed() { #expect(await planner.execute(item, .undo).error == nil) }
        #expect(try await sse() == "false")
        #expect(try await retention("/palisade/fix/short") == 30)
    }
}
