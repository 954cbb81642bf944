"""EC2/VPC family: what the core network() leaves out.

Two VPCs (one without flow logs, one with), a public subnet with an internet route and a NAT gateway, network ACLs
(SSH from anywhere vs from the private network), a gateway endpoint with an open and one with a scoped policy,
snapshots and AMIs (public vs private), an unassociated Elastic IP, launch templates (IMDSv1 vs IMDSv2 required),
instances with user data (a fake AWS key vs a clean script), and EBS encryption by default (off in the seeding
region, on in another).

moto 5.2.1 quirks met here: DescribeSnapshots ignores OwnerIds=self (it also lists the public AMIs' snapshots);
GetEbsDefaultKmsKeyId and Get{Snapshot,Image}BlockPublicAccessState answer HTTP 500 (not implemented).
"""
import base64
import json

from botocore.exceptions import ClientError

FAKE_KEY_USER_DATA = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n/opt/app/start\n"
CLEAN_USER_DATA = "#!/bin/bash\nyum -y update\n/opt/app/start\n"
TEMPLATE_USER_DATA = "#cloud-config\nruncmd:\n  - echo 'db_password=hunter2' >> /etc/app.conf\n"


def _name(name):
    return [{"Key": "Name", "Value": name}]


def _tagged(ec2, describe, key, name, **kw):
    """The first resource of `describe` tagged Name=name, or None."""
    items = getattr(ec2, describe)(Filters=[{"Name": "tag:Name", "Values": [name]}], **kw)[key]
    return items[0] if items else None


def _vpc(ec2, name, cidr):
    found = _tagged(ec2, "describe_vpcs", "Vpcs", name)
    if found:
        return found["VpcId"]
    return ec2.create_vpc(CidrBlock=cidr, TagSpecifications=[{"ResourceType": "vpc", "Tags": _name(name)}])["Vpc"]["VpcId"]


def _subnet(ec2, vpc, name, cidr, public):
    found = _tagged(ec2, "describe_subnets", "Subnets", name)
    if found:
        return found["SubnetId"]
    sid = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr,
                            TagSpecifications=[{"ResourceType": "subnet", "Tags": _name(name)}])["Subnet"]["SubnetId"]
    if public:
        ec2.modify_subnet_attribute(SubnetId=sid, MapPublicIpOnLaunch={"Value": True})
    return sid


def _nacl(ec2, vpc, name, cidr):
    found = _tagged(ec2, "describe_network_acls", "NetworkAcls", name)
    if found:
        return found["NetworkAclId"]
    acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=[
        {"ResourceType": "network-acl", "Tags": _name(name)}])["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False,
                                 CidrBlock=cidr, PortRange={"From": 22, "To": 22})
    return acl


