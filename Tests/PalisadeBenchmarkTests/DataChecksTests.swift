import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

/// Data-store checks beyond one failing, hardened and unknown case each: what they must not flag (conditioned
/// policies, Aurora members, keys rotation does not apply to) and the shapes AWS allows (a single statement object).
@Suite struct DataChecksTests {
    static let benchmark = try! Benchmark.load()

    func status(_ id: String, _ r: Resource, inventory: [Resource] = Array(Fixtures.inventory.values)) throws -> FindingStatus {
        let check = try #require(Self.benchmark.check(id: id))
        let related = Self.benchmark.resolver.resolve(check.relatedNames, for: r, in: InventoryIndex(inventory))
        return check.evaluate(r, related: related, now: Fixtures.now).0
    }

    @Test func publicPolicyHonoursConditionsThatNarrowTheCallers() throws {
        let open = Fixtures.with(Fixtures.hardenedBucket, ["publicAccessBlock": nil])
        #expect(try status("aws-s3-bucket-public-policy", open) == .pass)  // Principal "*" only through a VPC endpoint
        for (key, value): (String, JSONValue) in [("aws:SourceIp", "10.0.0.0/8"), ("aws:SourceVpc", "vpc-1"),
                                                  ("aws:PrincipalOrgID", "o-abc123"), ("aws:PrincipalAccount", "111122223333")] {
            let conditioned = Fixtures.with(open, ["policy": Fixtures.policy([
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::records/*",
                "Condition": ["StringEquals": .object([key: value])]])])
            #expect(try status("aws-s3-bucket-public-policy", conditioned) == .pass, "\(key)")
        }
        let tlsOnly = Fixtures.with(open, ["policy": Fixtures.policy([
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::records/*",
            "Condition": ["Bool": ["aws:SecureTransport": "true"]]])])
        #expect(try status("aws-s3-bucket-public-policy", tlsOnly) == .fail)
    }

    @Test func accountWideBlockNeutralisesPublicBucketSettings() throws {
        let publicBucket = Fixtures.with(Fixtures.hardenedBucket, [
            "publicAccessBlock": nil, "policy": Fixtures.policy(Fixtures.publicRead),
            "acl": ["ownerId": "abc", "grants": [["granteeType": "Group", "granteeId": nil, "permission": "READ",
                                                  "granteeUri": "http://acs.amazonaws.com/groups/global/AllUsers"]]]])
        let blocked = [Fixtures.accountBlock]
        #expect(try status("aws-s3-bucket-public-policy", publicBucket) == .fail)
        #expect(try status("aws-s3-bucket-public-acl", publicBucket) == .fail)
        #expect(try status("aws-s3-bucket-public-policy", publicBucket, inventory: blocked) == .pass)
        #expect(try status("aws-s3-bucket-public-acl", publicBucket, inventory: blocked) == .pass)
        // The bucket's own block is still wanted (FSBP S3.8).
        #expect(try status("aws-s3-bucket-public-access-block", publicBucket, inventory: blocked) == .fail)
    }

    @Test func tlsOnlyPolicyAcceptsTheShapesAWSAllows() throws {
        let single: JSONValue = ["Version": "2012-10-17", "Statement": [
            "Effect": "Deny", "Principal": ["AWS": ["*"]], "Action": ["s3:GetObject", "s3:*"],
            "Resource": "arn:aws:s3:::records/*", "Condition": ["Bool": ["aws:SecureTransport": false]]]]
        #expect(try status("aws-s3-bucket-ssl-only", Fixtures.with(Fixtures.hardenedBucket, ["policy": single])) == .pass)
        let noPolicy = Fixtures.with(Fixtures.hardenedBucket, ["policy": nil])
        #expect(try status("aws-s3-bucket-ssl-only", noPolicy) == .fail)
        #expect(try status("aws-s3-bucket-policy-cross-account-admin", noPolicy) == .pass)
        let allowOnly: JSONValue = ["Statement": ["Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"],
                                                  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::records/*"]]
        #expect(try status("aws-s3-bucket-ssl-only", Fixtures.with(Fixtures.hardenedBucket, ["policy": allowOnly])) == .fail)
        // Denying only some actions over HTTP is not enough.
        let partial = Fixtures.with(Fixtures.hardenedBucket, ["policy": Fixtures.policy([
            "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::records/*",
            "Condition": ["Bool": ["aws:SecureTransport": "false"]]])])
        #expect(try status("aws-s3-bucket-ssl-only", partial) == .fail)
    }

    @Test func crossAccountAdminActionsMatchWildcards() throws {
        for action: JSONValue in ["s3:*", "s3:Put*", "S3:PutObjectAcl", "*"] {
            let bucket = Fixtures.with(Fixtures.hardenedBucket, ["policy": Fixtures.policy([
                "Effect": "Allow", "Principal": ["AWS": "444455556666"], "Action": action, "Resource": "arn:aws:s3:::records/*"])])
            #expect(try status("aws-s3-bucket-policy-cross-account-admin", bucket) == .fail, "\(action)")
        }
        let own = Fixtures.with(Fixtures.hardenedBucket, ["policy": Fixtures.policy([
            "Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:role/admin"], "Action": "s3:*",
            "Resource": "arn:aws:s3:::records"])])
        #expect(try status("aws-s3-bucket-policy-cross-account-admin", own) == .pass)
    }

    @Test func auroraMembersAreCheckedOnTheirCluster() throws {
        for id in ["aws-rds-instance-storage-encrypted", "aws-rds-instance-multi-az", "aws-rds-instance-deletion-protection",
                   "aws-rds-instance-log-exports", "aws-rds-instance-automated-backups",
                   "aws-rds-instance-copy-tags-to-snapshots", "aws-rds-instance-non-default-admin-username",
                   "aws-rds-instance-iam-authentication"] {
            #expect(try status(id, Fixtures.auroraInstance) == .notApplicable, "\(id)")
        }
        // Per-instance settings still apply to Aurora members.
        #expect(try status("aws-rds-instance-not-publicly-accessible", Fixtures.with(Fixtures.auroraInstance,
                                                                                 ["publiclyAccessible": true])) == .fail)
        let neptune = Fixtures.with(Fixtures.dbInstance, ["engine": "neptune", "dbClusterIdentifier": "graph",
                                                          "publiclyAccessible": true])
        #expect(try status("aws-rds-instance-not-publicly-accessible", neptune) == .notApplicable)
        #expect(try status("aws-rds-cluster-auto-minor-version-upgrade", Fixtures.dbCluster) == .notApplicable)
        #expect(try status("aws-rds-cluster-backtracking", Fixtures.multiAZCluster) == .notApplicable)
        let replica = Fixtures.with(Fixtures.dbInstance, ["backupRetentionPeriod": 0,
                                                          "raw": ["ReadReplicaSourceDBInstanceIdentifier": "orders"]])
        #expect(try status("aws-rds-instance-automated-backups", replica) == .notApplicable)
        let mysql = Fixtures.with(Fixtures.dbInstance, ["engine": "mysql", "port": 3306,
                                                        "enabledCloudwatchLogsExports": ["error", "slowquery"]])
        #expect(try status("aws-rds-instance-non-default-port", mysql) == .fail)
        #expect(try status("aws-rds-instance-log-exports", mysql) == .fail)
        // Enhanced monitoring is unknown, not off, when the answer lacks MonitoringInterval.
        #expect(try status("aws-rds-instance-enhanced-monitoring", Fixtures.with(Fixtures.dbInstance, ["raw": [:]])) == .error)
    }

    @Test func keyRotationAppliesOnlyToEnabledCustomerSymmetricKeys() throws {
        #expect(try status("aws-kms-key-rotation-enabled", Fixtures.awsManagedKey) == .notApplicable)
        let asymmetric = Fixtures.with(Fixtures.kmsKey, ["keySpec": "RSA_2048", "keyUsage": "SIGN_VERIFY",
                                                         "rotationApplicable": false, "rotationEnabled": nil])
        #expect(try status("aws-kms-key-rotation-enabled", asymmetric) == .notApplicable)
        let disabled = Fixtures.with(Fixtures.kmsKey, ["keyState": "Disabled", "enabled": false, "rotationEnabled": false])
        #expect(try status("aws-kms-key-rotation-enabled", disabled) == .notApplicable)
        #expect(try status("aws-kms-key-not-pending-deletion", Fixtures.with(Fixtures.awsManagedKey,
                                                                             ["keyState": "PendingDeletion"])) == .notApplicable)
    }

    @Test func dataStoreNullsAreErrorsNotFails() throws {
        #expect(try status("aws-sqs-queue-encrypted", Fixtures.with(Fixtures.queue, ["encrypted": nil])) == .error)
        #expect(try status("aws-dynamodb-table-deletion-protection",
                           Fixtures.with(Fixtures.table, ["deletionProtectionEnabled": nil])) == .error)
        let owned = Fixtures.with(Fixtures.table, ["sseType": "AWS_OWNED_KEY", "sseStatus": nil, "kmsMasterKeyArn": nil])
        #expect(try status("aws-dynamodb-table-cmk-encryption", owned) == .fail)
        let recent = Fixtures.with(Fixtures.secret, ["createdDate": "2025-12-01T00:00:00Z", "lastRotatedDate": nil,
                                                     "lastAccessedDate": nil])
        #expect(try status("aws-secretsmanager-secret-rotated-90d", recent) == .pass)
        #expect(try status("aws-secretsmanager-secret-unused-90d", recent) == .pass)
    }
}
