#!/usr/bin/env python3
"""Seed moto with RDS, ELBv2, DynamoDB and ECR resources that fail the checks Palisade's data fixes repair, and
print a JSON manifest of their ARNs (the findings' resource ids).

Each resource starts in a documented state the fix test compares with after `undo`:
  fix-db             DB instance: publicly accessible, no deletion protection, no automatic minor version
                     upgrade, tags not copied to snapshots
  fix-cluster        Aurora PostgreSQL DB cluster without deletion protection
  fix-snap           manual snapshot of fix-db restorable by all accounts and by 111122223333
  fix-alb            application load balancer, no deletion protection, invalid header fields passed on
  fix-table          DynamoDB table, no point-in-time recovery, no deletion protection
  team/fix-repo      ECR repository, mutable tags, no scan on push
and, for the refusals, resources a fix must not touch as they are:
  fix-cluster-1      Aurora instance of fix-cluster (deletion protection is the cluster's setting)
  fix-stopped        stopped DB instance without deletion protection (RDS modifies available instances)
  fix-nlb            network load balancer (it has no HTTP header setting)
"""
import argparse
import json

import boto3

p = argparse.ArgumentParser()
p.add_argument("--endpoint", required=True)
p.add_argument("--region", default="us-east-1")
a = p.parse_args()
kw = dict(endpoint_url=a.endpoint, region_name=a.region, aws_access_key_id="testing", aws_secret_access_key="testing")

rds = boto3.client("rds", **kw)
db = rds.create_db_instance(DBInstanceIdentifier="fix-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                            MasterUsername="admin_user", MasterUserPassword="not-a-real-password", AllocatedStorage=20,
                            PubliclyAccessible=True, DeletionProtection=False, AutoMinorVersionUpgrade=False,
                            CopyTagsToSnapshot=False)["DBInstance"]
cluster = rds.create_db_cluster(DBClusterIdentifier="fix-cluster", Engine="aurora-postgresql",
                                MasterUsername="admin_user", MasterUserPassword="not-a-real-password",
                                DeletionProtection=False)["DBCluster"]
member = rds.create_db_instance(DBInstanceIdentifier="fix-cluster-1", DBInstanceClass="db.r5.large",
                                Engine="aurora-postgresql", DBClusterIdentifier="fix-cluster")["DBInstance"]
stopped = rds.create_db_instance(DBInstanceIdentifier="fix-stopped", DBInstanceClass="db.t3.micro", Engine="postgres",
                                 MasterUsername="admin_user", MasterUserPassword="not-a-real-password",
                                 AllocatedStorage=20, DeletionProtection=False)["DBInstance"]
rds.stop_db_instance(DBInstanceIdentifier="fix-stopped")
snap = rds.create_db_snapshot(DBInstanceIdentifier="fix-db", DBSnapshotIdentifier="fix-snap")["DBSnapshot"]
restore = ["all", "111122223333"]
rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="fix-snap", AttributeName="restore", ValuesToAdd=restore)

ec2 = boto3.client("ec2", **kw)
vpc = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.99.{i}.0/24", AvailabilityZone=f"{a.region}{z}")["Subnet"]["SubnetId"]
           for i, z in [(1, "a"), (2, "b")]]
elb = boto3.client("elbv2", **kw)
lb = elb.create_load_balancer(Name="fix-alb", Subnets=subnets, Type="application")["LoadBalancers"][0]
nlb = elb.create_load_balancer(Name="fix-nlb", Subnets=subnets, Type="network")["LoadBalancers"][0]

ddb = boto3.client("dynamodb", **kw)
table = ddb.create_table(TableName="fix-table", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")["TableDescription"]

ecr = boto3.client("ecr", **kw)
repo = ecr.create_repository(repositoryName="team/fix-repo", imageTagMutability="MUTABLE",
                             imageScanningConfiguration={"scanOnPush": False})["repository"]

print(json.dumps({"dbInstanceArn": db["DBInstanceArn"], "dbClusterArn": cluster["DBClusterArn"],
                  "dbSnapshotArn": snap["DBSnapshotArn"], "snapshotRestore": restore,
                  "loadBalancerArn": lb["LoadBalancerArn"], "tableArn": table["TableArn"],
                  "repositoryArn": repo["repositoryArn"], "clusterMemberArn": member["DBInstanceArn"],
                  "stoppedArn": stopped["DBInstanceArn"], "networkLoadBalancerArn": nlb["LoadBalancerArn"]}))