def network(seeder, ec2, sfx):
    region, acct = seeder.region, seeder.account
    arn = lambda kind, rid: f"arn:aws:ec2:{region}:{acct}:{kind}/{rid}"  # noqa: E731
    open_vpc = _vpc(ec2, f"flowless-vpc{sfx}", "10.50.0.0/16")
    seeder.note("bad", "aws.ec2.vpc", f"flowless-vpc{sfx}", arn("vpc", open_vpc), "no flow logs")
    logged = _vpc(ec2, f"logged-vpc{sfx}", "10.60.0.0/16")
    if not ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [logged]}])["FlowLogs"]:
        group = f"/palisade/flow-logs{sfx}"
        logs = seeder.client("logs")
        try:
            logs.create_log_group(logGroupName=group)
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                raise
        ec2.create_flow_logs(ResourceIds=[logged], ResourceType="VPC", TrafficType="ALL", LogGroupName=group,
                             DeliverLogsPermissionArn=f"arn:aws:iam::{acct}:role/flow-logs-delivery")
    seeder.note("hardened", "aws.ec2.vpc", f"logged-vpc{sfx}", arn("vpc", logged), "flow logs (ALL) to CloudWatch Logs")

    public = _subnet(ec2, open_vpc, f"flowless-public{sfx}", "10.50.1.0/24", True)
    seeder.note("bad", "aws.ec2.subnet", f"flowless-public{sfx}", arn("subnet", public), "public IP on launch")
    private = _subnet(ec2, logged, f"logged-private{sfx}", "10.60.1.0/24", False)
    seeder.note("hardened", "aws.ec2.subnet", f"logged-private{sfx}", arn("subnet", private), "no public IP on launch")

    rt = _tagged(ec2, "describe_route_tables", "RouteTables", f"public-routes{sfx}")
    if rt:
        rt_id = rt["RouteTableId"]
    else:
        igw = ec2.create_internet_gateway(TagSpecifications=[
            {"ResourceType": "internet-gateway", "Tags": _name(f"flowless-igw{sfx}")}])["InternetGateway"]
        ec2.attach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=open_vpc)
        rt_id = ec2.create_route_table(VpcId=open_vpc, TagSpecifications=[
            {"ResourceType": "route-table", "Tags": _name(f"public-routes{sfx}")}])["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rt_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw["InternetGatewayId"])
        ec2.associate_route_table(RouteTableId=rt_id, SubnetId=public)
        eip = ec2.allocate_address(Domain="vpc", TagSpecifications=[
            {"ResourceType": "elastic-ip", "Tags": _name(f"nat-eip{sfx}")}])["AllocationId"]
        ec2.create_nat_gateway(SubnetId=public, AllocationId=eip, TagSpecifications=[
            {"ResourceType": "natgateway", "Tags": _name(f"flowless-nat{sfx}")}])
    seeder.note("bad", "aws.ec2.route_table", f"public-routes{sfx}", arn("route-table", rt_id),
                "0.0.0.0/0 to an internet gateway")

    acl = _nacl(ec2, open_vpc, f"open-ssh-nacl{sfx}", "0.0.0.0/0")
    seeder.note("bad", "aws.ec2.network_acl", f"open-ssh-nacl{sfx}", arn("network-acl", acl), "SSH from 0.0.0.0/0")
    acl = _nacl(ec2, logged, f"private-ssh-nacl{sfx}", "10.0.0.0/8")
    seeder.note("hardened", "aws.ec2.network_acl", f"private-ssh-nacl{sfx}", arn("network-acl", acl),
                "SSH from 10.0.0.0/8 only")

    bucket = f"palisade-demo{sfx}-customer-data"
    for name, vpc, route, policy, role, why in [
        (f"open-s3-endpoint{sfx}", open_vpc, rt_id,
         {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]},
         "bad", "endpoint policy allows any principal any action"),
        (f"scoped-s3-endpoint{sfx}", logged, None,
         {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                         "Resource": f"arn:aws:s3:::{bucket}/*"}]},
         "hardened", "endpoint policy limited to reading one bucket"),
    ]:
        found = _tagged(ec2, "describe_vpc_endpoints", "VpcEndpoints", name)
        if found:
            eid = found["VpcEndpointId"]
        else:
            eid = ec2.create_vpc_endpoint(
                VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3", VpcEndpointType="Gateway",
                RouteTableIds=[route] if route else [], PolicyDocument=json.dumps(policy),
                TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": _name(name)}])["VpcEndpoint"]["VpcEndpointId"]
        seeder.note(role, "aws.ec2.vpc_endpoint", name, arn("vpc-endpoint", eid), why)

    eip = _tagged(ec2, "describe_addresses", "Addresses", f"idle-eip{sfx}")
    alloc = eip["AllocationId"] if eip else ec2.allocate_address(Domain="vpc", TagSpecifications=[
        {"ResourceType": "elastic-ip", "Tags": _name(f"idle-eip{sfx}")}])["AllocationId"]
    seeder.note("bad", "aws.ec2.elastic_ip", f"idle-eip{sfx}", arn("elastic-ip", alloc), "allocated, not associated")


def storage(seeder, ec2, sfx):
    region = seeder.region
    wanted = [(f"public-snapshot{sfx}", f"data-unencrypted{sfx}", True, "bad", "unencrypted, anyone may create volumes"),
              (f"private-snapshot{sfx}", f"data-encrypted{sfx}", False, "hardened", "encrypted, not shared")]
    # One listing for both (moto's DescribeSnapshots walks every public AMI's snapshot on each call).
    existing = {t["Value"]: s["SnapshotId"] for s in ec2.describe_snapshots(
        OwnerIds=["self"], Filters=[{"Name": "tag:Name", "Values": [w[0] for w in wanted]}])["Snapshots"]
        for t in s.get("Tags", []) if t["Key"] == "Name"}
    for name, source, public, role, why in wanted:
        if name in existing:
            sid = existing[name]
        else:
            vol = _tagged(ec2, "describe_volumes", "Volumes", source)["VolumeId"]
            sid = ec2.create_snapshot(VolumeId=vol, TagSpecifications=[
                {"ResourceType": "snapshot", "Tags": _name(name)}])["SnapshotId"]
            if public:
                ec2.modify_snapshot_attribute(SnapshotId=sid, Attribute="createVolumePermission",
                                              OperationType="add", GroupNames=["all"])
        seeder.note(role, "aws.ec2.snapshot", name, f"arn:aws:ec2:{region}::snapshot/{sid}", why)

    source = _tagged(ec2, "describe_instances", "Reservations", f"internal-1{sfx}")["Instances"][0]["InstanceId"]
    for name, public, role, why in [(f"public-ami{sfx}", True, "bad", "launch permission for everyone"),
                                    (f"private-ami{sfx}", False, "hardened", "not shared")]:
        found = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": [name]}])["Images"]
        if found:
            ami = found[0]["ImageId"]
        else:
            ami = ec2.create_image(InstanceId=source, Name=name, TagSpecifications=[
                {"ResourceType": "image", "Tags": _name(name)}])["ImageId"]
            if public:
                ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"Group": "all"}]})
        seeder.note(role, "aws.ec2.image", name, f"arn:aws:ec2:{region}::image/{ami}", why)


