#!/usr/bin/env python3
"""Seed a moto server with Palisade's demo AWS estate and print a JSON manifest of what it made.

The estate mixes deliberately bad resources (what Palisade's checks must flag) with hardened ones
(what they must pass). `--scale N` makes N copies; copy 0 keeps the plain names, copy i > 0 adds
the suffix `-<i>` (bucket names `palisade-demo-<i>-...` keep the documented prefix). Re-runs are
idempotent: anything that already exists is left alone and still reported.

Moto 5.2.1 quirks this script works around (also listed in the manifest's "quirks"):
  * AWS managed policies are not loaded by a plain `moto_server` (only with
    MOTO_IAM_LOAD_MANAGED_POLICIES=true): when arn:aws:iam::aws:policy/AdministratorAccess is
    missing, an account-managed policy named AdministratorAccess with the same document is created.
  * New buckets get NO default encryption (GetBucketEncryption answers
    ServerSideEncryptionConfigurationNotFoundError), unlike real AWS since 2023 (SSE-S3 by default).
  * Instances launched in the default VPC get a public IP (default subnets MapPublicIpOnLaunch);
    `internal-1` is launched with an explicit network interface with AssociatePublicIpAddress=false.
  * Virtual MFA devices accept any two 6-digit codes in EnableMFADevice.
  * Every instance gets an unencrypted root EBS volume, so DescribeVolumes lists more than the two seeded.
"""
import argparse
import json
import os
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import estate  # noqa: E402  (the estate's other families, one module each)
import iam_heavy  # noqa: E402  (palisade-bench --iam-principals)

ADMIN_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
CI_BOT_DOC = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], "Resource": "*"}]}
EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
WIDE_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
TRUSTED_ACCOUNT = "111122223333"
READONLY_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{TRUSTED_ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]}
READONLY_DOC = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}

QUIRKS = [
    "moto_server does not load AWS managed policies unless MOTO_IAM_LOAD_MANAGED_POLICIES=true; "
    "AdministratorAccess is then created as an account-managed policy with the same document",
    "moto applies no default encryption to new buckets (real AWS applies SSE-S3 since 2023)",
    "moto gives instances in default-VPC subnets a public IP; internal-1 opts out via its network interface",
    "moto's default VPC has no internet gateway and no default route (AWS's has both): the seeder adds them",
    "moto accepts any codes in EnableMFADevice",
    "moto attaches an unencrypted 8 GiB root EBS volume to every instance: more volumes exist than the two seeded",
]


def exists(call, *codes):
    """Runs a create call; True when it made something, False when it already existed."""
    try:
        call()
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in codes:
            return False
        raise


