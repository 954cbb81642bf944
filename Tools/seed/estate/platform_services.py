"""Platform services: SNS, SQS, DynamoDB, Secrets Manager, Route 53, Config, GuardDuty, ECS, Organizations.

One known-bad and one hardened resource per type where that makes sense. Account-wide singletons (the Config
recorder and GuardDuty detector in the seeding region, the organization) are made once, by copy 0.

Moto 5.2.1 quirks handled here:
  * RotateSecret looks the rotation Lambda up only after storing the rotation settings: with a made-up Lambda
    ARN it answers ResourceNotFoundException, yet the secret then lists RotationEnabled=true.
  * CreateQueryLoggingConfig needs the log group to exist in moto's Logs backend and the ARN to end in ":*".
  * ECS RegisterTaskDefinition requires memory or memoryReservation per container (as AWS does for EC2).
"""
import json

from botocore.exceptions import ClientError

# A well-known example secret key from the AWS documentation; never a real credential.
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"


def public_policy(arn, action):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": arn}]})


def private_policy(account, arn, action):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "OwnerOnly", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
         "Action": action, "Resource": arn}]})


def sns(seeder, sfx):
    c = seeder.client("sns")
    name = f"palisade-alerts-public{sfx}"
    arn = c.create_topic(Name=name)["TopicArn"]  # idempotent in AWS and moto
    c.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=public_policy(arn, "SNS:Publish"))
    seeder.note("bad", "aws.sns.topic", name, arn, "not encrypted, anyone may publish")
    name = f"palisade-alerts-private{sfx}"
    arn = c.create_topic(Name=name, Attributes={"KmsMasterKeyId": "alias/aws/sns"})["TopicArn"]
    c.set_topic_attributes(TopicArn=arn, AttributeName="Policy",
                           AttributeValue=private_policy(seeder.account, arn, "SNS:Publish"))
    seeder.note("hardened", "aws.sns.topic", name, arn, "KMS-encrypted, owner-only policy")


def sqs(seeder, sfx):
    c = seeder.client("sqs")
    region = seeder.region
    name = f"palisade-jobs-public{sfx}"
    url = c.create_queue(QueueName=name, Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    arn = f"arn:aws:sqs:{region}:{seeder.account}:{name}"
    c.set_queue_attributes(QueueUrl=url, Attributes={"Policy": public_policy(arn, "sqs:SendMessage")})
    seeder.note("bad", "aws.sqs.queue", name, arn, "not encrypted, anyone may send, no dead-letter queue")
    dlq = f"palisade-jobs-dlq{sfx}"
    c.create_queue(QueueName=dlq, Attributes={"SqsManagedSseEnabled": "true"})
    name = f"palisade-jobs-private{sfx}"
    arn = f"arn:aws:sqs:{region}:{seeder.account}:{name}"
    c.create_queue(QueueName=name, Attributes={
        "KmsMasterKeyId": "alias/aws/sqs",
        "Policy": private_policy(seeder.account, arn, "sqs:SendMessage"),
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{region}:{seeder.account}:{dlq}",
                                     "maxReceiveCount": "5"})})
    seeder.note("hardened", "aws.sqs.queue", name, arn, "KMS-encrypted, owner-only policy, dead-letter queue")


