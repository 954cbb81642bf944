"""Data stores: S3 (buckets and the account-wide public access block), RDS (instances, clusters, snapshots), KMS,
DynamoDB, Secrets Manager, SNS, SQS and EFS.

Bad estate: each planted resource breaks what its `expect_fail` lines name (a bucket is made hardened, then the one
setting is undone, so the check fails on that setting alone). Hardened estate: everything configured well, including
a bucket whose policy lets everyone read through a VPC endpoint only (not public), and the account-wide block on.

moto 5.2.1 cannot represent: enhanced monitoring (DescribeDBInstances has no MonitoringInterval), a secret last
rotated or read more than 90 days ago (no back-dating).
"""
import json

from botocore.exceptions import ClientError

PARTNER = "444455556666"
PASSWORD = "Accuracy-only-Passw0rd!"  # moto only; RDS never returns it

GAPS = {
    "aws-rds-instance-enhanced-monitoring":
        "moto's DescribeDBInstances has no MonitoringInterval, so the check errors on every instance",
    "aws-secretsmanager-secret-rotated-90d": "moto cannot back-date a secret's creation or last rotation",
    "aws-secretsmanager-secret-unused-90d": "moto cannot back-date a secret's creation or last access",
}


def _s3control(s):
    """boto3's s3control client puts the account in the host; moto serves it path-style on the endpoint."""
    c = s.client("s3control")
    prefix = f"://{s.account}."

    def path_style(request, **_):
        request.url = request.url.replace(prefix, "://", 1)

    c.meta.events.register("before-sign.s3-control", path_style)
    return c


def _bucket_policy(s, name, *statements):
    s.client("s3").put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17",
                                                                       "Statement": list(statements)}))


def _key(s, alias, rotate=True, policy=None, schedule_deletion=False):
    """A customer managed symmetric key found or made by alias; returns its ARN."""
    kms = s.client("kms")
    full = f"alias/{alias}"
    try:
        meta = kms.describe_key(KeyId=full)["KeyMetadata"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "NotFoundException":
            raise
        meta = kms.create_key(Description=f"palisade accuracy {alias}", KeyUsage="ENCRYPT_DECRYPT",
                              KeySpec="SYMMETRIC_DEFAULT", MultiRegion=False)["KeyMetadata"]
        kms.create_alias(AliasName=full, TargetKeyId=meta["KeyId"])
        if rotate:
            kms.enable_key_rotation(KeyId=meta["KeyId"])
        if policy:
            kms.put_key_policy(KeyId=meta["KeyId"], PolicyName="default", Policy=json.dumps(policy))
        if schedule_deletion:
            kms.schedule_key_deletion(KeyId=meta["KeyId"], PendingWindowInDays=30)
    return meta["Arn"]


def _instance(s, ident, **kw):
    rds = s.client("rds")
    s.ignore_exists(lambda: rds.create_db_instance(DBInstanceIdentifier=ident, MasterUserPassword=PASSWORD,
                                                   DBInstanceClass="db.m6g.large", AllocatedStorage=20, **kw),
                    "DBInstanceAlreadyExists")


def _cluster(s, ident, **kw):
    rds = s.client("rds")
    try:
        rds.describe_db_clusters(DBClusterIdentifier=ident)
    except ClientError as e:
        if e.response["Error"]["Code"] != "DBClusterNotFoundFault":
            raise
        rds.create_db_cluster(DBClusterIdentifier=ident, MasterUserPassword=PASSWORD, **kw)


def _table(s, name, pitr, **kw):
    ddb = s.client("dynamodb")
    s.ignore_exists(lambda: ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], **kw), "ResourceInUseException")
    ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": pitr})


def _secret(s, name, rotate):
    sm = s.client("secretsmanager")
    s.ignore_exists(lambda: sm.create_secret(Name=name, SecretString="accuracy-only"), "ResourceExistsException")
    if rotate:
        # moto stores the rotation settings, then fails because the Lambda does not exist (as documented).
        try:
            sm.rotate_secret(SecretId=name, RotationLambdaARN=f"arn:aws:lambda:{s.region}:{s.account}:function:rotate",
                             RotationRules={"AutomaticallyAfterDays": 30})
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceNotFoundException":
                raise


