"""Data stores: a hardened S3 bucket (access logging, object lock, owner-enforced, lifecycle), RDS instances
(public unencrypted vs private encrypted), a public DB snapshot, an Aurora cluster with a shared snapshot, and
KMS keys with rotation off vs on.

Moto 5.2.1 quirks (see docs/resources/aws/s3-rds-kms.md): GetBucketPolicyStatus is not implemented (moto
answers with a bucket listing); ListKeys leaves out the AWS managed keys its alias/aws/* aliases point to;
DescribeKey omits KeyUsage and MultiRegion unless CreateKey was given them (so they are given here);
DescribeDBInstances has no PerformanceInsightsEnabled; boto3's s3control client puts the account in the host,
so it is pointed back at the endpoint path-style here.
"""
import json

from botocore.exceptions import ClientError

SHARED_ACCOUNT = "111122223333"
DB_PASSWORD = "Demo-only-Passw0rd!"  # moto only; never collected (RDS does not return it)


def _exists(call, *codes):
    try:
        call()
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in codes:
            return False
        raise


def _key(seeder, alias, rotate, role, why):
    kms = seeder.client("kms")
    try:
        key_id = kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "NotFoundException":
            raise
        # KeyUsage and MultiRegion are AWS's defaults, spelled out: moto only reports them in DescribeKey when given.
        key_id = kms.create_key(Description=why, KeyUsage="ENCRYPT_DECRYPT", MultiRegion=False,
                                Tags=[{"TagKey": "palisade-demo", "TagValue": "data"}])["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=alias, TargetKeyId=key_id)
        if rotate:
            kms.enable_key_rotation(KeyId=key_id)
    arn = f"arn:aws:kms:{seeder.region}:{seeder.account}:key/{key_id}"
    seeder.note(role, "aws.kms.key", alias, arn, why)
    return arn


def _bucket(seeder, name, **kw):
    if seeder.region != "us-east-1":
        kw["CreateBucketConfiguration"] = {"LocationConstraint": seeder.region}
    return _exists(lambda: seeder.client("s3").create_bucket(Bucket=name, **kw),
                   "BucketAlreadyOwnedByYou", "BucketAlreadyExists")


def buckets(seeder, sfx, key_arn):
    s3 = seeder.client("s3")
    logs = f"palisade-demo{sfx}-access-logs"
    if _bucket(seeder, logs):
        s3.put_bucket_acl(Bucket=logs, ACL="log-delivery-write")
    name = f"palisade-demo{sfx}-records"
    if _bucket(seeder, name, ObjectLockEnabledForBucket=True):
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn}}]})
        s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": f"{name}/"}})
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [
            {"ID": "expire-after-7-years", "Status": "Enabled", "Filter": {"Prefix": ""},
             "Expiration": {"Days": 2555}, "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]})
        s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 365}}})
    seeder.note("hardened", "aws.s3.bucket", name, f"arn:aws:s3:::{name}",
                "access logging, object lock (governance, 365 days), BucketOwnerEnforced, lifecycle, KMS, "
                "public access block")


def _db(seeder, ident, **kw):
    rds = seeder.client("rds")
    return _exists(lambda: rds.create_db_instance(
        DBInstanceIdentifier=ident, DBInstanceClass="db.t3.micro", Engine="postgres", AllocatedStorage=20,
        MasterUsername="palisade", MasterUserPassword=DB_PASSWORD, **kw), "DBInstanceAlreadyExists")


