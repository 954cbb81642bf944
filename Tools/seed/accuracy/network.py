"""Network family (EC2 / VPC / ELBv2) of the accuracy estates.

Bad estate: a VPC (`net-bad-vpc`) without flow logs or an EC2 endpoint, with public subnets, an open unassociated
network ACL, security groups open to the internet, an IMDSv1 paravirtual instance with a public IP, two network
interfaces, an admin role and a fake AWS key in its user data, unencrypted and public volume/snapshot/AMI, an
idle Elastic IP, a leaky launch template, and load balancers without HTTPS redirect, TLS policy, logging,
deletion protection, header hygiene or a second Availability Zone.

Hardened estate: moto's default VPC fixed in place (no public IPs on launch, empty default security group,
the default network ACL denying 22/3389 from anywhere, a flow log to a hardened S3 bucket, an EC2 interface
endpoint), plus one well-configured resource of every other kind.

moto 5.2.1 notes: NACL entries keep the protocol as given (pass "6", as AWS reports it); instance root volumes
are unencrypted unless the block device mapping asks; every registered AMI gets a new unencrypted snapshot;
load balancers and interface endpoints have no network interfaces carrying their security groups.
"""
import base64
import json

from botocore.exceptions import ClientError

REGION = "us-east-1"
FAKE_KEY_USER_DATA = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n/opt/app/start\n"
PASSWORD_USER_DATA = "#cloud-config\nruncmd:\n  - echo 'db_password=hunter2' >> /etc/app.conf\n"
CLEAN_USER_DATA = "#!/bin/bash\n/opt/app/start\n"

GAPS = {
    "aws-ec2-snapshot-block-public-access":
        "moto answers GetSnapshotBlockPublicAccessState with HTTP 500 (not implemented): the setting is unknown",
    "aws-ec2-image-block-public-access":
        "moto answers GetImageBlockPublicAccessState with HTTP 500 (not implemented): the setting is unknown",
    "aws-ec2-image-not-public":
        "moto backs every registered AMI with a new unencrypted snapshot, so a hardened estate cannot hold an AMI "
        "without failing aws-ec2-snapshot-encrypted (the public AMI is still planted in the bad estate)",
    "aws-ec2-instance-public-admin-role":
        "it applies only to instances with a public IP, which aws-ec2-instance-no-public-ip (FSBP EC2.9) fails "
        "by design, so it cannot pass in a hardened estate (the admin-role instance is still planted in the bad one)",
}


def _tags(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def _tagged(ec2, describe, key, name):
    """The first resource of `describe` tagged Name=name, or None."""
    items = getattr(ec2, describe)(Filters=[{"Name": "tag:Name", "Values": [name]}])[key]
    return items[0] if items else None


def _vpc(ec2, name, cidr):
    found = _tagged(ec2, "describe_vpcs", "Vpcs", name)
    return found["VpcId"] if found else ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_tags("vpc", name))["Vpc"]["VpcId"]


def _subnet(ec2, vpc, name, cidr, az, public):
    found = _tagged(ec2, "describe_subnets", "Subnets", name)
    if found:
        return found["SubnetId"]
    sid = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az,
                            TagSpecifications=_tags("subnet", name))["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=sid, MapPublicIpOnLaunch={"Value": public})
    return sid


def _sg(ec2, vpc, name, rules):
    """A security group named `name` (also its Name tag) with `rules` as its ingress."""
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [name]},
                                                  {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    if found:
        return found[0]["GroupId"]
    gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc,
                                    TagSpecifications=_tags("security-group", name))["GroupId"]
    if rules:
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=rules)
    return gid


def _tcp(port, v4=(), v6=()):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": c} for c in v4],
            "Ipv6Ranges": [{"CidrIpv6": c} for c in v6]}


def _ami(ec2, virtualization):
    """One of moto's Amazon-owned AMIs with the given virtualization type."""
    images = ec2.describe_images(Owners=["amazon"], Filters=[
        {"Name": "virtualization-type", "Values": [virtualization]}])["Images"]
    image = sorted(images, key=lambda i: i["ImageId"])[0]
    return image["ImageId"], image.get("RootDeviceName", "/dev/sda1")


def _instance(ec2, name, **kw):
    found = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": [name]},
                                            {"Name": "instance-state-name", "Values": ["pending", "running"]}])
    for r in found["Reservations"]:
        for i in r["Instances"]:
            return i
    return ec2.run_instances(MinCount=1, MaxCount=1, InstanceType="t3.micro",
                             TagSpecifications=_tags("instance", name), **kw)["Instances"][0]


