import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// The S3 fixes against moto with signatures and IAM checked: plan shows the calls, apply changes the setting,
/// a second plan finds nothing to do, undo puts back exactly what was there.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixCatalogStorageTests {
    func get(_ c: AWSClient, _ bucket: String, _ sub: String) async throws -> String? {
        do {
            return String(decoding: try await c.s3Get(bucket: bucket, subresource: sub, region: "us-east-1", operation: sub),
                          as: UTF8.self)
        } catch let e as AWSError where e.httpStatus == 404 { return nil }
    }

    @Test func eachS3FixChangesTheSettingAndUndoRestoresIt() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_buckets.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)

        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-public-access-block", "arn:aws:s3:::fix-pab", account: account),
            changed: { try S3Config.blocksAll(try await get(client, "fix-pab", "publicAccessBlock").map(JSONValue.string)) },
            restored: { try await get(client, "fix-pab", "publicAccessBlock") == nil })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-default-encryption", "arn:aws:s3:::fix-enc", account: account),
            changed: { try await get(client, "fix-enc", "encryption")?.contains("AES256") == true },
            restored: { try await get(client, "fix-enc", "encryption") == nil })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-versioning", "arn:aws:s3:::fix-ver", account: account),
            changed: { try await get(client, "fix-ver", "versioning")?.contains("<Status>Enabled</Status>") == true },
            restored: { try await get(client, "fix-ver", "versioning")?.contains("<Status>Suspended</Status>") == true })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-ssl-only", "arn:aws:s3:::fix-ssl", account: account),
            changed: {
                let policy = try JSONValue.parse(try #require(try await get(client, "fix-ssl", "policy")))
                let sids = policy["Statement"]?.arrayValue?.compactMap { $0["Sid"]?.stringValue } ?? []
                return sids.contains("ReadByPartner") && sids.contains(FixCatalog.sslOnlySid)
            },
            restored: {
                let policy = try JSONValue.parse(try #require(try await get(client, "fix-ssl", "policy")))
                return policy["Statement"] == seeded["sslPolicy"]?["Statement"]
            })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-acls-disabled", "arn:aws:s3:::fix-own", account: account),
            changed: { try await get(client, "fix-own", "ownershipControls")?.contains("BucketOwnerEnforced") == true },
            restored: { try await get(client, "fix-own", "ownershipControls") == nil })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-bucket-public-acl", "arn:aws:s3:::fix-acl", account: account),
            changed: { try await get(client, "fix-acl", "acl")?.contains("AllUsers") == false },
            restored: { try await get(client, "fix-acl", "acl")?.contains("AllUsers") == true })
        let accountBlock = "arn:aws:s3::\(account):account-public-access-block"
        try await FixTest.roundTrip(planner, FixTest.finding("aws-s3-account-public-access-block", accountBlock, account: account),
            changed: { try S3Config.blocksAll(try await S3Config.readAccountBlock(client, account: account, region: "us-east-1")) },
            restored: { try await S3Config.readAccountBlock(client, account: account, region: "us-east-1").isNull })
    }

    @Test func findingsWithoutASafeFixOrInAnotherAccountAreRefusedWithTheReason() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let planner = FixPlanner(client: moto.client(try MotoServer.scannerCredentials(manifest)))
        var passing = FixTest.finding("aws-s3-bucket-versioning", "arn:aws:s3:::x", account: account)
        passing.status = .pass
        let items = try await planner.plan([
            FixTest.finding("aws-s3-bucket-object-lock", "arn:aws:s3:::x", account: account),
            FixTest.finding("aws-s3-bucket-versioning", "arn:aws:s3:::x", account: "999999999999"),
            passing,
        ])
        #expect(items.count == 3 && items.allSatisfy { $0.calls.isEmpty })
        #expect(items[0].noFix?.contains("no safe automatic fix") == true)
        #expect(items[1].noFix?.contains("credentials are for account \(account)") == true)
        #expect(items[2].noFix?.contains("not failing") == true)
        // A forged item for a fix the catalog does not have is refused, not executed.
        var forged = items[0]
        forged.fixID = "s3.bucket.delete"
        forged.previous = [:]
        #expect(await planner.execute(forged, .apply).error?.contains("no fix") == true)
    }
}