def _file_system(s, name, **kw):
    efs = s.client("efs")
    for fs in efs.describe_file_systems()["FileSystems"]:
        if fs.get("Name") == name:
            return
    efs.create_file_system(CreationToken=name, Tags=[{"Key": "Name", "Value": name}], **kw)


def _public(resource, action):
    return {"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource}


# --------------------------------------------------------------------------------------------------- bad estate

def seed_bad(s):
    _bad_s3(s)
    _bad_rds(s)
    _bad_other(s)


def _bad_s3(s):
    s3 = s.client("s3")
    b = "palisade-acc-bad-"
    # The account-wide block stays unconfigured in this estate (it would also hide the public buckets below).
    s.expect_fail("aws-s3-account-public-access-block", "aws.s3.account_public_access_block", "account-public-access-block")

    name = s.hardened_bucket(b + "no-pab")
    s3.delete_public_access_block(Bucket=name)
    s.expect_fail("aws-s3-bucket-public-access-block", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "public-acl")
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket=name, ACL="public-read")
    s.expect_fail("aws-s3-bucket-public-acl", "aws.s3.bucket", name)
    s.expect_fail("aws-s3-bucket-acls-disabled", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "public-policy")
    s3.delete_public_access_block(Bucket=name)
    _bucket_policy(s, name, s.tls_only_statement(name), _public(f"arn:aws:s3:::{name}/*", "s3:GetObject"))
    s.expect_fail("aws-s3-bucket-public-policy", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "no-encryption")
    s3.delete_bucket_encryption(Bucket=name)
    s.expect_fail("aws-s3-bucket-default-encryption", "aws.s3.bucket", name)
    s.expect_fail("aws-s3-bucket-sse-kms", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "sse-s3")
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s.expect_fail("aws-s3-bucket-sse-kms", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "unversioned", object_lock=False)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
    s.expect_fail("aws-s3-bucket-versioning", "aws.s3.bucket", name)
    s.expect_fail("aws-s3-bucket-object-lock", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "http-allowed")
    _bucket_policy(s, name, {"Sid": "OwnAccount", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{s.account}:root"},
                             "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"})
    s.expect_fail("aws-s3-bucket-ssl-only", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "cross-account-admin")
    _bucket_policy(s, name, s.tls_only_statement(name), {
        "Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
        "Action": ["s3:GetObject", "s3:PutBucketPolicy"], "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]})
    s.expect_fail("aws-s3-bucket-policy-cross-account-admin", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "no-logging")
    s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={})
    s.expect_fail("aws-s3-bucket-access-logging", "aws.s3.bucket", name)

    name = s.hardened_bucket(b + "no-lifecycle")
    s3.delete_bucket_lifecycle(Bucket=name)
    s.expect_fail("aws-s3-bucket-lifecycle-configured", "aws.s3.bucket", name)


def _bad_rds(s):
    rds = s.client("rds")
    db = "palisade-acc-bad-db"
    _instance(s, db, Engine="postgres", MasterUsername="postgres", Port=5432, StorageEncrypted=False,
              PubliclyAccessible=True, MultiAZ=False, BackupRetentionPeriod=0, AutoMinorVersionUpgrade=False,
              DeletionProtection=False, EnableIAMDatabaseAuthentication=False, CopyTagsToSnapshot=False)
    for check in ["storage-encrypted", "auto-minor-version-upgrade", "not-publicly-accessible", "multi-az",
                  "deletion-protection", "log-exports", "iam-authentication", "automated-backups",
                  "copy-tags-to-snapshots", "non-default-port", "non-default-admin-username"]:
        s.expect_fail(f"aws-rds-instance-{check}", "aws.rds.db_instance", db)

    snap = "palisade-acc-bad-public-snapshot"
    s.ignore_exists(lambda: rds.create_db_snapshot(DBSnapshotIdentifier=snap, DBInstanceIdentifier=db),
                    "DBSnapshotAlreadyExists")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier=snap, AttributeName="restore", ValuesToAdd=["all"])
    s.expect_fail("aws-rds-snapshot-not-public", "aws.rds.db_snapshot", snap)
    s.expect_fail("aws-rds-snapshot-encrypted", "aws.rds.db_snapshot", snap)

    cluster = "palisade-acc-bad-aurora"
    _cluster(s, cluster, Engine="aurora-mysql", MasterUsername="admin", StorageEncrypted=False,
             DeletionProtection=False, EnableIAMDatabaseAuthentication=False, CopyTagsToSnapshot=False)
    for check in ["storage-encrypted", "deletion-protection", "multi-az", "iam-authentication",
                  "copy-tags-to-snapshots", "non-default-admin-username", "backtracking"]:
        s.expect_fail(f"aws-rds-cluster-{check}", "aws.rds.db_cluster", cluster)

    csnap = "palisade-acc-bad-public-cluster-snapshot"
    s.ignore_exists(lambda: rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier=csnap, DBClusterIdentifier=cluster),
                    "DBClusterSnapshotAlreadyExistsFault")
    rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier=csnap, AttributeName="restore",
                                             ValuesToAdd=["all"])
    s.expect_fail("aws-rds-cluster-snapshot-not-public", "aws.rds.db_cluster_snapshot", csnap)
    s.expect_fail("aws-rds-cluster-snapshot-encrypted", "aws.rds.db_cluster_snapshot", csnap)

    maz = "palisade-acc-bad-multi-az-cluster"
    _cluster(s, maz, Engine="postgres", MasterUsername="events_owner", StorageEncrypted=True,
             KmsKeyId=s.kms_key("palisade-accuracy-rds"), AutoMinorVersionUpgrade=False,
             DBClusterInstanceClass="db.m6gd.large", StorageType="io1", Iops=1000, AllocatedStorage=100)
    s.expect_fail("aws-rds-cluster-auto-minor-version-upgrade", "aws.rds.db_cluster", maz)