class Seeder:
    def __init__(self, args):
        kw = dict(endpoint_url=args.endpoint, region_name=args.region,
                  aws_access_key_id=args.access_key, aws_secret_access_key=args.secret_key)
        self._kw = kw
        self._clients = {}
        self.region = args.region
        self.iam = boto3.client("iam", **kw)
        self.ec2 = boto3.client("ec2", **kw)
        self.s3 = boto3.client("s3", **kw)
        self.account = boto3.client("sts", **kw).get_caller_identity()["Account"]
        self.bad, self.hardened = [], []
        self.admin_arn = self.admin_policy()

    def client(self, service, region=None):
        """A boto3 client for `service` (cached), in the seeding region unless `region` is given."""
        key = (service, region or self.region)
        if key not in self._clients:
            self._clients[key] = boto3.client(service, **dict(self._kw, region_name=key[1]))
        return self._clients[key]

    def note(self, role, kind, name, rid, why):
        (self.bad if role == "bad" else self.hardened).append({"type": kind, "name": name, "id": rid, "why": why})

    def admin_policy(self):
        aws_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        try:
            self.iam.get_policy(PolicyArn=aws_arn)
            return aws_arn
        except ClientError:
            arn = f"arn:aws:iam::{self.account}:policy/AdministratorAccess"
            exists(lambda: self.iam.create_policy(PolicyName="AdministratorAccess",
                                                  PolicyDocument=json.dumps(ADMIN_DOC)), "EntityAlreadyExists")
            return arn

    # IAM -------------------------------------------------------------------------------------
    def user(self, name):
        created = exists(lambda: self.iam.create_user(UserName=name), "EntityAlreadyExists")
        return created, f"arn:aws:iam::{self.account}:user/{name}"

    def users(self, sfx):
        name = f"alice-admin{sfx}"
        created, arn = self.user(name)
        if created:
            self.iam.create_login_profile(UserName=name, Password="Winter2024!x", PasswordResetRequired=False)
            self.iam.attach_user_policy(UserName=name, PolicyArn=self.admin_arn)
            self.iam.create_access_key(UserName=name)
        self.note("bad", "aws.iam.user", name, arn, "console password, no MFA, AdministratorAccess, access key")

        name = f"bob-dev{sfx}"
        created, arn = self.user(name)
        if created:
            self.iam.create_login_profile(UserName=name, Password="Correct-Horse-9-Battery!", PasswordResetRequired=False)
            serial = self.iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
            self.iam.enable_mfa_device(UserName=name, SerialNumber=serial,
                                       AuthenticationCode1="123456", AuthenticationCode2="654321")
        self.note("hardened", "aws.iam.user", name, arn, "console password with virtual MFA")

        name = f"ci-bot{sfx}"
        created, arn = self.user(name)
        if created:
            self.iam.create_access_key(UserName=name)
            self.iam.put_user_policy(UserName=name, PolicyName="ci-bot-ecr", PolicyDocument=json.dumps(CI_BOT_DOC))
        self.note("bad", "aws.iam.user", name, arn, "programmatic only, access key, inline policy")

    def role(self, name, trust, role_kind, why):
        created = exists(lambda: self.iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust)),
                         "EntityAlreadyExists")
        arn = f"arn:aws:iam::{self.account}:role/{name}"
        self.note(role_kind, "aws.iam.role", name, arn, why)
        return created

    def roles(self, sfx):
        bucket = f"palisade-demo{sfx}-customer-data"
        name = f"web-app-role{sfx}"
        if self.role(name, EC2_TRUST, "bad", "EC2 role that can read and write the customer-data bucket"):
            doc = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                 "Resource": f"arn:aws:s3:::{bucket}/*"}]}
            self.iam.put_role_policy(RoleName=name, PolicyName="customer-data-rw", PolicyDocument=json.dumps(doc))
        profile = f"web-app-profile{sfx}"
        if exists(lambda: self.iam.create_instance_profile(InstanceProfileName=profile), "EntityAlreadyExists"):
            self.iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=name)
        self.profile_arn = f"arn:aws:iam::{self.account}:instance-profile/{profile}"
        self.profile_name = profile
        self.note("bad", "aws.iam.instance_profile", profile, self.profile_arn, "carries web-app-role onto web-1")
        self.role(f"wide-open-role{sfx}", WIDE_TRUST, "bad", "trust policy allows any AWS principal")
        if self.role(f"readonly-role{sfx}", READONLY_TRUST, "hardened", f"trusted by account {TRUSTED_ACCOUNT} only"):
            self.iam.put_role_policy(RoleName=f"readonly-role{sfx}", PolicyName="read-only",
                                     PolicyDocument=json.dumps(READONLY_DOC))

    def password_policy(self):
        self.iam.update_account_password_policy(
            MinimumPasswordLength=8, RequireSymbols=False, RequireNumbers=False, RequireUppercaseCharacters=True,
            RequireLowercaseCharacters=True, AllowUsersToChangePassword=True)
        self.note("bad", "aws.iam.password_policy", "account-password-policy",
                  f"arn:aws:iam::{self.account}:account-password-policy", "min length 8, no symbols/numbers, no reuse")

    # EC2 -------------------------------------------------------------------------------------
    def security_group(self, vpc, name, perms, role_kind, why):
        found = self.ec2.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": [name]}, {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
        if found:
            gid = found[0]["GroupId"]
        else:
            gid = self.ec2.create_security_group(GroupName=name, Description=why, VpcId=vpc)["GroupId"]
            self.ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
        self.note(role_kind, "aws.ec2.security_group", name,
                  f"arn:aws:ec2:{self.region}:{self.account}:security-group/{gid}", why)
        return gid

    def instance(self, name, role_kind, why, **kw):
        found = self.ec2.describe_instances(Filters=[
            {"Name": "tag:Name", "Values": [name]},
            {"Name": "instance-state-name", "Values": ["pending", "running"]}])["Reservations"]
        if found:
            iid = found[0]["Instances"][0]["InstanceId"]
        else:
            iid = self.ec2.run_instances(
                ImageId=self.image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
                **kw)["Instances"][0]["InstanceId"]
        self.note(role_kind, "aws.ec2.instance", name, f"arn:aws:ec2:{self.region}:{self.account}:instance/{iid}", why)
        return iid

    def volume(self, name, encrypted, role_kind, why):
        found = self.ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": [name]}])["Volumes"]
        if found:
            vid = found[0]["VolumeId"]
        else:
            vid = self.ec2.create_volume(
                AvailabilityZone=self.zone, Size=8, Encrypted=encrypted,
                TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}]}])["VolumeId"]
        self.note(role_kind, "aws.ec2.volume", name, f"arn:aws:ec2:{self.region}:{self.account}:volume/{vid}", why)

    def default_vpc_internet(self, vpc):
        """Gives the default VPC what AWS gives every default VPC and moto does not: an attached internet gateway
        and a 0.0.0.0/0 route to it in the main route table (without them nothing in the VPC is reachable from
        the internet, and the security graph rightly finds no exposure)."""
        igws = self.ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
        if igws:
            igw = igws[0]["InternetGatewayId"]
        else:
            igw = self.ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
            self.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        main = self.ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                       {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]
        if not any(r.get("DestinationCidrBlock") == "0.0.0.0/0" for r in main["Routes"]):
            self.ec2.create_route(RouteTableId=main["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)

    def network(self, sfx):
        vpc = next(v["VpcId"] for v in self.ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault"))
        self.default_vpc_internet(vpc)
        subnet = next(s for s in self.ec2.describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"] if s["MapPublicIpOnLaunch"])
        self.zone = subnet["AvailabilityZone"]
        self.image = self.ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        world = [{"CidrIp": "0.0.0.0/0"}]
        web = self.security_group(vpc, f"web-open-ssh{sfx}", [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": world},
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": world}],
            "bad", "SSH and HTTP open to the internet")
        self.security_group(vpc, f"rdp-open-v6{sfx}", [
            {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}],
            "bad", "RDP open to the IPv6 internet")
        self.security_group(vpc, f"all-open{sfx}", [{"IpProtocol": "-1", "IpRanges": world}],
                            "bad", "every protocol and port open to the internet")
        internal = self.security_group(vpc, f"internal-only{sfx}", [
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
            "hardened", "HTTPS from the private network only")
        self.instance(f"web-1{sfx}", "bad", "public IP, SSH open, role that writes customer data",
                      NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"], "Groups": [web],
                                          "AssociatePublicIpAddress": True}],
                      IamInstanceProfile={"Name": self.profile_name})
        self.instance(f"internal-1{sfx}", "hardened", "no public IP, internal security group",
                      NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"], "Groups": [internal],
                                          "AssociatePublicIpAddress": False}])
        self.volume(f"data-unencrypted{sfx}", False, "bad", "EBS volume without encryption")
        self.volume(f"data-encrypted{sfx}", True, "hardened", "EBS volume encrypted")

    # S3 --------------------------------------------------------------------------------------
    def bucket(self, name):
        kw = {} if self.region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": self.region}}
        return exists(lambda: self.s3.create_bucket(Bucket=name, **kw),
                      "BucketAlreadyOwnedByYou", "BucketAlreadyExists")

    def buckets(self, sfx):
        name = f"palisade-demo{sfx}-customer-data"
        self.bucket(name)
        self.s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [
            {"Key": "data-classification", "Value": "confidential"}]})
        self.note("bad", "aws.s3.bucket", name, f"arn:aws:s3:::{name}",
                  "no policy, no public access block, no versioning; tagged data-classification=confidential")

        name = f"palisade-demo{sfx}-public-assets"
        if self.bucket(name):
            self.s3.put_bucket_acl(Bucket=name, ACL="public-read")
            self.s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{name}/*"}]}))
        self.note("bad", "aws.s3.bucket", name, f"arn:aws:s3:::{name}", "public-read ACL and public bucket policy")

        name = f"palisade-demo{sfx}-hardened"
        if self.bucket(name):
            self.s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True})
            self.s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
            self.s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
            self.s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
        self.note("hardened", "aws.s3.bucket", name, f"arn:aws:s3:::{name}",
                  "public access block, KMS encryption, versioning, TLS-only policy")

    def scanner_users(self):
        """Users whose keys a scan can use once moto checks signatures: one allowed everything, one denied
        s3:GetBucketPolicy (moto enforces IAM policies when auth is on). Fresh keys on every run."""
        allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        deny = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "s3:GetBucketPolicy", "Resource": "*"}]}
        out = {}
        for name, docs in [("palisade-scanner", [allow_all]), ("palisade-scanner-no-bucket-policy", [allow_all, deny])]:
            self.user(name)
            for i, doc in enumerate(docs):
                self.iam.put_user_policy(UserName=name, PolicyName=f"scanner-{i}", PolicyDocument=json.dumps(doc))
            for key in self.iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
                self.iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
            key = self.iam.create_access_key(UserName=name)["AccessKey"]
            out[name] = {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}
        return out

    def seed(self, scale):
        self.password_policy()
        for i in range(scale):
            sfx = "" if i == 0 else f"-{i}"
            self.users(sfx)
            self.roles(sfx)
            self.network(sfx)
            self.buckets(sfx)
            for family in estate.families():
                family.seed(self, sfx)


def write_credentials(path, scanners, region):
    """An AWS shared-credentials file (mode 0600) for the scanner users, as a user would keep one."""
    profiles = {"palisade-demo": "palisade-scanner",
                "palisade-demo-no-bucket-policy": "palisade-scanner-no-bucket-policy"}
    lines = []
    for profile, user in profiles.items():
        key = scanners[user]
        lines += [f"[{profile}]", f"aws_access_key_id = {key['accessKeyId']}",
                  f"aws_secret_access_key = {key['secretAccessKey']}", f"region = {region}", ""]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines))


def enable_auth(endpoint):
    """From now on moto checks every call's SigV4 signature and the caller's IAM permissions."""
    req = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        if resp.status != 200:
            raise SystemExit(f"moto refused reset-auth: HTTP {resp.status}")


def main():
    p = argparse.ArgumentParser(description="Seed a moto server with the Palisade demo AWS estate.")
    p.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--scale", type=int, default=1, help="number of copies of the estate (benchmarks)")
    p.add_argument("--access-key", default="testing")
    p.add_argument("--secret-key", default="testing")
    p.add_argument("--scanner-users", action="store_true",
                   help="also create users palisade-scanner (allow all) and palisade-scanner-no-bucket-policy "
                        "(denied s3:GetBucketPolicy) and print their keys under \"scannerCredentials\"")
    p.add_argument("--credentials-out", metavar="FILE",
                   help="write an AWS shared-credentials file with profiles palisade-demo (palisade-scanner) and "
                        "palisade-demo-no-bucket-policy; implies --scanner-users")
    p.add_argument("--enable-auth", action="store_true",
                   help="after seeding, make moto check SigV4 signatures and IAM permissions on every call")
    p.add_argument("--iam-principals", type=int, default=0, metavar="N",
                   help="also seed an IAM-heavy estate of N users and roles with inline and managed policies "
                        "(Tools/seed/iam_heavy.py)")
    args = p.parse_args()
    if args.scale < 1:
        p.error("--scale must be at least 1")
    if args.iam_principals < 0:
        p.error("--iam-principals must not be negative")
    if args.credentials_out:
        args.scanner_users = True
    seeder = Seeder(args)
    seeder.seed(args.scale)
    heavy = iam_heavy.seed(seeder.iam, seeder.account, args.iam_principals) if args.iam_principals else None
    bad, hardened = seeder.bad, seeder.hardened
    scanners = seeder.scanner_users() if args.scanner_users else {}
    if args.credentials_out:
        write_credentials(args.credentials_out, scanners, args.region)
    if args.enable_auth:
        enable_auth(args.endpoint)
    json.dump({"scannerCredentials": scanners,"endpoint": args.endpoint, "region": args.region, "account": seeder.account, "scale": args.scale,
               "counts": {"bad": len(bad), "hardened": len(hardened)},
               "bad": bad, "hardened": hardened, "quirks": QUIRKS, "iamHeavy": heavy}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