def compute(seeder, ec2, sfx):
    region, acct = seeder.region, seeder.account
    for name, tokens, role, why in [
        (f"lt-imdsv1{sfx}", "optional", "bad", "IMDSv1 allowed; user data with a password"),
        (f"lt-imdsv2{sfx}", "required", "hardened", "IMDSv2 required, hop limit 1"),
    ]:
        try:
            lt = ec2.describe_launch_templates(LaunchTemplateNames=[name])["LaunchTemplates"][0]["LaunchTemplateId"]
        except ClientError:
            data = {"ImageId": seeder.image, "InstanceType": "t3.micro",
                    "MetadataOptions": {"HttpTokens": tokens, "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1}}
            if tokens == "optional":
                data["UserData"] = base64.b64encode(TEMPLATE_USER_DATA.encode()).decode()
            lt = ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)["LaunchTemplate"][
                "LaunchTemplateId"]
        seeder.note(role, "aws.ec2.launch_template", name, f"arn:aws:ec2:{region}:{acct}:launch-template/{lt}", why)

    for name, user_data, tokens, role, why in [
        (f"userdata-secret-1{sfx}", FAKE_KEY_USER_DATA, "optional", "bad", "AWS access key in user data; IMDSv1"),
        (f"userdata-clean-1{sfx}", CLEAN_USER_DATA, "required", "hardened", "clean user data; IMDSv2 required"),
    ]:
        seeder.instance(name, role, why, UserData=user_data,
                        MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled"})


def account_settings(seeder):
    """EBS encryption by default: left off in the seeding region, turned on in another (account-wide, once)."""
    on = "eu-west-1" if seeder.region != "eu-west-1" else "us-west-2"
    seeder.client("ec2", region=on).enable_ebs_encryption_by_default()
    acct = seeder.account
    seeder.note("bad", "aws.ec2.account_settings", f"arn:aws:ec2:{seeder.region}:{acct}:account-settings",
                f"arn:aws:ec2:{seeder.region}:{acct}:account-settings", "EBS encryption by default off")
    seeder.note("hardened", "aws.ec2.account_settings", f"arn:aws:ec2:{on}:{acct}:account-settings",
                f"arn:aws:ec2:{on}:{acct}:account-settings", "EBS encryption by default on")


def seed(seeder, sfx):
    ec2 = seeder.client("ec2")
    network(seeder, ec2, sfx)
    storage(seeder, ec2, sfx)
    compute(seeder, ec2, sfx)
    if sfx == "":
        account_settings(seeder)