def _volume(ec2, name, encrypted):
    found = _tagged(ec2, "describe_volumes", "Volumes", name)
    return found["VolumeId"] if found else ec2.create_volume(
        AvailabilityZone=f"{REGION}a", Size=8, Encrypted=encrypted, TagSpecifications=_tags("volume", name))["VolumeId"]


def _snapshot(ec2, s, name, volume):
    # DescribeSnapshots in moto lists every public AMI's snapshot too: filter by tag and owner.
    for snap in ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag:Name", "Values": [name]}])["Snapshots"]:
        if snap["OwnerId"] == s.account:
            return snap["SnapshotId"]
    return ec2.create_snapshot(VolumeId=volume, TagSpecifications=_tags("snapshot", name))["SnapshotId"]


def _eip(ec2, name):
    found = _tagged(ec2, "describe_addresses", "Addresses", name)
    return found if found else ec2.allocate_address(Domain="vpc", TagSpecifications=_tags("elastic-ip", name))


def _launch_template(ec2, name, data):
    existing = ec2.describe_launch_templates(Filters=[{"Name": "launch-template-name", "Values": [name]}])
    if not existing["LaunchTemplates"]:
        ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData=data)


def _b64(text):
    return base64.b64encode(text.encode()).decode()


def _certificate(s, domain):
    acm = s.client("acm")
    for c in acm.list_certificates()["CertificateSummaryList"]:
        if c["DomainName"] == domain:
            return c["CertificateArn"]
    return acm.request_certificate(DomainName=domain)["CertificateArn"]


