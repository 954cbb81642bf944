"""What a graph family gets as `s`: clients, the manifest, and builders for the pieces chains are made of.

Isolation rules every family follows, so that one chain's resources cannot lend another entry a better path
(the search keeps one path per entry and target, the most valuable access first — a lateral hop into an admin
instance would turn a chain's `can_read` into `can_write`):

  * every instance gets its own security group (never the VPC default group, which admits its own members);
  * an exposed instance whose role is powerful gets a VPC of its own (`can_reach` is VPC-wide: a rule from
    0.0.0.0/0 admits every private address of the VPC too); instances that share a VPC have non-overlapping,
    weaker roles, or are not entries at all;
  * leaked-key holders are Lambda functions outside any VPC, or instances in a VPC without ingress rules;
  * statements carry a `Sid` so a chain's expected evidence can name the very statement that opens it.
"""
import io
import json
import zipfile

import boto3
from botocore.config import Config

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Sid": "GxEc2Service", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Sid": "GxLambdaService", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
     "Action": "sts:AssumeRole"}]}

ACCOUNT = "aws.account"
INSTANCE = "aws.ec2.instance"
ROLE = "aws.iam.role"
BUCKET = "aws.s3.bucket"
SECRET = "aws.secretsmanager.secret"
KEY = "aws.kms.key"
FUNCTION = "aws.lambda.function"
BALANCER = "aws.elbv2.load_balancer"
DATABASE = "aws.rds.db_instance"


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(sid, action, resource="*", **extra):
    return {"Sid": sid, "Effect": "Allow", "Action": action, "Resource": resource, **extra}


def tcp(port, cidr="0.0.0.0/0"):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}


def tcp_from_group(port, group):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": group}]}


def tcp_from_prefix_list(port, prefix_list):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "PrefixListIds": [{"PrefixListId": prefix_list}]}