def databases(seeder, sfx, key_arn):
    rds = seeder.client("rds")
    arn = f"arn:aws:rds:{seeder.region}:{seeder.account}"
    public = f"palisade-demo{sfx}-public-db"
    _db(seeder, public, PubliclyAccessible=True, StorageEncrypted=False, BackupRetentionPeriod=0, MultiAZ=False,
        DeletionProtection=False, Tags=[{"Key": "team", "Value": "growth"}])
    seeder.note("bad", "aws.rds.db_instance", public, f"{arn}:db:{public}",
                "publicly accessible, unencrypted storage, no backups, no deletion protection")
    private = f"palisade-demo{sfx}-private-db"
    _db(seeder, private, PubliclyAccessible=False, StorageEncrypted=True, KmsKeyId=key_arn, BackupRetentionPeriod=14,
        MultiAZ=True, DeletionProtection=True, EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=["postgresql"], CACertificateIdentifier="rds-ca-rsa2048-g1")
    seeder.note("hardened", "aws.rds.db_instance", private, f"{arn}:db:{private}",
                "private, KMS-encrypted, Multi-AZ, 14-day backups, deletion protection, IAM auth, logs exported")
    snap = f"palisade-demo{sfx}-public-snapshot"
    if _exists(lambda: rds.create_db_snapshot(DBSnapshotIdentifier=snap, DBInstanceIdentifier=public),
               "DBSnapshotAlreadyExists"):
        rds.modify_db_snapshot_attribute(DBSnapshotIdentifier=snap, AttributeName="restore", ValuesToAdd=["all"])
    seeder.note("bad", "aws.rds.db_snapshot", snap, f"{arn}:snapshot:{snap}", "restorable by any AWS account")
    cluster = f"palisade-demo{sfx}-aurora"
    # moto answers a repeated CreateDBCluster with a snapshot clash, not DBClusterAlreadyExistsFault: look first.
    if not _exists(lambda: rds.describe_db_clusters(DBClusterIdentifier=cluster), "DBClusterNotFoundFault"):
        rds.create_db_cluster(
            DBClusterIdentifier=cluster, Engine="aurora-postgresql", MasterUsername="palisade",
            MasterUserPassword=DB_PASSWORD, StorageEncrypted=True, KmsKeyId=key_arn, DeletionProtection=True,
            BackupRetentionPeriod=7)
    seeder.note("hardened", "aws.rds.db_cluster", cluster, f"{arn}:cluster:{cluster}",
                "KMS-encrypted, deletion protection, 7-day backups")
    csnap = f"palisade-demo{sfx}-aurora-shared"
    if _exists(lambda: rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier=csnap, DBClusterIdentifier=cluster),
               "DBClusterSnapshotAlreadyExistsFault"):
        rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier=csnap, AttributeName="restore",
                                                 ValuesToAdd=[SHARED_ACCOUNT])
    seeder.note("hardened", "aws.rds.db_cluster_snapshot", csnap, f"{arn}:cluster-snapshot:{csnap}",
                f"encrypted, shared with account {SHARED_ACCOUNT} only (not public)")


def account_public_access_block(seeder):
    """Left unconfigured (the account-wide block is off): read it to show the "not configured" state."""
    s3control = seeder.client("s3control")
    prefix = f"://{seeder.account}."

    def path_style(request, **_):
        request.url = request.url.replace(prefix, "://", 1)

    s3control.meta.events.register("before-sign.s3-control", path_style)
    try:
        s3control.get_public_access_block(AccountId=seeder.account)
        return
    except ClientError as e:
        if e.response["Error"]["Code"] != "NoSuchPublicAccessBlockConfiguration":
            raise
    seeder.note("bad", "aws.s3.account_public_access_block", "account-public-access-block",
                f"arn:aws:s3::{seeder.account}:account-public-access-block",
                "no account-wide S3 public access block: each bucket decides alone")


def seed(seeder, sfx):
    rotated = _key(seeder, f"alias/palisade-demo{sfx}-rotated", True, "hardened",
                   "customer managed key with automatic rotation")
    _key(seeder, f"alias/palisade-demo{sfx}-no-rotation", False, "bad", "customer managed key without rotation")
    buckets(seeder, sfx, rotated)
    databases(seeder, sfx, rotated)
    if sfx == "":
        account_public_access_block(seeder)
