#!/usr/bin/env python3
"""Seed one of Palisade's two accuracy estates into a moto server and print a JSON manifest.

The accuracy tests (Tests/AWSConnectorTests/Accuracy) start two moto servers, seed the *bad* estate into one
and the *hardened* estate into the other, scan both with the real connector and evaluate every built-in check:

  * bad estate: each family plants one misconfiguration per check it can represent and declares it with
    `s.expect_fail(check_id, resource_type, resource_name)`; the check must fail on exactly that resource.
  * hardened estate: everything is configured well (moto's own defaults in us-east-1 included), so no check
    may fail on anything, and every check must pass on at least one resource.

A family is a module in Tools/seed/accuracy/ with `seed_bad(s)`, `seed_hardened(s)` and `GAPS` (check id →
why moto cannot represent it). Modules run in name order. The identity the scan runs as (users
`palisade-scanner*`, group `palisade-scanners`) belongs to the test harness, not to either estate.
"""
import argparse
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy  # noqa: E402  (the families, one module each)
from seed_aws import enable_auth  # noqa: E402  (the same switch the demo estate uses)

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


class AccuracySeeder:
    """What a family module gets as `s`."""

    def __init__(self, endpoint, region, estate):
        self.estate = estate
        self.region = region
        self._kw = dict(endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
        self._clients = {}
        self.account = self.client("sts").get_caller_identity()["Account"]
        self.expected = []
        self._keys = {}

    def client(self, service, region=None):
        """A boto3 client for `service` (cached), in us-east-1 unless `region` is given."""
        key = (service, region or self.region)
        if key not in self._clients:
            kw = dict(self._kw, region_name=key[1])
            if service == "s3":
                from botocore.config import Config
                kw["config"] = Config(s3={"addressing_style": "path"})
            self._clients[key] = boto3.client(service, **kw)
        return self._clients[key]

    def expect_fail(self, check, rtype, name):
        """Declares a planted misconfiguration: `check` must fail on the `rtype` resource named `name`."""
        self.expected.append({"check": check, "type": rtype, "name": name})

    @staticmethod
    def ignore_exists(call, *codes):
        """Runs a create call; True when it made something, False when it failed with one of `codes`."""
        try:
            call()
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] in codes:
                return False
            raise

    # Shared builders: resources other families hang their own on (trail buckets, log buckets, keys).

    def kms_key(self, alias):
        """A customer-managed symmetric key with rotation on, found or made by alias; returns its ARN."""
        if alias in self._keys:
            return self._keys[alias]
        kms = self.client("kms")
        full = alias if alias.startswith("alias/") else f"alias/{alias}"
        for a in kms.list_aliases()["Aliases"]:
            if a["AliasName"] == full and a.get("TargetKeyId"):
                arn = kms.describe_key(KeyId=a["TargetKeyId"])["KeyMetadata"]["Arn"]
                self._keys[alias] = arn
                return arn
        meta = kms.create_key(Description=f"palisade accuracy {alias}", KeyUsage="ENCRYPT_DECRYPT",
                              KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
        kms.enable_key_rotation(KeyId=meta["KeyId"])
        kms.create_alias(AliasName=full, TargetKeyId=meta["KeyId"])
        self._keys[alias] = meta["Arn"]
        return meta["Arn"]

    def log_bucket(self):
        """The estate's server-access-log bucket (hardened; it logs to itself). Its policy lets the S3 logging
        service write (as AWS needs for a bucket whose ACLs are disabled); moto reads that statement only when it
        comes before any statement whose principal is the string "*"."""
        name = f"palisade-accuracy-{self.estate}-access-logs"
        self.hardened_bucket(name, log_target=name, policy_statements=[{
            "Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": ["s3:PutObject"], "Resource": f"arn:aws:s3:::{name}/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": self.account}}}])
        return name

    def hardened_bucket(self, name, log_target=None, object_lock=True, policy_statements=()):
        """A bucket every S3 check passes on: public access blocked (bucket level), SSE-KMS with a rotated
        customer key, versioning, a TLS-only policy (after `policy_statements`), server access logging,
        BucketOwnerEnforced ownership, a lifecycle rule and Object Lock (no default retention, so it can also
        receive server access logs). Object Lock can only be chosen at creation: an existing bucket keeps what
        it has. Returns the name."""
        s3 = self.client("s3")
        kw = {"ObjectLockEnabledForBucket": True} if object_lock else {}
        if self.region != "us-east-1":
            kw["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        self.ignore_exists(lambda: s3.create_bucket(Bucket=name, **kw), "BucketAlreadyOwnedByYou", "BucketAlreadyExists")
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        key = self.kms_key("palisade-accuracy-s3")
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
             "BucketKeyEnabled": True}]})
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
            *policy_statements, self.tls_only_statement(name)]}))
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [
            {"ID": "retention", "Status": "Enabled", "Filter": {"Prefix": ""},
             "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]})
        target = log_target or self.log_bucket()
        s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": target, "TargetPrefix": f"{name}/"}})
        return name

    @staticmethod
    def tls_only_statement(bucket):
        """The statement aws-s3-bucket-ssl-only looks for: deny s3:* to everyone over plain HTTP."""
        return {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

    def scanner(self):
        """The harness identity: a user in group palisade-scanners (allowed everything), with fresh keys."""
        iam = self.client("iam")
        self.ignore_exists(lambda: iam.create_group(GroupName="palisade-scanners"), "EntityAlreadyExists")
        iam.put_group_policy(GroupName="palisade-scanners", PolicyName="scan", PolicyDocument=json.dumps(ALLOW_ALL))
        self.ignore_exists(lambda: iam.create_user(UserName="palisade-scanner"), "EntityAlreadyExists")
        iam.add_user_to_group(GroupName="palisade-scanners", UserName="palisade-scanner")
        for key in iam.list_access_keys(UserName="palisade-scanner")["AccessKeyMetadata"]:
            iam.delete_access_key(UserName="palisade-scanner", AccessKeyId=key["AccessKeyId"])
        key = iam.create_access_key(UserName="palisade-scanner")["AccessKey"]
        return {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}


def main():
    p = argparse.ArgumentParser(description="Seed a Palisade accuracy estate (bad or hardened) into moto.")
    p.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    p.add_argument("--estate", required=True, choices=["bad", "hardened"])
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--enable-auth", action="store_true",
                   help="after seeding, make moto check SigV4 signatures and IAM permissions on every call")
    args = p.parse_args()
    s = AccuracySeeder(args.endpoint, args.region, args.estate)
    gaps, families = {}, []
    for family in accuracy.families():
        name = family.__name__.rsplit(".", 1)[-1]
        families.append(name)
        try:
            (family.seed_bad if args.estate == "bad" else family.seed_hardened)(s)
        except Exception as e:  # name the family: one broken module should be easy to find
            raise SystemExit(f"accuracy family '{name}' failed seeding the {args.estate} estate: {e!r}") from e
        for check, why in getattr(family, "GAPS", {}).items():
            gaps[check] = f"{name}: {why}"
    scanner = s.scanner()
    if args.enable_auth:
        enable_auth(args.endpoint)
    json.dump({"estate": args.estate, "account": s.account, "region": args.region, "families": families,
               "scannerCredentials": {"palisade-scanner": scanner},
               "harnessIdentities": ["palisade-scanner", "palisade-scanners"],
               "expectFail": s.expected, "gaps": gaps}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