def _load_balancer(s, name, kind, subnets, groups):
    elb = s.client("elbv2")
    try:
        return elb.describe_load_balancers(Names=[name])["LoadBalancers"][0]["LoadBalancerArn"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "LoadBalancerNotFound":
            raise
    kw = {"SecurityGroups": groups} if groups else {}
    return elb.create_load_balancer(Name=name, Subnets=subnets, Scheme="internal", Type=kind,
                                    Tags=[{"Key": "Name", "Value": name}], **kw)["LoadBalancers"][0]["LoadBalancerArn"]


def _target_group(s, name, vpc):
    elb = s.client("elbv2")
    try:
        return elb.describe_target_groups(Names=[name])["TargetGroups"][0]["TargetGroupArn"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "TargetGroupNotFound":
            raise
        return elb.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]


def _listeners(s, lb, listeners):
    elb = s.client("elbv2")
    have = {l["Port"] for l in elb.describe_listeners(LoadBalancerArn=lb)["Listeners"]}
    for spec in listeners:
        if spec["Port"] not in have:
            elb.create_listener(LoadBalancerArn=lb, **spec)


def _redirect_to_https():
    return [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]


# ---------------------------------------------------------------------------------------------------- bad


def seed_bad(s):
    ec2 = s.client("ec2")
    settings = f"arn:aws:ec2:{REGION}:{s.account}:account-settings"
    ec2.disable_ebs_encryption_by_default()
    s.expect_fail("aws-ec2-ebs-encryption-by-default", "aws.ec2.account_settings", settings)

    vpc = _vpc(ec2, "net-bad-vpc", "10.80.0.0/16")
    s.expect_fail("aws-vpc-flow-logs-enabled", "aws.ec2.vpc", "net-bad-vpc")
    s.expect_fail("aws-vpc-ec2-endpoint", "aws.ec2.vpc", "net-bad-vpc")
    # Accepted traffic only (so the VPC still lacks a REJECT/ALL flow log), to a log group that does not exist.
    if not _tagged(ec2, "describe_flow_logs", "FlowLogs", "net-bad-flow-log"):
        ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ACCEPT",
                             LogGroupName="/net-bad/missing-log-group",
                             DeliverLogsPermissionArn=f"arn:aws:iam::{s.account}:role/net-bad-flow-logs",
                             TagSpecifications=_tags("vpc-flow-log", "net-bad-flow-log"))
    s.expect_fail("aws-vpc-flow-log-delivering", "aws.ec2.flow_log", "net-bad-flow-log")

    subnet_a = _subnet(ec2, vpc, "net-bad-public-a", "10.80.1.0/24", f"{REGION}a", True)
    subnet_b = _subnet(ec2, vpc, "net-bad-public-b", "10.80.2.0/24", f"{REGION}b", True)
    s.expect_fail("aws-vpc-subnet-no-auto-public-ip", "aws.ec2.subnet", "net-bad-public-a")

    if not _tagged(ec2, "describe_network_acls", "NetworkAcls", "net-bad-open-nacl"):
        acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=_tags("network-acl", "net-bad-open-nacl"))
        ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAcl"]["NetworkAclId"], RuleNumber=100, Protocol="6",
                                     RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0",
                                     PortRange={"From": 3389, "To": 3389})
    s.expect_fail("aws-vpc-nacl-no-admin-ports-from-internet", "aws.ec2.network_acl", "net-bad-open-nacl")
    s.expect_fail("aws-vpc-nacl-associated", "aws.ec2.network_acl", "net-bad-open-nacl")

    ssh = _sg(ec2, vpc, "net-bad-ssh", [_tcp(22, v4=["0.0.0.0/0"])])
    rdp = _sg(ec2, vpc, "net-bad-rdp", [_tcp(3389, v6=["::/0"])])
    everything = _sg(ec2, vpc, "net-bad-all", [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    alt_https = _sg(ec2, vpc, "net-bad-8443", [_tcp(8443, v4=["0.0.0.0/0"])])
    _sg(ec2, vpc, "net-bad-mysql", [_tcp(3306, v4=["0.0.0.0/0"])])  # attached to nothing
    for check, name in [("aws-ec2-sg-ssh-open-internet", "net-bad-ssh"), ("aws-ec2-sg-rdp-open-internet", "net-bad-rdp"),
                        ("aws-ec2-sg-all-traffic-open-internet", "net-bad-all"),
                        ("aws-ec2-sg-high-risk-ports-restricted", "net-bad-mysql"),
                        ("aws-ec2-sg-only-authorized-ports-open", "net-bad-8443"), ("aws-ec2-sg-unused", "net-bad-mysql"),
                        # moto's default groups keep their allow-all egress rule
                        ("aws-ec2-sg-default-restricts-all-traffic", "default")]:
        s.expect_fail(check, "aws.ec2.security_group", name)

    _eip(ec2, "net-bad-idle-eip")
    s.expect_fail("aws-ec2-eip-associated", "aws.ec2.elastic_ip", "net-bad-idle-eip")

    # An internet-facing IMDSv1 paravirtual instance with an admin role, a leaked key and two network interfaces.
    iam = s.client("iam")
    s.ignore_exists(lambda: iam.create_role(RoleName="net-bad-admin-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]})), "EntityAlreadyExists")
    iam.put_role_policy(RoleName="net-bad-admin-role", PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    if s.ignore_exists(lambda: iam.create_instance_profile(InstanceProfileName="net-bad-admin-profile"),
                       "EntityAlreadyExists"):
        iam.add_role_to_instance_profile(InstanceProfileName="net-bad-admin-profile", RoleName="net-bad-admin-role")
    pv_ami, _ = _ami(ec2, "paravirtual")
    instance = _instance(ec2, "net-bad-instance", ImageId=pv_ami, SubnetId=subnet_a,
                         SecurityGroupIds=[ssh, rdp, everything, alt_https], UserData=FAKE_KEY_USER_DATA,
                         MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                         IamInstanceProfile={"Name": "net-bad-admin-profile"})
    if len(instance["NetworkInterfaces"]) < 2:
        eni = ec2.create_network_interface(SubnetId=subnet_a, Groups=[ssh],
                                           TagSpecifications=_tags("network-interface", "net-bad-second-eni"))
        ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterface"]["NetworkInterfaceId"],
                                     InstanceId=instance["InstanceId"], DeviceIndex=1)
    for check in ["aws-ec2-instance-imdsv2", "aws-ec2-instance-no-public-ip", "aws-ec2-instance-single-eni",
                  "aws-ec2-instance-not-paravirtual", "aws-ec2-instance-user-data-no-secrets",
                  "aws-ec2-instance-public-admin-role"]:
        s.expect_fail(check, "aws.ec2.instance", "net-bad-instance")

    volume = _volume(ec2, "net-bad-volume", False)
    s.expect_fail("aws-ec2-volume-encrypted", "aws.ec2.volume", "net-bad-volume")
    snap = _snapshot(ec2, s, "net-bad-snapshot", volume)
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="add",
                                  GroupNames=["all"])
    s.expect_fail("aws-ec2-snapshot-not-public", "aws.ec2.snapshot", "net-bad-snapshot")
    s.expect_fail("aws-ec2-snapshot-encrypted", "aws.ec2.snapshot", "net-bad-snapshot")
    images = ec2.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": ["net-bad-ami"]}])["Images"]
    ami = images[0]["ImageId"] if images else ec2.register_image(
        Name="net-bad-ami", RootDeviceName="/dev/xvda", VirtualizationType="hvm", Architecture="x86_64",
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snap}}])["ImageId"]
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"Group": "all"}]})
    s.expect_fail("aws-ec2-image-not-public", "aws.ec2.image", "net-bad-ami")

    _launch_template(ec2, "net-bad-lt", {
        "ImageId": pv_ami, "InstanceType": "t3.micro", "UserData": _b64(PASSWORD_USER_DATA),
        "MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "enabled"},
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": True, "SubnetId": subnet_a}]})
    for check in ["aws-ec2-launch-template-imdsv2", "aws-ec2-launch-template-no-public-ip",
                  "aws-ec2-launch-template-user-data-no-secrets"]:
        s.expect_fail(check, "aws.ec2.launch_template", "net-bad-lt")

    # An ALB forwarding plain HTTP, with an old TLS policy, default attributes and desync monitoring only;
    # an NLB in one Availability Zone.
    elb = s.client("elbv2")
    alb = _load_balancer(s, "net-bad-alb", "application", [subnet_a, subnet_b], [alt_https])
    tg = _target_group(s, "net-bad-tg", vpc)
    _listeners(s, alb, [
        {"Protocol": "HTTP", "Port": 80, "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]},
        {"Protocol": "HTTPS", "Port": 443, "SslPolicy": "ELBSecurityPolicy-2016-08",
         "Certificates": [{"CertificateArn": _certificate(s, "bad.example.com")}],
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}])
    elb.modify_load_balancer_attributes(LoadBalancerArn=alb, Attributes=[
        {"Key": "routing.http.desync_mitigation_mode", "Value": "monitor"}])
    for check in ["aws-elbv2-alb-http-redirects-to-https", "aws-elbv2-listener-tls-policy",
                  "aws-elbv2-alb-drops-invalid-headers", "aws-elbv2-alb-desync-mitigation",
                  "aws-elbv2-access-logs-enabled", "aws-elbv2-deletion-protection"]:
        s.expect_fail(check, "aws.elbv2.load_balancer", "net-bad-alb")
    _load_balancer(s, "net-bad-nlb", "network", [subnet_a], None)
    s.expect_fail("aws-elbv2-multiple-azs", "aws.elbv2.load_balancer", "net-bad-nlb")


# ----------------------------------------------------------------------------------------------- hardened


def _harden_default_vpc(s, ec2):
    """moto's default VPC, fixed in place: other families may put resources in it, so it is not deleted."""
    vpc = next(v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"])
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"],
                     key=lambda x: x["AvailabilityZone"])
    for sn in subnets:
        if sn["MapPublicIpOnLaunch"]:
            ec2.modify_subnet_attribute(SubnetId=sn["SubnetId"], MapPublicIpOnLaunch={"Value": False})
    default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                       {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    if default_sg["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissions"])
    if default_sg["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissionsEgress"])
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                             {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    numbers = {e["RuleNumber"] for e in acl["Entries"] if not e["Egress"]}
    for number, port in [(50, 22), (51, 3389)]:
        if number not in numbers:
            ec2.create_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=number, Protocol="6",
                                         RuleAction="deny", Egress=False, CidrBlock="0.0.0.0/0",
                                         PortRange={"From": port, "To": port})
    if not ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc]}])["FlowLogs"]:
        bucket = s.hardened_bucket(f"palisade-accuracy-{s.estate}-flow-logs")
        ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                             LogDestination=f"arn:aws:s3:::{bucket}",
                             TagSpecifications=_tags("vpc-flow-log", "net-good-flow-log"))
    if not _tagged(ec2, "describe_vpc_endpoints", "VpcEndpoints", "net-good-ec2-endpoint"):
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.ec2", VpcEndpointType="Interface",
                                SubnetIds=[subnets[0]["SubnetId"]], PrivateDnsEnabled=True,
                                TagSpecifications=_tags("vpc-endpoint", "net-good-ec2-endpoint"))
    return vpc, [sn["SubnetId"] for sn in subnets]