def _tags(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


class GraphSeeder:
    def __init__(self, endpoint, region):
        self.region = region
        self.family = ""
        self._kw = dict(endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
        self._clients = {}
        self.account = self.client("sts").get_caller_identity()["Account"]
        self.chains, self.decoys = [], []
        self._ami = None
        self._lambda_role = None
        self._networks = {}

    def client(self, service):
        if service not in self._clients:
            kw = dict(self._kw)
            if service == "s3":
                kw["config"] = Config(s3={"addressing_style": "path"})
            self._clients[service] = boto3.client(service, **kw)
        return self._clients[service]

    # ------------------------------------------------------------------------------------------- manifest

    def chain(self, cid, entry, target, edge_kinds, evidence=(), permissions=()):
        """An exploitable chain: some path must start at `entry` (type, name), end at `target` (type, name), carry
        `edge_kinds` in this order (other edges may come between), and have every `evidence` substring in some
        edge's evidence or details; `permissions` must each appear in some `can_escalate` edge's permissions."""
        self.chains.append({"id": cid, "family": self.family,
                            "entry": {"type": entry[0], "name": entry[1]},
                            "target": {"type": target[0], "name": target[1]},
                            "edgeKinds": list(edge_kinds), "evidence": list(evidence),
                            "permissions": list(permissions)})

    def decoy(self, did, chain, entry, target, why, conditional_on=None):
        """A look-alike of `chain` that is not exploitable: no path from `entry` to `target`. With
        `conditional_on` (a condition key the configuration cannot decide, per docs/graph.md), a path may exist
        only if it is conditional and names that key."""
        d = {"id": did, "chain": chain, "entry": {"type": entry[0], "name": entry[1]},
             "target": {"type": target[0], "name": target[1]}, "why": why}
        if conditional_on:
            d["conditionalOn"] = conditional_on
        self.decoys.append(d)

    def account_target(self):
        return (ACCOUNT, self.account)

    def check_manifest(self):
        ids = [c["id"] for c in self.chains] + [d["id"] for d in self.decoys]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise SystemExit(f"duplicate chain/decoy ids: {sorted(dup)}")
        known = {c["id"] for c in self.chains}
        orphans = [d["id"] for d in self.decoys if d["chain"] not in known]
        if orphans:
            raise SystemExit(f"decoys of unknown chains: {orphans}")
        lonely = known - {d["chain"] for d in self.decoys}
        if lonely:
            raise SystemExit(f"chains without a decoy: {sorted(lonely)}")

    # ------------------------------------------------------------------------------------------- network

    def vpc(self, name, cidr, internet_gateway=True):
        """A VPC (DNS on) and, when asked, an attached internet gateway. Returns {vpc, igw, main_rt, nacl}."""
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_tags("vpc", name))["Vpc"]["VpcId"]
        igw = None
        if internet_gateway:
            igw = ec2.create_internet_gateway(TagSpecifications=_tags("internet-gateway", f"{name}-igw"))[
                "InternetGateway"]["InternetGatewayId"]
            ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        main_rt = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                     {"Name": "association.main", "Values": ["true"]}])[
            "RouteTables"][0]["RouteTableId"]
        nacl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "default", "Values": ["true"]}])[
            "NetworkAcls"][0]["NetworkAclId"]
        return {"name": name, "vpc": vpc, "igw": igw, "main_rt": main_rt, "nacl": nacl}

    def public_network(self, name, cidr):
        """A VPC with an internet gateway and one public subnet (`<name>-public`, the first /24 of `cidr`),
        made once per name so families can share it. Returns the VPC dict with `public` = the subnet."""
        if name not in self._networks:
            net = self.vpc(name, cidr)
            net["public"] = self.subnet(net, f"{name}-public", cidr.replace(".0.0/16", ".1.0/24"))
            self._networks[name] = net
        return self._networks[name]

    def subnet(self, net, name, cidr, az="a", internet_route=True):
        """A subnet with its own route table: 0.0.0.0/0 → the VPC's internet gateway when `internet_route`, else
        only the local route. Returns {subnet, rt}."""
        ec2 = self.client("ec2")
        sid = ec2.create_subnet(VpcId=net["vpc"], CidrBlock=cidr, AvailabilityZone=f"{self.region}{az}",
                                TagSpecifications=_tags("subnet", name))["Subnet"]["SubnetId"]
        rt = ec2.create_route_table(VpcId=net["vpc"], TagSpecifications=_tags("route-table", f"{name}-rt"))[
            "RouteTable"]["RouteTableId"]
        if internet_route:
            ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=net["igw"])
        ec2.associate_route_table(RouteTableId=rt, SubnetId=sid)
        return {"subnet": sid, "rt": rt, "az": f"{self.region}{az}"}

    def prefix_list(self, name, cidrs):
        """A customer-managed IPv4 prefix list holding `cidrs`; returns its id."""
        return self.client("ec2").create_managed_prefix_list(
            PrefixListName=name, AddressFamily="IPv4", MaxEntries=max(5, len(cidrs)),
            Entries=[{"Cidr": c, "Description": name} for c in cidrs])["PrefixList"]["PrefixListId"]

    def security_group(self, net, name, ingress=()):
        ec2 = self.client("ec2")
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=net["vpc"],
                                        TagSpecifications=_tags("security-group", name))["GroupId"]
        if ingress:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(ingress))
        return gid

    def ami(self):
        if self._ami is None:
            images = self.client("ec2").describe_images(Owners=["amazon"])["Images"]
            self._ami = sorted(images, key=lambda i: i["ImageId"])[0]["ImageId"]
        return self._ami

    def instance(self, name, subnet, group, public_ip, profile=None, user_data=None, stopped=False):
        """One t3.micro in `subnet` behind `group` only; a public IPv4 address exactly when `public_ip`."""
        ec2 = self.client("ec2")
        kw = {}
        if profile:
            kw["IamInstanceProfile"] = {"Name": profile}
        if user_data:
            kw["UserData"] = user_data
        inst = ec2.run_instances(
            MinCount=1, MaxCount=1, InstanceType="t3.micro", ImageId=self.ami(),
            NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["subnet"], "Groups": [group],
                                "AssociatePublicIpAddress": public_ip}],
            TagSpecifications=_tags("instance", name), **kw)["Instances"][0]
        if stopped:
            ec2.stop_instances(InstanceIds=[inst["InstanceId"]])
        return inst["InstanceId"]

    # ------------------------------------------------------------------------------------------- identity

    def role(self, name, trust, inline=None, boundary=None):
        """A role with `trust` and, when given, one inline policy `<name>-policy`. Returns its ARN."""
        iam = self.client("iam")
        kw = {"PermissionsBoundary": boundary} if boundary else {}
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), **kw)["Role"]["Arn"]
        if inline:
            iam.put_role_policy(RoleName=name, PolicyName=f"{name}-policy", PolicyDocument=json.dumps(inline))
        return arn

    def role_arn(self, name):
        return f"arn:aws:iam::{self.account}:role/{name}"

    def instance_profile(self, name, role):
        iam = self.client("iam")
        iam.create_instance_profile(InstanceProfileName=name)
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
        return name

    def ec2_role(self, name, inline):
        """A role EC2 may assume, with `inline`, in an instance profile of the same name + `-profile`."""
        self.role(name, EC2_TRUST, inline)
        return self.instance_profile(f"{name}-profile", name)

    def managed_policy(self, name, document):
        return self.client("iam").create_policy(PolicyName=name, PolicyDocument=json.dumps(document))[
            "Policy"]["Arn"]

    def user_arn(self, name):
        return f"arn:aws:iam::{self.account}:user/{name}"

    def user(self, name, inline=None, managed=(), boundary=None, key_status="Active"):
        """An IAM user with an access key (made by IAM, `key_status`); returns the key's *id* only."""
        iam = self.client("iam")
        kw = {"PermissionsBoundary": boundary} if boundary else {}
        iam.create_user(UserName=name, **kw)
        if inline:
            iam.put_user_policy(UserName=name, PolicyName=f"{name}-policy", PolicyDocument=json.dumps(inline))
        for arn in managed:
            iam.attach_user_policy(UserName=name, PolicyArn=arn)
        key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
        if key_status != "Active":
            iam.update_access_key(UserName=name, AccessKeyId=key, Status=key_status)
        return key

    # ------------------------------------------------------------------------------------------- compute

    def lambda_basic_role(self):
        """The execution role of functions whose own role is not part of a chain: trusts Lambda, allows nothing."""
        if self._lambda_role is None:
            self._lambda_role = self.role("gx-lambda-basic", LAMBDA_TRUST)
        return self._lambda_role

    @staticmethod
    def _code():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
        return {"ZipFile": buf.getvalue()}

    def function(self, name, role_arn=None, environment=None, url_auth=None):
        """A Python Lambda function outside any VPC; a function URL with `url_auth` (NONE / AWS_IAM) when given."""
        lam = self.client("lambda")
        kw = {"Environment": {"Variables": environment}} if environment else {}
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=role_arn or self.lambda_basic_role(),
                            Handler="index.handler", Code=self._code(), **kw)
        if url_auth:
            lam.create_function_url_config(FunctionName=name, AuthType=url_auth)
        return name

    # ------------------------------------------------------------------------------------------- data

    def bucket(self, name, classification="confidential", policy=None, kms_key=None, block_public=False):
        """A bucket tagged data-classification=`classification`; its policy, SSE-KMS key and bucket-level Block
        Public Access (set after the policy, as a bucket that already has a public policy would be) when asked."""
        s3 = self.client("s3")
        s3.create_bucket(Bucket=name)
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "data-classification", "Value": classification}]})
        if kms_key:
            s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key}}]})
        if policy:
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
        if block_public:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True})
        return f"arn:aws:s3:::{name}"

    def secret(self, name, policy=None):
        sm = self.client("secretsmanager")
        arn = sm.create_secret(Name=name, SecretString=json.dumps({"password": "not-a-real-password"}))["ARN"]
        if policy:
            sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(policy))
        return arn

    def key(self, alias, policy):
        """A symmetric customer key with `policy` and `alias/<alias>`; returns its ARN."""
        kms = self.client("kms")
        meta = kms.create_key(Description=alias, KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT",
                              Policy=json.dumps(policy))["KeyMetadata"]
        kms.create_alias(AliasName=f"alias/{alias}", TargetKeyId=meta["KeyId"])
        return meta["Arn"]

    def root_key_statement(self):
        """The key-policy statement that lets IAM policies of the account grant use of the key."""
        return {"Sid": "GxEnableIamPolicies", "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"}, "Action": "kms:*", "Resource": "*"}

    # ------------------------------------------------------------------------------------------- harness

    def scanner(self):
        """The harness identity: a user in group palisade-scanners (allowed everything), with fresh keys."""
        iam = self.client("iam")
        iam.create_group(GroupName="palisade-scanners")
        iam.put_group_policy(GroupName="palisade-scanners", PolicyName="scan", PolicyDocument=json.dumps(ALLOW_ALL))
        iam.create_user(UserName="palisade-scanner")
        iam.add_user_to_group(GroupName="palisade-scanners", UserName="palisade-scanner")
        key = iam.create_access_key(UserName="palisade-scanner")["AccessKey"]
        return {"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}


def user_data_exporting(key_id):
    """A boot script that leaks an access key id (its secret would sit next to it on a real host)."""
    script = ("#!/bin/bash\n"
              f"export AWS_ACCESS_KEY_ID={key_id}\n"
              "export AWS_DEFAULT_REGION=us-east-1\n"
              "aws s3 sync s3://deploy-artifacts /opt/app\n")
    return script