def _bad_other(s):
    _key(s, "palisade-acc-bad-pending-deletion", schedule_deletion=True)
    s.expect_fail("aws-kms-key-not-pending-deletion", "aws.kms.key", "alias/palisade-acc-bad-pending-deletion")
    _key(s, "palisade-acc-bad-no-rotation", rotate=False)
    s.expect_fail("aws-kms-key-rotation-enabled", "aws.kms.key", "alias/palisade-acc-bad-no-rotation")
    _key(s, "palisade-acc-bad-public-key", policy={"Version": "2012-10-17", "Statement": [
        {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{s.account}:root"}, "Action": "kms:*",
         "Resource": "*"},
        {"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]})
    s.expect_fail("aws-kms-key-policy-not-public", "aws.kms.key", "alias/palisade-acc-bad-public-key")

    table = "palisade-acc-bad-table"
    _table(s, table, pitr=False, DeletionProtectionEnabled=False)
    for check in ["pitr-enabled", "deletion-protection", "cmk-encryption"]:
        s.expect_fail(f"aws-dynamodb-table-{check}", "aws.dynamodb.table", table)

    _secret(s, "palisade-acc-bad-unrotated", rotate=False)
    s.expect_fail("aws-secretsmanager-secret-rotation-enabled", "aws.secretsmanager.secret", "palisade-acc-bad-unrotated")

    sns = s.client("sns")
    topic = "palisade-acc-bad-topic"
    arn = sns.create_topic(Name=topic)["TopicArn"]
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps(
        {"Version": "2012-10-17", "Statement": [_public(arn, "SNS:Publish")]}))
    s.expect_fail("aws-sns-topic-kms-encrypted", "aws.sns.topic", topic)
    s.expect_fail("aws-sns-topic-policy-not-public", "aws.sns.topic", topic)

    sqs = s.client("sqs")
    queue = "palisade-acc-bad-queue"
    url = sqs.create_queue(QueueName=queue, Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    qarn = f"arn:aws:sqs:{s.region}:{s.account}:{queue}"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(
        {"Version": "2012-10-17", "Statement": [_public(qarn, "sqs:*")]})})
    s.expect_fail("aws-sqs-queue-encrypted", "aws.sqs.queue", queue)
    s.expect_fail("aws-sqs-queue-policy-not-public", "aws.sqs.queue", queue)

    fs = "palisade-acc-bad-efs"
    _file_system(s, fs, Encrypted=False, Backup=False)
    s.expect_fail("aws-efs-file-system-encrypted", "aws.efs.file_system", fs)
    s.expect_fail("aws-efs-file-system-backups", "aws.efs.file_system", fs)


# ---------------------------------------------------------------------------------------------- hardened estate

def seed_hardened(s):
    _s3control(s).put_public_access_block(AccountId=s.account, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

    # Everyone may read, but only through the VPC endpoint: is_public_policy must see that as not public.
    name = "palisade-acc-hardened-records"
    s.hardened_bucket(name, policy_statements=[{
        "Sid": "ReadThroughEndpoint", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f"}}}])

    key = s.kms_key("palisade-accuracy-data")
    rds = s.client("rds")
    db = "palisade-acc-hardened-db"
    _instance(s, db, Engine="postgres", MasterUsername="orders_owner", Port=5433, StorageEncrypted=True,
              KmsKeyId=key, PubliclyAccessible=False, MultiAZ=True, BackupRetentionPeriod=14,
              AutoMinorVersionUpgrade=True, DeletionProtection=True, EnableIAMDatabaseAuthentication=True,
              CopyTagsToSnapshot=True, EnableCloudwatchLogsExports=["postgresql", "upgrade"])
    s.ignore_exists(lambda: rds.create_db_snapshot(DBSnapshotIdentifier="palisade-acc-hardened-snapshot",
                                                   DBInstanceIdentifier=db), "DBSnapshotAlreadyExists")

    cluster = "palisade-acc-hardened-aurora"
    _cluster(s, cluster, Engine="aurora-mysql", MasterUsername="ledger_owner", Port=3307, StorageEncrypted=True,
             KmsKeyId=key, DeletionProtection=True, EnableIAMDatabaseAuthentication=True, CopyTagsToSnapshot=True,
             BacktrackWindow=86400, BackupRetentionPeriod=14, EnableCloudwatchLogsExports=["audit", "error"])
    for i, az in enumerate(["us-east-1a", "us-east-1b"]):
        _instance(s, f"{cluster}-{i + 1}", Engine="aurora-mysql", DBClusterIdentifier=cluster, AvailabilityZone=az,
                  Port=3307, PubliclyAccessible=False, AutoMinorVersionUpgrade=True)
    s.ignore_exists(lambda: rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="palisade-acc-hardened-cluster-snapshot",
                                                           DBClusterIdentifier=cluster),
                    "DBClusterSnapshotAlreadyExistsFault")
    _cluster(s, "palisade-acc-hardened-multi-az-cluster", Engine="postgres", MasterUsername="events_owner",
             Port=5433, StorageEncrypted=True, KmsKeyId=key, AutoMinorVersionUpgrade=True, DeletionProtection=True,
             CopyTagsToSnapshot=True, BackupRetentionPeriod=14,
             DBClusterInstanceClass="db.m6gd.large", StorageType="io1", Iops=1000, AllocatedStorage=100)
    # moto derives a cluster's MultiAZ from its members' zones (AWS makes a Multi-AZ DB cluster's instances itself).
    for i, az in enumerate(["us-east-1a", "us-east-1b"]):
        _instance(s, f"palisade-acc-hardened-multi-az-cluster-{i + 1}", Engine="postgres", AvailabilityZone=az,
                  DBClusterIdentifier="palisade-acc-hardened-multi-az-cluster", Port=5433, PubliclyAccessible=False,
                  AutoMinorVersionUpgrade=True)

    _table(s, "palisade-acc-hardened-table", pitr=True, DeletionProtectionEnabled=True,
           SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key})
    _secret(s, "palisade-acc-hardened-secret", rotate=True)
    s.client("sns").create_topic(Name="palisade-acc-hardened-topic", Attributes={"KmsMasterKeyId": key})
    s.client("sqs").create_queue(QueueName="palisade-acc-hardened-queue", Attributes={"SqsManagedSseEnabled": "true"})
    _file_system(s, "palisade-acc-hardened-efs", Encrypted=True, KmsKeyId=key, Backup=True)
