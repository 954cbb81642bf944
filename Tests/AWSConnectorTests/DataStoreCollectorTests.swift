import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// S3, RDS and KMS collectors: against moto checking signatures (seeded by Tools/seed/estate/data_stores.py), and
/// against recorded AWS answers for what moto lacks (bucket policy status, Performance Insights, AWS managed keys,
/// pagination, denied detail calls).
@Suite(.serialized, .timeLimit(.minutes(3))) struct DataStoreCollectorTests {
    static let account = "123456789012"

    /// Runs one collector's `collect` and keeps what it emitted.
    static func run(_ body: (@escaping ResourceEmitter) async -> [ScopeResult]) async -> ([ScopeResult], [Resource]) {
        let got = Mutex<[Resource]>([])
        let scopes = await body { r in got.withLock { $0.append(r) } }
        return (scopes, got.withLock { $0 })
    }

    @Test func seededDataStoresInMotoShowTheirBadAndHardenedSettings() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let ctx = CollectorContext(client: client, account: Self.account)

        // S3 ------------------------------------------------------------------------------------------
        let (s3Scopes, s3) = await Self.run { await S3Collector(ctx).collect(region: "global", emit: $0) }
        #expect(s3Scopes.map(\.status) == [.ok, .ok], "\(s3Scopes)")
        func bucket(_ name: String) -> Resource? { s3.first { $0.type == "aws.s3.bucket" && $0.name == name } }
        let records = try #require(bucket("palisade-demo-records"))
        #expect(records.properties["logging"] == ["targetBucket": "palisade-demo-access-logs",
                                                  "targetPrefix": "palisade-demo-records/"])
        #expect(records.properties["objectLock"] == ["enabled": true,
                                                     "defaultRetention": ["mode": "GOVERNANCE", "days": 365, "years": 0]])
        #expect(records.properties["objectOwnership"] == "BucketOwnerEnforced")
        #expect(records.properties.value(at: "lifecycle.ruleCount") == 1)
        #expect(records.properties.value(at: "lifecycle.rules")?[0]?["expirationDays"] == 2555)
        #expect(records.properties.value(at: "lifecycle.rules")?[0]?["abortIncompleteMultipartUploadDays"] == 7)
        #expect(records.properties["replication"] == .null)
        #expect(records.properties["versioning"] == "Enabled")  // object lock turns versioning on
        #expect(records.properties["publicAccessBlock"] == ["blockPublicAcls": true, "ignorePublicAcls": true,
                                                            "blockPublicPolicy": true, "restrictPublicBuckets": true])
        #expect(records.properties.value(at: "raw.bucket.Name") == "palisade-demo-records")
        #expect(records.properties.value(at: "raw.ownershipControls.Rule.ObjectOwnership") == "BucketOwnerEnforced")
        let plain = try #require(bucket("palisade-demo-customer-data"))
        #expect(plain.properties["logging"] == .null)
        #expect(plain.properties["lifecycle"] == .null)
        #expect(plain.properties["objectLock"] == ["enabled": false, "defaultRetention": nil])
        #expect(plain.properties["objectOwnership"] == .null)
        #expect(plain.properties["replication"] == .null)
        // GetBucketTagging: the classification tag the seed put on the bucket; a bucket without tags (moto answers
        // NoSuchTagSet) has none, and neither is unknown.
        #expect(plain.tags == ["data-classification": "confidential"])
        #expect(records.tags == [:])
        // moto 5.2.1 does not implement GetBucketPolicyStatus (it answers with a bucket listing): unknown, not false.
        for b in s3 where b.type == "aws.s3.bucket" {
            #expect(b.properties["policyIsPublic"] == nil)
            #expect(b.unknown["policyIsPublic"] == "connector.aws.response.invalid: s3:GetBucketPolicyStatus")
            #expect(b.unknown.keys.sorted() == ["policyIsPublic"], "\(b.name): \(b.unknown)")
        }
        let accountBlock = try #require(s3.first { $0.type == "aws.s3.account_public_access_block" })
        #expect(accountBlock.id == "arn:aws:s3::123456789012:account-public-access-block")
        #expect(accountBlock.region == "global")
        #expect(accountBlock.properties == ["configured": false, "blockPublicAcls": nil, "ignorePublicAcls": nil,
                                            "blockPublicPolicy": nil, "restrictPublicBuckets": nil, "raw": nil])

        // KMS -----------------------------------------------------------------------------------------
        let (kmsScopes, keys) = await Self.run { await KMSCollector(ctx).collect(region: "us-east-1", emit: $0) }
        #expect(kmsScopes.map(\.status) == [.ok], "\(kmsScopes)")
        let rotated = try #require(keys.first { $0.name == "alias/palisade-demo-rotated" })
        #expect(rotated.properties["keyManager"] == "CUSTOMER")
        #expect(rotated.properties["keySpec"] == "SYMMETRIC_DEFAULT")
        #expect(rotated.properties["keyUsage"] == "ENCRYPT_DECRYPT")
        #expect(rotated.properties["multiRegion"] == false)
        #expect(rotated.properties["keyState"] == "Enabled")
        #expect(rotated.properties["rotationApplicable"] == true)
        #expect(rotated.properties["rotationEnabled"] == true)
        #expect(rotated.properties["aliases"] == ["alias/palisade-demo-rotated"])
        #expect(rotated.properties["policy"]?.value(at: "Statement")?[0]?.value(at: "Principal.AWS")
            == "arn:aws:iam::123456789012:root")
        #expect(rotated.properties.value(at: "raw.KeyId") == rotated.properties["keyId"])
        #expect(rotated.tags == ["palisade-demo": "data"])
        #expect(rotated.id.hasPrefix("arn:aws:kms:us-east-1:123456789012:key/"))
        #expect(rotated.properties["creationDate"]?.stringValue?.hasSuffix("Z") == true)
        let unrotated = try #require(keys.first { $0.name == "alias/palisade-demo-no-rotation" })
        #expect(unrotated.properties["rotationEnabled"] == false)
        #expect(keys.allSatisfy { $0.unknown.isEmpty }, "\(keys.map(\.unknown))")

        // RDS -----------------------------------------------------------------------------------------
        let (rdsScopes, rds) = await Self.run { await RDSCollector(ctx).collect(region: "us-east-1", emit: $0) }
        #expect(rdsScopes.map(\.status) == [.ok, .ok, .ok, .ok], "\(rdsScopes)")
        func one(_ type: String, _ name: String) -> Resource? { rds.first { $0.type == type && $0.name == name } }
        let publicDB = try #require(one("aws.rds.db_instance", "palisade-demo-public-db"))
        #expect(publicDB.id == "arn:aws:rds:us-east-1:123456789012:db:palisade-demo-public-db")
        #expect(publicDB.properties["publiclyAccessible"] == true)
        #expect(publicDB.properties["storageEncrypted"] == false)
        #expect(publicDB.properties["backupRetentionPeriod"] == 0)
        #expect(publicDB.properties["deletionProtection"] == false)
        #expect(publicDB.properties["multiAZ"] == false)
        #expect(publicDB.properties["enabledCloudwatchLogsExports"] == [])
        #expect(publicDB.tags == ["team": "growth"])
        #expect(publicDB.properties.value(at: "raw.DBInstanceIdentifier") == "palisade-demo-public-db")
        let privateDB = try #require(one("aws.rds.db_instance", "palisade-demo-private-db"))
        #expect(privateDB.properties["publiclyAccessible"] == false)
        #expect(privateDB.properties["storageEncrypted"] == true)
        #expect(privateDB.properties["kmsKeyId"] == .string(rotated.id))
        #expect(privateDB.properties["multiAZ"] == true)
        #expect(privateDB.properties["backupRetentionPeriod"] == 14)
        #expect(privateDB.properties["deletionProtection"] == true)
        #expect(privateDB.properties["iamDatabaseAuthenticationEnabled"] == true)
        #expect(privateDB.properties["enabledCloudwatchLogsExports"] == ["postgresql"])
        #expect(privateDB.properties["caCertificateIdentifier"] == "rds-ca-rsa2048-g1")
        #expect(privateDB.properties["engine"] == "postgres")
        #expect(privateDB.properties["vpcSecurityGroupIds"]?.arrayValue?.isEmpty == false)
        // moto 5.2.1 leaves PerformanceInsightsEnabled out of DescribeDBInstances: unknown, never false.
        for db in rds where db.type == "aws.rds.db_instance" {
            #expect(db.unknown == ["performanceInsightsEnabled":
                "connector.aws.response.incomplete: rds:DescribeDBInstances has no PerformanceInsightsEnabled"])
        }
        let publicSnap = try #require(one("aws.rds.db_snapshot", "palisade-demo-public-snapshot"))
        #expect(publicSnap.properties["public"] == true)
        #expect(publicSnap.properties["sharedAccounts"] == [])
        #expect(publicSnap.properties["encrypted"] == false)
        #expect(publicSnap.properties["snapshotType"] == "manual")
        let automated = try #require(rds.first { $0.type == "aws.rds.db_snapshot" && $0.properties["snapshotType"] == "automated" })
        #expect(automated.properties["public"] == false)
        let aurora = try #require(one("aws.rds.db_cluster", "palisade-demo-aurora"))
        #expect(aurora.properties["storageEncrypted"] == true)
        #expect(aurora.properties["deletionProtection"] == true)
        #expect(aurora.properties["backupRetentionPeriod"] == 7)
        #expect(aurora.properties["engine"] == "aurora-postgresql")
        #expect(aurora.unknown.isEmpty, "\(aurora.unknown)")
        let shared = try #require(one("aws.rds.db_cluster_snapshot", "palisade-demo-aurora-shared"))
        #expect(shared.properties["public"] == false)
        #expect(shared.properties["sharedAccounts"] == ["111122223333"])
        #expect(shared.properties["encrypted"] == true)
        #expect(shared.properties["dbClusterIdentifier"] == "palisade-demo-aurora")
    }
}
