#!/usr/bin/env python3
"""Seed moto with EC2 resources that fail the checks Palisade's EC2 fixes repair, and print a JSON manifest.

Each resource starts in a documented state the fix test compares with after `undo`:
  EBS encryption by default   off in the region (moto's default)
  instance                    IMDSv1 allowed: HttpTokens optional, HttpEndpoint enabled, hop limit 2
  group fix-ssh               22 from 0.0.0.0/0 and ::/0, 0-1024 from 0.0.0.0/0 (contains 22), and rules the fix
                              must leave alone: 22 from 10.0.0.0/8, 22 from group fix-peer, 443 from 0.0.0.0/0
  group fix-rdp               3389 from 0.0.0.0/0; 3389 from 192.168.0.0/16 (left alone)
  group fix-all               all traffic (-1) from 0.0.0.0/0; 80 from 0.0.0.0/0 (left alone)
  group fix-risky             3306 from 0.0.0.0/0, udp 20-23 from ::/0; 443 from 0.0.0.0/0 and 5432 from
                              10.0.0.0/8 (left alone)
  snapshot                    create-volume permission for group all and account 111122223333
  image                       launch permission for group all and account 111122223333
Every world-open rule has a description, so the test sees undo put it back.
"""
import argparse
import json

import boto3

p = argparse.ArgumentParser()
p.add_argument("--endpoint", required=True)
p.add_argument("--region", default="us-east-1")
a = p.parse_args()
ec2 = boto3.client("ec2", endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing",
                   aws_secret_access_key="testing")

ec2.disable_ebs_encryption_by_default()

vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]


def group(name):
    return ec2.create_security_group(GroupName=name, Description=f"palisade fix test {name}", VpcId=vpc)["GroupId"]


def rule(protocol, from_port, to_port, cidr=None, cidr6=None, group_id=None, description=""):
    perm = {"IpProtocol": protocol}
    if protocol != "-1":
        perm.update({"FromPort": from_port, "ToPort": to_port})
    if cidr:
        perm["IpRanges"] = [{"CidrIp": cidr, "Description": description}]
    if cidr6:
        perm["Ipv6Ranges"] = [{"CidrIpv6": cidr6, "Description": description}]
    if group_id:
        perm["UserIdGroupPairs"] = [{"GroupId": group_id, "Description": description}]
    return perm


peer = group("fix-peer")
groups = {
    "ssh": (group("fix-ssh"), [
        rule("tcp", 22, 22, cidr="0.0.0.0/0", description="ssh from anywhere"),
        rule("tcp", 22, 22, cidr6="::/0", description="ssh from anywhere (v6)"),
        rule("tcp", 0, 1024, cidr="0.0.0.0/0", description="legacy low ports"),
        rule("tcp", 22, 22, cidr="10.0.0.0/8", description="office vpn"),
        rule("tcp", 22, 22, group_id=peer, description="bastion"),
        rule("tcp", 443, 443, cidr="0.0.0.0/0", description="https"),
    ]),
    "rdp": (group("fix-rdp"), [
        rule("tcp", 3389, 3389, cidr="0.0.0.0/0", description="rdp from anywhere"),
        rule("tcp", 3389, 3389, cidr="192.168.0.0/16", description="lan"),
    ]),
    "all": (group("fix-all"), [
        rule("-1", None, None, cidr="0.0.0.0/0", description="everything"),
        rule("tcp", 80, 80, cidr="0.0.0.0/0", description="http"),
    ]),
    "risky": (group("fix-risky"), [
        rule("tcp", 3306, 3306, cidr="0.0.0.0/0", description="mysql"),
        rule("udp", 20, 23, cidr6="::/0", description="old udp"),
        rule("tcp", 443, 443, cidr="0.0.0.0/0", description="https"),
        rule("tcp", 5432, 5432, cidr="10.0.0.0/8", description="postgres internal"),
    ]),
}
for gid, perms in groups.values():
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)

ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
instance = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                             MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled",
                                              "HttpPutResponseHopLimit": 2})["Instances"][0]["InstanceId"]

zone = ec2.describe_availability_zones()["AvailabilityZones"][0]["ZoneName"]
volume = ec2.create_volume(AvailabilityZone=zone, Size=1)["VolumeId"]
snapshot = ec2.create_snapshot(VolumeId=volume, Description="palisade fix test")["SnapshotId"]
ec2.modify_snapshot_attribute(SnapshotId=snapshot, Attribute="createVolumePermission", OperationType="add",
                              GroupNames=["all"], UserIds=["111122223333"])

image = ec2.create_image(InstanceId=instance, Name="palisade-fix-test")["ImageId"]
ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}, {"UserId": "111122223333"}]})

print(json.dumps({
    "region": a.region, "instance": instance, "snapshot": snapshot, "image": image, "peerGroup": peer,
    "groups": {k: gid for k, (gid, _) in groups.items()},
    "ingress": {k: ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]["IpPermissions"]
                for k, (gid, _) in groups.items()},
}))