def dynamodb(seeder, sfx):
    c = seeder.client("dynamodb")
    key = dict(KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
               AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    for name, hardened in [(f"palisade-orders{sfx}", False), (f"palisade-ledger{sfx}", True)]:
        extra = dict(DeletionProtectionEnabled=True, SSESpecification={"Enabled": True, "SSEType": "KMS"}) if hardened else {}
        try:
            c.create_table(TableName=name, **key, **extra)
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceInUseException":
                raise
        arn = f"arn:aws:dynamodb:{seeder.region}:{seeder.account}:table/{name}"
        if hardened:
            c.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
            seeder.note("hardened", "aws.dynamodb.table", name, arn, "point-in-time recovery, KMS key, deletion protection")
        else:
            seeder.note("bad", "aws.dynamodb.table", name, arn, "no point-in-time recovery, no deletion protection")


def secrets(seeder, sfx):
    c = seeder.client("secretsmanager")

    def secret(name, **kw):
        try:
            return c.create_secret(Name=name, SecretString="demo-not-a-secret", **kw)["ARN"], True
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceExistsException":
                raise
            return c.describe_secret(SecretId=name)["ARN"], False

    arn, _ = secret(f"palisade/db-password{sfx}")
    c.put_resource_policy(SecretId=arn, ResourcePolicy=public_policy("*", "secretsmanager:GetSecretValue"))
    seeder.note("bad", "aws.secretsmanager.secret", f"palisade/db-password{sfx}", arn,
                "never rotated, resource policy lets anyone read it")
    arn, created = secret(f"palisade/api-key{sfx}", KmsKeyId="alias/palisade-secrets")
    if created:
        try:
            c.rotate_secret(SecretId=arn, RotationRules={"AutomaticallyAfterDays": 30},
                            RotationLambdaARN=f"arn:aws:lambda:{seeder.region}:{seeder.account}:function:rotate-api-key")
        except ClientError as e:  # moto: the made-up Lambda is missing, rotation settings are kept
            if e.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
    seeder.note("hardened", "aws.secretsmanager.secret", f"palisade/api-key{sfx}", arn,
                "rotation every 30 days, customer KMS key")


def route53(seeder, sfx):
    c = seeder.client("route53")
    logs = seeder.client("logs", region="us-east-1")

    def zone(name, ref):
        for z in c.list_hosted_zones_by_name(DNSName=name)["HostedZones"]:
            if z["Name"] == name + "." and z.get("CallerReference") == ref:
                return z["Id"], False
        return c.create_hosted_zone(Name=name, CallerReference=ref)["HostedZone"]["Id"], True

    name = f"legacy{sfx}.palisade-demo.example"
    zid, created = zone(name, f"palisade-legacy{sfx}")
    if created:
        c.change_resource_record_sets(HostedZoneId=zid, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": {
            "Name": f"assets.{name}", "Type": "CNAME", "TTL": 300,
            "ResourceRecords": [{"Value": "palisade-demo-retired-assets.s3-website-us-east-1.amazonaws.com"}]}}]})
    seeder.note("bad", "aws.route53.hosted_zone", name, f"arn:aws:route53:::hostedzone/{zid.split('/')[-1]}",
                "no query logging; CNAME to a retired S3 website (dangling)")
    name = f"www{sfx}.palisade-demo.example"
    zid, created = zone(name, f"palisade-www{sfx}")
    if created:
        group = f"/aws/route53/{name}"
        try:
            logs.create_log_group(logGroupName=group)
        except ClientError as e:
            if e.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                raise
        c.create_query_logging_config(
            HostedZoneId=zid, CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{seeder.account}:log-group:{group}:*")
    seeder.note("hardened", "aws.route53.hosted_zone", name, f"arn:aws:route53:::hostedzone/{zid.split('/')[-1]}",
                "query logging to CloudWatch Logs")


def config_and_guardduty(seeder):
    cfg = seeder.client("config")
    if not cfg.describe_configuration_recorders()["ConfigurationRecorders"]:
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": f"arn:aws:iam::{seeder.account}:role/palisade-config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "palisade-demo-customer-data"})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    seeder.note("hardened", "aws.config.recorder", f"config-recorders-{seeder.region}",
                f"arn:aws:config:{seeder.region}:{seeder.account}:recorder-status", "recording all resource types")
    gd = seeder.client("guardduty")
    if not gd.list_detectors()["DetectorIds"]:
        gd.create_detector(Enable=True, Features=[{"Name": "S3_DATA_EVENTS", "Status": "ENABLED"}])
    seeder.note("hardened", "aws.guardduty.detector_status", f"guardduty-{seeder.region}",
                f"arn:aws:guardduty:{seeder.region}:{seeder.account}:detector-status", "detector enabled")


