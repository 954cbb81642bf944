import Foundation
import PalisadeModel

/// Data stores (S3, RDS, KMS, DynamoDB, Secrets Manager, SNS, SQS, EFS), shaped per docs/resources/aws/s3-rds-kms.md
/// and docs/resources/aws/platform.md. The first five S3 checks' cases live in `coreCases`.
extension Fixtures {
    static let keyArn = "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666"
    static let awsManagedKeyArn = "arn:aws:kms:us-east-1:111122223333:key/aaaa0000-1111-2222-3333-444455556666"

    static let tlsDeny: JSONValue = [
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::records", "arn:aws:s3:::records/*"],
        "Condition": ["Bool": ["aws:SecureTransport": "false"]]]

    /// Everyone may read, but only through the account's VPC endpoint: not public.
    static let vpceRead: JSONValue = [
        "Sid": "ReadThroughEndpoint", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::records/*", "Condition": ["StringEquals": ["aws:SourceVpce": "vpce-0abc"]]]

    /// A bucket every S3 check passes on.
    static let hardenedBucket = resource("aws.s3.bucket", "arn:aws:s3:::records", [
        "name": "records", "creationDate": "2024-01-01T00:00:00Z",
        "acl": ["ownerId": "abc", "grants": [["granteeType": "CanonicalUser", "granteeId": "abc", "granteeUri": nil,
                                              "permission": "FULL_CONTROL"]]],
        "policy": ["Version": "2012-10-17", "Statement": [tlsDeny, vpceRead,
            ["Sid": "PartnerRead", "Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::444455556666:root"],
             "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::records", "arn:aws:s3:::records/*"]]]],
        "policyIsPublic": false,
        "publicAccessBlock": ["blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true,
                              "restrictPublicBuckets": true],
        "encryption": ["algorithm": "aws:kms", "kmsKeyId": .string(keyArn)], "versioning": "Enabled", "mfaDelete": "Disabled",
        "logging": ["targetBucket": "access-logs", "targetPrefix": "records/"],
        "lifecycle": ["ruleCount": 1, "enabledRuleCount": 1, "rules": [
            ["id": "retention", "status": "Enabled", "prefix": "", "expirationDays": nil, "noncurrentVersionExpirationDays": 90,
             "abortIncompleteMultipartUploadDays": 7, "transitions": []]]],
        "objectLock": ["enabled": true, "defaultRetention": ["mode": "GOVERNANCE", "days": 365, "years": 0]],
        "replication": nil, "objectOwnership": "BucketOwnerEnforced", "raw": [:],
    ], region: "us-east-1")

    static func policy(_ statements: JSONValue...) -> JSONValue {
        ["Version": "2012-10-17", "Statement": .array(statements)]
    }

    static let accountBlock = resource("aws.s3.account_public_access_block",
                                       "arn:aws:s3::111122223333:account-public-access-block", [
        "configured": true, "blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true,
        "restrictPublicBuckets": true,
        "raw": ["BlockPublicAcls": "true", "IgnorePublicAcls": "true", "BlockPublicPolicy": "true", "RestrictPublicBuckets": "true"],
    ], region: "global")

    /// What the inventory holds: no account-wide block, so each bucket's own settings decide.
    static let accountBlockNotConfigured = with(accountBlock, [
        "configured": false, "blockPublicAcls": nil, "ignorePublicAcls": nil, "blockPublicPolicy": nil,
        "restrictPublicBuckets": nil, "raw": nil])

    static let dbInstance = resource("aws.rds.db_instance", "arn:aws:rds:us-east-1:111122223333:db:orders", [
        "dbInstanceIdentifier": "orders", "engine": "postgres", "engineVersion": "16.3", "instanceClass": "db.m6g.large",
        "status": "available", "dbClusterIdentifier": nil, "endpointAddress": "orders.abc.us-east-1.rds.amazonaws.com",
        "port": 5433, "vpcId": "vpc-1", "dbSubnetGroupName": "private", "masterUsername": "orders_owner",
        "storageType": "gp3", "instanceCreateTime": "2024-01-01T00:00:00Z", "storageEncrypted": true,
        "kmsKeyId": .string(keyArn), "publiclyAccessible": false, "multiAZ": true, "backupRetentionPeriod": 14,
        "autoMinorVersionUpgrade": true, "deletionProtection": true, "iamDatabaseAuthenticationEnabled": true,
        "copyTagsToSnapshot": true, "performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": .string(keyArn),
        "vpcSecurityGroupIds": ["sg-db"], "enabledCloudwatchLogsExports": ["postgresql", "upgrade"],
        "caCertificateIdentifier": "rds-ca-rsa2048-g1", "certificateValidTill": "2061-01-01T00:00:00Z",
        "raw": ["DBInstanceIdentifier": "orders", "MonitoringInterval": "60"],
    ])

    /// An Aurora member: storage, backups, deletion protection and the like are the cluster's.
    static let auroraInstance = with(dbInstance, [
        "dbInstanceIdentifier": "ledger-1", "engine": "aurora-mysql", "dbClusterIdentifier": "ledger", "port": 3307,
        "storageEncrypted": false, "multiAZ": false, "backupRetentionPeriod": 1, "deletionProtection": false,
        "iamDatabaseAuthenticationEnabled": false, "copyTagsToSnapshot": false, "enabledCloudwatchLogsExports": [],
        "masterUsername": "admin", "raw": ["DBInstanceIdentifier": "ledger-1", "MonitoringInterval": "60"],
    ], id: "arn:aws:rds:us-east-1:111122223333:db:ledger-1")

    static let dbCluster = resource("aws.rds.db_cluster", "arn:aws:rds:us-east-1:111122223333:cluster:ledger", [
        "dbClusterIdentifier": "ledger", "engine": "aurora-mysql", "engineVersion": "8.0.mysql_aurora.3.05.2",
        "engineMode": "provisioned", "status": "available", "endpoint": "ledger.cluster-abc.us-east-1.rds.amazonaws.com",
        "readerEndpoint": "ledger.cluster-ro-abc.us-east-1.rds.amazonaws.com", "port": 3307, "masterUsername": "ledger_owner",
        "memberInstanceIds": ["ledger-1", "ledger-2"], "storageEncrypted": true, "kmsKeyId": .string(keyArn), "multiAZ": true,
        "backupRetentionPeriod": 14, "deletionProtection": true, "iamDatabaseAuthenticationEnabled": true,
        "copyTagsToSnapshot": true, "publiclyAccessible": nil, "autoMinorVersionUpgrade": nil,
        "performanceInsightsEnabled": nil, "vpcSecurityGroupIds": ["sg-db"],
        "enabledCloudwatchLogsExports": ["audit", "error"], "caCertificateIdentifier": "rds-ca-rsa2048-g1",
        "raw": ["DBClusterIdentifier": "ledger", "BacktrackWindow": "86400"],
    ])

    /// A Multi-AZ DB cluster (not Aurora): it carries autoMinorVersionUpgrade itself.
    static let multiAZCluster = with(dbCluster, [
        "dbClusterIdentifier": "events", "engine": "postgres", "engineVersion": "16.3", "autoMinorVersionUpgrade": true,
        "publiclyAccessible": false, "raw": ["DBClusterIdentifier": "events"],
    ], id: "arn:aws:rds:us-east-1:111122223333:cluster:events")

    static let dbSnapshot = resource("aws.rds.db_snapshot", "arn:aws:rds:us-east-1:111122223333:snapshot:orders-2025-12", [
        "dbSnapshotIdentifier": "orders-2025-12", "dbInstanceIdentifier": "orders", "snapshotType": "manual",
        "engine": "postgres", "engineVersion": "16.3", "status": "available", "snapshotCreateTime": "2025-12-01T00:00:00Z",
        "encrypted": true, "kmsKeyId": .string(keyArn), "public": false, "sharedAccounts": ["444455556666"], "raw": [:],
    ])

    static let clusterSnapshot = resource("aws.rds.db_cluster_snapshot",
                                          "arn:aws:rds:us-east-1:111122223333:cluster-snapshot:ledger-2025-12", [
        "dbClusterSnapshotIdentifier": "ledger-2025-12", "dbClusterIdentifier": "ledger", "snapshotType": "manual",
        "engine": "aurora-mysql", "engineVersion": "8.0.mysql_aurora.3.05.2", "status": "available",
        "snapshotCreateTime": "2025-12-01T00:00:00Z", "encrypted": true, "kmsKeyId": .string(keyArn), "public": false,
        "sharedAccounts": [], "raw": [:],
    ])

    static let kmsKey = resource("aws.kms.key", keyArn, [
        "keyId": "0a1b2c3d-1111-2222-3333-444455556666", "aliases": ["alias/data"], "description": "data",
        "keyManager": "CUSTOMER", "keyState": "Enabled", "enabled": true, "keySpec": "SYMMETRIC_DEFAULT",
        "keyUsage": "ENCRYPT_DECRYPT", "origin": "AWS_KMS", "multiRegion": false, "creationDate": "2024-01-01T00:00:00Z",
        "deletionDate": nil, "rotationApplicable": true, "rotationNotApplicableReason": nil, "rotationEnabled": true,
        "rotationPeriodInDays": 365, "nextRotationDate": "2026-06-01T00:00:00Z",
        "policy": ["Version": "2012-10-17", "Statement": [
            ["Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"],
             "Action": "kms:*", "Resource": "*"],
            ["Sid": "OrgUse", "Effect": "Allow", "Principal": ["AWS": "*"], "Action": ["kms:Decrypt", "kms:Encrypt"],
             "Resource": "*", "Condition": ["StringEquals": ["aws:PrincipalOrgID": "o-abc123"]]]]],
        "raw": [:],
    ])

    static let awsManagedKey = with(kmsKey, [
        "keyId": "aaaa0000-1111-2222-3333-444455556666", "aliases": ["alias/aws/dynamodb"], "keyManager": "AWS",
        "rotationApplicable": false, "rotationNotApplicableReason": "AWS managed key: AWS rotates it every year",
        "rotationEnabled": nil, "rotationPeriodInDays": nil, "nextRotationDate": nil,
    ], id: awsManagedKeyArn)

    static let table = resource("aws.dynamodb.table", "arn:aws:dynamodb:us-east-1:111122223333:table/orders", [
        "tableName": "orders", "tableStatus": "ACTIVE", "billingMode": "PAY_PER_REQUEST", "sseType": "KMS",
        "sseStatus": "ENABLED", "kmsMasterKeyArn": .string(keyArn), "deletionProtectionEnabled": true,
        "tableClass": "STANDARD", "itemCount": 10, "tableSizeBytes": 1024, "creationDateTime": "2024-01-01T00:00:00Z",
        "pointInTimeRecoveryStatus": "ENABLED", "pointInTimeRecoveryEnabled": true, "raw": [:],
    ])

    static let secret = resource("aws.secretsmanager.secret",
                                 "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf", [
        "name": "db-password", "description": "orders database", "rotationEnabled": true,
        "rotationLambdaArn": "arn:aws:lambda:us-east-1:111122223333:function:rotate",
        "rotationRules": ["AutomaticallyAfterDays": 30], "rotationIntervalDays": 30,
        "lastRotatedDate": "2025-12-10T00:00:00Z", "nextRotationDate": "2026-01-09T00:00:00Z",
        "lastAccessedDate": "2025-12-31T00:00:00Z", "lastChangedDate": "2025-12-10T00:00:00Z",
        "createdDate": "2024-01-01T00:00:00Z", "deletedDate": nil, "kmsKeyId": .string(keyArn), "primaryRegion": nil,
        "policy": nil, "raw": [:],
    ])

    static let topic = resource("aws.sns.topic", "arn:aws:sns:us-east-1:111122223333:alerts", [
        "topicArn": "arn:aws:sns:us-east-1:111122223333:alerts", "name": "alerts",
        "policy": ["Version": "2008-10-17", "Statement": [
            ["Sid": "__default_statement_ID", "Effect": "Allow", "Principal": ["AWS": "*"],
             "Action": ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"],
             "Resource": "arn:aws:sns:us-east-1:111122223333:alerts",
             "Condition": ["StringEquals": ["AWS:SourceOwner": "111122223333"]]]]],
        "kmsMasterKeyId": .string(keyArn), "encrypted": true, "subscriptionsConfirmed": 1, "subscriptionsPending": 0,
        "subscriptionsDeleted": 0, "displayName": "", "owner": "111122223333", "fifoTopic": false, "raw": [:],
    ])

    static let queue = resource("aws.sqs.queue", "arn:aws:sqs:us-east-1:111122223333:jobs", [
        "queueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/jobs", "name": "jobs",
        "queueArn": "arn:aws:sqs:us-east-1:111122223333:jobs",
        "policy": ["Version": "2012-10-17", "Statement": [
            ["Effect": "Allow", "Principal": ["Service": "sns.amazonaws.com"], "Action": "sqs:SendMessage",
             "Resource": "arn:aws:sqs:us-east-1:111122223333:jobs",
             "Condition": ["ArnEquals": ["aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:alerts"]]]]],
        "sqsManagedSseEnabled": false, "kmsMasterKeyId": .string(keyArn), "encrypted": true, "redrivePolicy": nil,
        "deadLetterTargetArn": nil, "redriveAllowPolicy": nil, "fifoQueue": false, "messageRetentionPeriod": 345600,
        "raw": [:],
    ])

    static let fileSystem = resource("aws.efs.file_system",
                                     "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0", [
        "fileSystemId": "fs-0123456789abcdef0", "lifeCycleState": "available", "encrypted": true,
        "kmsKeyId": .string(keyArn), "performanceMode": "generalPurpose", "throughputMode": "elastic",
        "numberOfMountTargets": 2, "creationTime": "2024-01-01T00:00:00Z", "backupPolicy": "ENABLED",
        "policy": nil, "raw": [:],
    ])

    static let publicRead: JSONValue = ["Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"]

    /// Failing, hardened and unknown cases for the data family's checks.
    static let dataCases: [String: Case] = [
        // S3 ------------------------------------------------------------------------------------------------------------
        "aws-s3-account-public-access-block": Case(
            failing: accountBlockNotConfigured, hardened: accountBlock,
            unknown: with(accountBlock, unknown: ["restrictPublicBuckets"])),
        "aws-s3-bucket-sse-kms": Case(
            failing: with(hardenedBucket, ["encryption": ["algorithm": "AES256"]]), hardened: hardenedBucket,
            unknown: with(hardenedBucket, unknown: ["encryption"])),
        "aws-s3-bucket-ssl-only": Case(
            // The Deny covers the bucket but not its objects.
            failing: with(hardenedBucket, ["policy": policy([
                "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::records",
                "Condition": ["Bool": ["aws:SecureTransport": "false"]]], vpceRead)]),
            hardened: hardenedBucket, unknown: with(hardenedBucket, unknown: ["policy"])),
        "aws-s3-bucket-policy-cross-account-admin": Case(
            failing: with(hardenedBucket, ["policy": policy(tlsDeny, [
                "Effect": "Allow", "Principal": ["AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]],
                "Action": ["s3:GetObject", "s3:PutBucketPolicy"], "Resource": "arn:aws:s3:::records"])]),
            hardened: hardenedBucket, unknown: with(hardenedBucket, unknown: ["policy"])),
        "aws-s3-bucket-access-logging": Case(
            failing: with(hardenedBucket, ["logging": nil]), hardened: hardenedBucket,
            unknown: with(hardenedBucket, unknown: ["logging"])),
        "aws-s3-bucket-lifecycle-configured": Case(
            failing: with(hardenedBucket, ["lifecycle": ["ruleCount": 1, "enabledRuleCount": 0, "rules": []]]),
            hardened: hardenedBucket, unknown: with(hardenedBucket, unknown: ["lifecycle"])),
        "aws-s3-bucket-acls-disabled": Case(
            failing: with(hardenedBucket, ["objectOwnership": nil]), hardened: hardenedBucket,
            unknown: with(hardenedBucket, unknown: ["objectOwnership"])),
        "aws-s3-bucket-object-lock": Case(
            failing: with(hardenedBucket, ["objectLock": ["enabled": false, "defaultRetention": nil]]),
            hardened: hardenedBucket, unknown: with(hardenedBucket, unknown: ["objectLock"])),
        // RDS -----------------------------------------------------------------------------------------------------------
        "aws-rds-instance-storage-encrypted": Case(
            failing: with(dbInstance, ["storageEncrypted": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["storageEncrypted"])),
        "aws-rds-instance-auto-minor-version-upgrade": Case(
            failing: with(auroraInstance, ["autoMinorVersionUpgrade": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["autoMinorVersionUpgrade"])),
        "aws-rds-instance-not-publicly-accessible": Case(
            failing: with(dbInstance, ["publiclyAccessible": true]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["publiclyAccessible"])),
        "aws-rds-instance-multi-az": Case(
            failing: with(dbInstance, ["multiAZ": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["multiAZ"])),
        "aws-rds-instance-enhanced-monitoring": Case(
            failing: with(dbInstance, ["raw": ["MonitoringInterval": "0"]]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["raw"])),
        "aws-rds-instance-deletion-protection": Case(
            failing: with(dbInstance, ["deletionProtection": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["deletionProtection"])),
        "aws-rds-instance-log-exports": Case(
            failing: with(dbInstance, ["enabledCloudwatchLogsExports": ["postgresql"]]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["enabledCloudwatchLogsExports"])),
        "aws-rds-instance-iam-authentication": Case(
            failing: with(dbInstance, ["iamDatabaseAuthenticationEnabled": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["iamDatabaseAuthenticationEnabled"])),
        "aws-rds-instance-automated-backups": Case(
            failing: with(dbInstance, ["backupRetentionPeriod": 0]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["backupRetentionPeriod"])),
        "aws-rds-instance-copy-tags-to-snapshots": Case(
            failing: with(dbInstance, ["copyTagsToSnapshot": false]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["copyTagsToSnapshot"])),
        "aws-rds-instance-non-default-port": Case(
            failing: with(auroraInstance, ["port": 3306]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["port"])),
        "aws-rds-instance-non-default-admin-username": Case(
            failing: with(dbInstance, ["masterUsername": "postgres"]), hardened: dbInstance,
            unknown: with(dbInstance, unknown: ["masterUsername"])),
        "aws-rds-cluster-storage-encrypted": Case(
            failing: with(dbCluster, ["storageEncrypted": false]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["storageEncrypted"])),
        "aws-rds-cluster-deletion-protection": Case(
            failing: with(dbCluster, ["deletionProtection": false]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["deletionProtection"])),
        "aws-rds-cluster-multi-az": Case(
            failing: with(dbCluster, ["multiAZ": false]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["multiAZ"])),
        "aws-rds-cluster-iam-authentication": Case(
            failing: with(dbCluster, ["iamDatabaseAuthenticationEnabled": false]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["iamDatabaseAuthenticationEnabled"])),
        "aws-rds-cluster-copy-tags-to-snapshots": Case(
            failing: with(dbCluster, ["copyTagsToSnapshot": false]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["copyTagsToSnapshot"])),
        "aws-rds-cluster-non-default-admin-username": Case(
            failing: with(dbCluster, ["masterUsername": "Admin"]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["masterUsername"])),
        "aws-rds-cluster-auto-minor-version-upgrade": Case(
            failing: with(multiAZCluster, ["autoMinorVersionUpgrade": false]), hardened: multiAZCluster,
            unknown: with(multiAZCluster, unknown: ["autoMinorVersionUpgrade"])),
        "aws-rds-cluster-backtracking": Case(
            failing: with(dbCluster, ["raw": ["DBClusterIdentifier": "ledger"]]), hardened: dbCluster,
            unknown: with(dbCluster, unknown: ["raw"])),
        "aws-rds-snapshot-not-public": Case(
            failing: with(dbSnapshot, ["public": true, "sharedAccounts": []]), hardened: dbSnapshot,
            unknown: with(dbSnapshot, unknown: ["public", "sharedAccounts"])),
        "aws-rds-cluster-snapshot-not-public": Case(
            failing: with(clusterSnapshot, ["public": true]), hardened: clusterSnapshot,
            unknown: with(clusterSnapshot, unknown: ["public", "sharedAccounts"])),
        "aws-rds-snapshot-encrypted": Case(
            failing: with(dbSnapshot, ["encrypted": false, "kmsKeyId": nil]), hardened: dbSnapshot,
            unknown: with(dbSnapshot, unknown: ["encrypted"])),
        "aws-rds-cluster-snapshot-encrypted": Case(
            failing: with(clusterSnapshot, ["encrypted": false, "kmsKeyId": nil]), hardened: clusterSnapshot,
            unknown: with(clusterSnapshot, unknown: ["encrypted"])),
        // KMS -----------------------------------------------------------------------------------------------------------
        "aws-kms-key-rotation-enabled": Case(
            failing: with(kmsKey, ["rotationEnabled": false]), hardened: kmsKey,
            unknown: with(kmsKey, unknown: ["rotationEnabled", "rotationPeriodInDays", "nextRotationDate"])),
        "aws-kms-key-not-pending-deletion": Case(
            failing: with(kmsKey, ["keyState": "PendingDeletion", "enabled": false, "deletionDate": "2026-01-08T00:00:00Z"]),
            hardened: kmsKey, unknown: with(kmsKey, unknown: ["keyState"])),
        "aws-kms-key-policy-not-public": Case(
            failing: with(kmsKey, ["policy": policy(["Effect": "Allow", "Principal": ["AWS": "*"], "Action": "kms:Decrypt",
                                                     "Resource": "*"])]),
            hardened: kmsKey, unknown: with(kmsKey, unknown: ["policy"])),
        // DynamoDB ------------------------------------------------------------------------------------------------------
        "aws-dynamodb-table-pitr-enabled": Case(
            failing: with(table, ["pointInTimeRecoveryStatus": "DISABLED", "pointInTimeRecoveryEnabled": false]),
            hardened: table, unknown: with(table, unknown: ["pointInTimeRecoveryStatus", "pointInTimeRecoveryEnabled"])),
        "aws-dynamodb-table-deletion-protection": Case(
            failing: with(table, ["deletionProtectionEnabled": false]), hardened: table,
            unknown: with(table, unknown: ["deletionProtectionEnabled"])),
        "aws-dynamodb-table-cmk-encryption": Case(
            failing: with(table, ["kmsMasterKeyArn": .string(awsManagedKeyArn)]), hardened: table,
            unknown: with(table, unknown: ["sseType", "kmsMasterKeyArn"])),
        // Secrets Manager -----------------------------------------------------------------------------------------------
        "aws-secretsmanager-secret-rotation-enabled": Case(
            failing: with(secret, ["rotationEnabled": false, "rotationLambdaArn": nil]), hardened: secret,
            unknown: with(secret, unknown: ["rotationEnabled"])),
        "aws-secretsmanager-secret-rotated-90d": Case(
            failing: with(secret, ["lastRotatedDate": "2025-08-01T00:00:00Z"]), hardened: secret,
            unknown: with(secret, unknown: ["lastRotatedDate"])),
        "aws-secretsmanager-secret-unused-90d": Case(
            failing: with(secret, ["lastAccessedDate": nil]), hardened: secret,
            unknown: with(secret, unknown: ["lastAccessedDate"])),
        // SNS, SQS ------------------------------------------------------------------------------------------------------
        "aws-sns-topic-kms-encrypted": Case(
            failing: with(topic, ["kmsMasterKeyId": nil, "encrypted": false]), hardened: topic,
            unknown: with(topic, unknown: ["kmsMasterKeyId"])),
        "aws-sns-topic-policy-not-public": Case(
            failing: with(topic, ["policy": policy(["Effect": "Allow", "Principal": ["AWS": "*"], "Action": "SNS:Publish",
                                                    "Resource": "arn:aws:sns:us-east-1:111122223333:alerts"])]),
            hardened: topic, unknown: with(topic, unknown: ["policy"])),
        "aws-sqs-queue-encrypted": Case(
            failing: with(queue, ["sqsManagedSseEnabled": false, "kmsMasterKeyId": nil, "encrypted": false]), hardened: queue,
            unknown: with(queue, unknown: ["encrypted"])),
        "aws-sqs-queue-policy-not-public": Case(
            failing: with(queue, ["policy": policy(publicRead)]), hardened: queue,
            unknown: with(queue, unknown: ["policy"])),
        // EFS -----------------------------------------------------------------------------------------------------------
        "aws-efs-file-system-encrypted": Case(
            failing: with(fileSystem, ["encrypted": false, "kmsKeyId": nil]), hardened: fileSystem,
            unknown: with(fileSystem, unknown: ["encrypted"])),
        "aws-efs-file-system-backups": Case(
            failing: with(fileSystem, ["backupPolicy": nil]), hardened: fileSystem,
            unknown: with(fileSystem, unknown: ["backupPolicy"])),
    ]

    /// Resources the data family's relations resolve against.
    static let dataInventory: [Resource] = [accountBlockNotConfigured, kmsKey, awsManagedKey]
}