def seed_hardened(s):
    ec2 = s.client("ec2")
    ec2.enable_ebs_encryption_by_default()
    # moto makes the account's default EBS key (alias/aws/ebs) a customer-managed key without rotation, where AWS
    # makes it AWS-managed (which the rotation check does not apply to): point default encryption at a rotated CMK.
    ec2.modify_ebs_default_kms_key_id(KmsKeyId=s.kms_key("palisade-accuracy-ebs"))
    kms = s.client("kms")
    for a in kms.list_aliases()["Aliases"]:
        if a["AliasName"] == "alias/aws/ebs" and a.get("TargetKeyId"):
            try:
                kms.enable_key_rotation(KeyId=a["TargetKeyId"])
            except kms.exceptions.NotFoundException:
                pass  # moto lists the alias before it creates the key; the default key above is then used instead
    vpc, subnets = _harden_default_vpc(s, ec2)

    # Web traffic from anywhere, SSH only from the private network. Used by the instance, an ENI and the ALB.
    web = _sg(ec2, vpc, "net-good-web", [_tcp(443, v4=["0.0.0.0/0"], v6=["::/0"]), _tcp(80, v4=["0.0.0.0/0"]),
                                         _tcp(22, v4=["10.0.0.0/8"])])

    # A custom ACL in use by one subnet: HTTPS from anywhere, SSH from the private network.
    if not _tagged(ec2, "describe_network_acls", "NetworkAcls", "net-good-nacl"):
        acl = ec2.create_network_acl(VpcId=vpc, TagSpecifications=_tags("network-acl", "net-good-nacl"))
        acl_id = acl["NetworkAcl"]["NetworkAclId"]
        ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Protocol="6", RuleAction="allow",
                                     Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 443, "To": 443})
        ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=110, Protocol="6", RuleAction="allow",
                                     Egress=False, CidrBlock="10.0.0.0/8", PortRange={"From": 22, "To": 22})
        ec2.create_network_acl_entry(NetworkAclId=acl_id, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=True, CidrBlock="0.0.0.0/0")
        last = subnets[-1]
        assoc = next(a["NetworkAclAssociationId"] for a in ec2.describe_network_acls(
            Filters=[{"Name": "association.subnet-id", "Values": [last]}])["NetworkAcls"][0]["Associations"]
            if a["SubnetId"] == last)
        ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=acl_id)

    ami, root = _ami(ec2, "hvm")
    _instance(ec2, "net-good-instance", ImageId=ami, SubnetId=subnets[0], SecurityGroupIds=[web],
              UserData=CLEAN_USER_DATA, MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
              BlockDeviceMappings=[{"DeviceName": root, "Ebs": {"Encrypted": True, "VolumeSize": 8}}])

    volume = _volume(ec2, "net-good-volume", True)
    _snapshot(ec2, s, "net-good-snapshot", volume)

    # An Elastic IP in use by a network interface (not an instance: instances stay private).
    eip = _eip(ec2, "net-good-eip")
    if not eip.get("AssociationId"):
        eni = _tagged(ec2, "describe_network_interfaces", "NetworkInterfaces", "net-good-eni") or \
            ec2.create_network_interface(SubnetId=subnets[0], Groups=[web],
                                         TagSpecifications=_tags("network-interface", "net-good-eni"))["NetworkInterface"]
        ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni["NetworkInterfaceId"])

    _launch_template(ec2, "net-good-lt", {
        "ImageId": ami, "InstanceType": "t3.micro", "UserData": _b64(CLEAN_USER_DATA),
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
        "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": False, "Groups": [web]}]})

    elb = s.client("elbv2")
    alb = _load_balancer(s, "net-good-alb", "application", subnets[:2], [web])
    tg = _target_group(s, "net-good-tg", vpc)
    _listeners(s, alb, [
        {"Protocol": "HTTP", "Port": 80, "DefaultActions": _redirect_to_https()},
        {"Protocol": "HTTPS", "Port": 443, "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
         "Certificates": [{"CertificateArn": _certificate(s, "good.example.com")}],
         "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}])
    logs = s.hardened_bucket(f"palisade-accuracy-{s.estate}-alb-logs")
    elb.modify_load_balancer_attributes(LoadBalancerArn=alb, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"},
        {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
        {"Key": "routing.http.desync_mitigation_mode", "Value": "defensive"},
        {"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": logs}])