def ecs(seeder, sfx):
    c = seeder.client("ecs")
    c.create_cluster(clusterName=f"palisade-apps{sfx}", settings=[{"name": "containerInsights", "value": "disabled"}])
    family = f"palisade-legacy-worker{sfx}"
    existing = c.list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]
    arn = existing[0] if existing else c.register_task_definition(
        family=family, networkMode="host",
        containerDefinitions=[{
            "name": "worker", "image": "legacy/worker:latest", "memory": 256, "privileged": True, "user": "root",
            "environment": [{"name": "AWS_ACCESS_KEY_ID", "value": EXAMPLE_KEY_ID},
                            {"name": "AWS_SECRET_ACCESS_KEY", "value": EXAMPLE_SECRET},
                            {"name": "LOG_LEVEL", "value": "debug"}]}])["taskDefinition"]["taskDefinitionArn"]
    seeder.note("bad", "aws.ecs.task_definition", family, arn,
                "privileged container as root, AWS access key pair in plain environment variables, no log driver")
    family = f"palisade-api{sfx}"
    existing = c.list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]
    arn = existing[0] if existing else c.register_task_definition(
        family=family, networkMode="awsvpc",
        taskRoleArn=f"arn:aws:iam::{seeder.account}:role/palisade-api-task",
        executionRoleArn=f"arn:aws:iam::{seeder.account}:role/palisade-api-exec",
        containerDefinitions=[{
            "name": "api", "image": "public.ecr.aws/palisade/api:1.4.2", "memory": 512, "privileged": False,
            "readonlyRootFilesystem": True, "user": "1000",
            "environment": [{"name": "PORT", "value": "8080"}],
            "secrets": [{"name": "DB_PASSWORD", "valueFrom":
                         f"arn:aws:secretsmanager:{seeder.region}:{seeder.account}:secret:palisade/db-password"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/palisade-api"}},
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}]}])["taskDefinition"]["taskDefinitionArn"]
    seeder.note("hardened", "aws.ecs.task_definition", family, arn,
                "unprivileged non-root user, read-only root, secrets from Secrets Manager, awslogs")


def organization(seeder):
    org = seeder.client("organizations")
    try:
        arn = org.describe_organization()["Organization"]["Arn"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "AWSOrganizationsNotInUseException":
            raise
        arn = org.create_organization(FeatureSet="ALL")["Organization"]["Arn"]
    if not any(a["Name"] == "palisade-demo-member" for a in org.list_accounts()["Accounts"]):
        org.create_account(Email="member@palisade-demo.example", AccountName="palisade-demo-member")
    seeder.note("hardened", "aws.organizations.organization", arn.split("/")[-1], arn,
                "all features enabled; one member account created by the management account")
    # The member sits in OU workloads/prod; an SCP denying leaving the organization is attached to workloads.
    root = org.list_roots()["Roots"][0]["Id"]
    def child_ou(parent, name):
        for ou in org.list_organizational_units_for_parent(ParentId=parent)["OrganizationalUnits"]:
            if ou["Name"] == name:
                return ou["Id"]
        return org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
    workloads = child_ou(root, "workloads")
    prod = child_ou(workloads, "prod")
    member = next(a["Id"] for a in org.list_accounts()["Accounts"] if a["Name"] == "palisade-demo-member")
    parent = org.list_parents(ChildId=member)["Parents"][0]["Id"]
    if parent != prod:
        org.move_account(AccountId=member, SourceParentId=parent, DestinationParentId=prod)
    scps = org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    scp = next((p for p in scps if p["Name"] == "palisade-deny-leave-org"), None) or org.create_policy(
        Name="palisade-deny-leave-org", Type="SERVICE_CONTROL_POLICY", Description="members cannot leave",
        Content=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}))["Policy"]["PolicySummary"]
    if not any(t["TargetId"] == workloads for t in org.list_targets_for_policy(PolicyId=scp["Id"])["Targets"]):
        org.attach_policy(PolicyId=scp["Id"], TargetId=workloads)
    seeder.note("hardened", "aws.organizations.policy", "palisade-deny-leave-org", scp["Arn"],
                "SCP denying organizations:LeaveOrganization, attached to OU workloads")


def seed(seeder, sfx):
    sns(seeder, sfx)
    sqs(seeder, sfx)
    dynamodb(seeder, sfx)
    secrets(seeder, sfx)
    route53(seeder, sfx)
    ecs(seeder, sfx)
    if sfx == "":
        config_and_guardduty(seeder)
        organization(seeder)
