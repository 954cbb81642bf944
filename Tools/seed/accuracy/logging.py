"""Logging, monitoring and compute family: CloudTrail, CloudWatch Logs and alarms (the CIS 4.x metric filters),
Config, GuardDuty, Security Hub, Lambda, EKS, ECR, ECS and Route 53 query logging.

Bad estate: a single-region trail (so every account-wide monitoring check fails on the account), and one
resource per misconfiguration. Hardened estate: a multi-region, validated, KMS-encrypted trail with S3 data
events into a hardened bucket, delivering to a log group with all 15 CIS metric filters and an alarm with an SNS
action on each; Config recording everything, GuardDuty and Security Hub on; a Lambda function in two private
subnets of its own hardened VPC; a private, encrypted, audited EKS cluster; an immutable, scanned ECR repository;
ECS with Container Insights and locked-down task definitions; a public zone with query logging.
"""
import io
import json
import zipfile

from botocore.exceptions import ClientError

# The CIS AWS Foundations v3.0 4.1-4.15 metric filter patterns (metric name, pattern), in check order.
CIS_FILTERS = [
    ('UnauthorizedAPICalls', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }'),
    ('ConsoleSigninWithoutMFA', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'),
    ('RootAccountUsage', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'),
    ('IAMPolicyChanges', '{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}'),
    ('CloudTrailEventCount', '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }'),
    ('ConsoleSigninFailures', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
    ('DisableOrDeleteCMK', '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }'),
    ('S3BucketPolicyChanges', '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }'),
    ('AWSConfigChanges', '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }'),
    ('SecurityGroupEventCount', '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }'),
    ('NACLEventCount', '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }'),
    ('GatewayEventCount', '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }'),
    ('RouteTableEventCount', '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }'),
    ('VpcEventCount', '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }'),
    ('OrganizationsEvents', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }'),
]

CIS_ALARM_CHECKS = [f"aws-cloudwatch-account-alarm-{s}" for s in [
    "unauthorized-api-calls", "console-signin-without-mfa", "root-account-usage", "iam-policy-changes",
    "cloudtrail-changes", "console-auth-failures", "cmk-disable-or-deletion", "s3-bucket-policy-changes",
    "config-changes", "security-group-changes", "nacl-changes", "network-gateway-changes", "route-table-changes",
    "vpc-changes", "organizations-changes"]]

ACCOUNT_CHECKS = ["aws-cloudtrail-account-multi-region-trail", "aws-cloudtrail-account-s3-data-events-write",
                  "aws-cloudtrail-account-s3-data-events-read", "aws-config-account-records-global-resources"] \
    + CIS_ALARM_CHECKS

# A well-known example secret key from the AWS documentation; never a real credential.
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# Every check of the family is exercised both ways against moto 5.2.1 (Lambda, EKS, Route 53, GuardDuty and
# Security Hub are collected with signature checking on through the test harness's moto wrapper).
GAPS = {}


def _role(s, name, service):
    iam = s.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
    s.ignore_exists(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust)),
                    "EntityAlreadyExists")
    return f"arn:aws:iam::{s.account}:role/{name}"


def _zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
    return {"ZipFile": buf.getvalue()}


def _log_group(s, name, retention=365, kms=True):
    logs = s.client("logs")
    kw = {"kmsKeyId": s.kms_key("palisade-accuracy-logs")} if kms else {}
    s.ignore_exists(lambda: logs.create_log_group(logGroupName=name, **kw), "ResourceAlreadyExistsException")
    if retention:
        logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
    return f"arn:aws:logs:{s.region}:{s.account}:log-group:{name}"


def _topic(s, name):
    """An SNS topic encrypted with KMS whose policy lets only the account and CloudWatch publish."""
    sns = s.client("sns")
    arn = sns.create_topic(Name=name, Attributes={"KmsMasterKeyId": s.kms_key("palisade-accuracy-sns")})["TopicArn"]
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{s.account}:root"},
             "Action": ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes"], "Resource": arn},
            {"Sid": "CloudWatchAlarms", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
             "Action": "sns:Publish", "Resource": arn,
             "Condition": {"StringEquals": {"AWS:SourceAccount": s.account}}}]}))
    return arn


def _private_vpc(s):
    """A VPC of two private subnets in two zones, with flow logs, a closed default security group and a
    default network ACL that admits only the VPC itself. Returns (subnet ids, security group id)."""
    ec2 = s.client("ec2")
    found = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["palisade-accuracy-private"]}])["Vpcs"]
    if found:
        vpc = found[0]["VpcId"]
        subnets = [x["SubnetId"] for x in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]]
        sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                   {"Name": "group-name", "Values": ["palisade-accuracy-lambda"]}])
        return subnets, sg["SecurityGroups"][0]["GroupId"]
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16", TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "palisade-accuracy-private"}]}])["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
               for cidr, az in [("10.42.1.0/24", "us-east-1a"), ("10.42.2.0/24", "us-east-1b")]]
    ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                         LogDestination=f"arn:aws:s3:::{s.hardened_bucket('palisade-accuracy-hardened-flow-logs')}")
    default_sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                       {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    if default_sg.get("IpPermissions"):
        ec2.revoke_security_group_ingress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissions"])
    if default_sg.get("IpPermissionsEgress"):
        ec2.revoke_security_group_egress(GroupId=default_sg["GroupId"], IpPermissions=default_sg["IpPermissionsEgress"])
    acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                             {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    for e in acl["Entries"]:
        if e["RuleNumber"] < 32767:
            ec2.replace_network_acl_entry(NetworkAclId=acl["NetworkAclId"], RuleNumber=e["RuleNumber"], Protocol="-1",
                                          RuleAction="allow", Egress=e["Egress"], CidrBlock="10.42.0.0/16")
    sg = ec2.create_security_group(GroupName="palisade-accuracy-lambda", Description="Lambda: HTTPS out only",
                                   VpcId=vpc)["GroupId"]
    ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.42.0.0/16"}]}])
    # What the network family's checks want of any VPC: an EC2 API endpoint, and every security group in use. moto's
    # Lambda creates no network interfaces, so the function's interface is made here, as AWS would make it.
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{s.region}.ec2", VpcEndpointType="Interface",
                            SubnetIds=[subnets[0]], SecurityGroupIds=[sg], PrivateDnsEnabled=True)
    ec2.create_network_interface(SubnetId=subnets[0], Groups=[sg], Description="AWS Lambda VPC ENI")
    return subnets, sg


# MARK: the bad estate

def seed_bad(s):
    acct = s.account
    ct, logs, cw, s3 = s.client("cloudtrail"), s.client("logs"), s.client("cloudwatch"), s.client("s3")

    # A single-region trail, unvalidated, SSE-S3, not in CloudWatch Logs, into a public bucket without access
    # logging: each trail check fails on it, and with no multi-region trail every account-wide check fails.
    bucket = "palisade-accuracy-bad-trail-logs"
    s.ignore_exists(lambda: s3.create_bucket(Bucket=bucket), "BucketAlreadyOwnedByYou", "BucketAlreadyExists")
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}))
    trail = "palisade-accuracy-bad-trail"
    if s.ignore_exists(lambda: ct.create_trail(Name=trail, S3BucketName=bucket), "TrailAlreadyExistsException"):
        ct.put_event_selectors(TrailName=trail, EventSelectors=[{"ReadWriteType": "WriteOnly",
                                                                 "IncludeManagementEvents": True}])
        ct.start_logging(Name=trail)
    for check in ["log-file-validation", "kms-encrypted", "cloudwatch-logs", "bucket-access-logging", "bucket-not-public"]:
        s.expect_fail(f"aws-cloudtrail-trail-{check}", "aws.cloudtrail.trail", trail)
    for check in ACCOUNT_CHECKS:
        s.expect_fail(check, "aws.account", acct)

    # Config records only buckets, without global types, and is not started.
    cfg = s.client("config")
    cfg.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": _role(s, "palisade-accuracy-bad-config", "config.amazonaws.com"),
        "recordingGroup": {"allSupported": False, "includeGlobalResourceTypes": False,
                           "resourceTypes": ["AWS::S3::Bucket"]}})
    s.expect_fail("aws-config-recorder-records-all-resources", "aws.config.recorder", f"config-recorders-{s.region}")
    # No GuardDuty detector, Security Hub never enabled.
    s.expect_fail("aws-guardduty-detector-enabled", "aws.guardduty.detector_status", f"guardduty-{s.region}")
    s.expect_fail("aws-securityhub-hub-enabled", "aws.securityhub.hub_status", f"securityhub-{s.region}")

    # Alarms: one without actions, one with its actions disabled.
    base = dict(MetricName="Errors", Namespace="AWS/Lambda", Statistic="Sum", Period=300, EvaluationPeriods=1,
                Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold")
    cw.put_metric_alarm(AlarmName="palisade-accuracy-no-action", **base)
    s.expect_fail("aws-cloudwatch-alarm-has-action", "aws.cloudwatch.alarm", "palisade-accuracy-no-action")
    topic = s.client("sns").create_topic(Name="palisade-accuracy-bad-alerts")["TopicArn"]
    cw.put_metric_alarm(AlarmName="palisade-accuracy-actions-off", ActionsEnabled=False, AlarmActions=[topic], **base)
    s.expect_fail("aws-cloudwatch-alarm-actions-enabled", "aws.cloudwatch.alarm", "palisade-accuracy-actions-off")

    # A log group kept a week, without a KMS key.
    group = "/palisade/accuracy/short-lived"
    s.ignore_exists(lambda: logs.create_log_group(logGroupName=group), "ResourceAlreadyExistsException")
    logs.put_retention_policy(logGroupName=group, retentionInDays=7)
    s.expect_fail("aws-logs-log-group-retention-365", "aws.logs.log_group", group)
    s.expect_fail("aws-logs-log-group-kms-encrypted", "aws.logs.log_group", group)

    # Lambda: public, deprecated runtime, outside any VPC, an access key in its environment; another in one zone.
    lam = s.client("lambda")
    role = _role(s, "palisade-accuracy-bad-lambda", "lambda.amazonaws.com")
    fn = "palisade-accuracy-public-fn"
    if s.ignore_exists(lambda: lam.create_function(
            FunctionName=fn, Runtime="python3.8", Role=role, Handler="index.handler", Code=_zip(),
            Environment={"Variables": {"AWS_SECRET_ACCESS_KEY": EXAMPLE_SECRET, "LOG_LEVEL": "info"}}),
            "ResourceConflictException"):
        lam.add_permission(FunctionName=fn, StatementId="public-invoke", Action="lambda:InvokeFunction", Principal="*")
    for check in ["not-public", "supported-runtime", "in-vpc", "no-secrets-in-environment"]:
        s.expect_fail(f"aws-lambda-function-{check}", "aws.lambda.function", fn)
    ec2 = s.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    one = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                        {"Name": "availability-zone", "Values": ["us-east-1a"]}])["Subnets"][0]
    sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                               {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    fn = "palisade-accuracy-one-zone-fn"
    s.ignore_exists(lambda: lam.create_function(
        FunctionName=fn, Runtime="python3.13", Role=role, Handler="index.handler", Code=_zip(),
        VpcConfig={"SubnetIds": [one["SubnetId"]], "SecurityGroupIds": [sg["GroupId"]]}), "ResourceConflictException")
    s.expect_fail("aws-lambda-function-multi-az", "aws.lambda.function", fn)

    # EKS: old version, public endpoint to the world, no secrets encryption, no audit logs.
    eks = s.client("eks")
    cluster = "palisade-accuracy-bad-eks"
    s.ignore_exists(lambda: eks.create_cluster(
        name=cluster, version="1.29", roleArn=_role(s, "palisade-accuracy-bad-eks", "eks.amazonaws.com"),
        resourcesVpcConfig={"subnetIds": [one["SubnetId"]], "endpointPublicAccess": True,
                            "endpointPrivateAccess": False, "publicAccessCidrs": ["0.0.0.0/0"]}),
        "ResourceInUseException")
    for check in ["endpoint-not-public", "supported-version", "secrets-encrypted", "audit-logging"]:
        s.expect_fail(f"aws-eks-cluster-{check}", "aws.eks.cluster", cluster)

    # ECR: mutable tags, no scan on push, no lifecycle policy.
    repo = "palisade-accuracy-bad-repo"
    s.ignore_exists(lambda: s.client("ecr").create_repository(repositoryName=repo), "RepositoryAlreadyExistsException")
    for check in ["scan-on-push", "tag-immutability", "lifecycle-policy"]:
        s.expect_fail(f"aws-ecr-repository-{check}", "aws.ecr.repository", repo)

    # ECS: Container Insights off; a host-mode privileged root container with a secret and no log driver.
    ecs = s.client("ecs")
    ecs.create_cluster(clusterName="palisade-accuracy-bad-cluster",
                       settings=[{"name": "containerInsights", "value": "disabled"}])
    s.expect_fail("aws-ecs-cluster-container-insights", "aws.ecs.cluster", "palisade-accuracy-bad-cluster")
    family = "palisade-accuracy-bad-task"
    existing = ecs.list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]
    if not existing:
        ecs.register_task_definition(family=family, networkMode="host", containerDefinitions=[{
            "name": "worker", "image": "legacy/worker:latest", "memory": 256, "privileged": True, "user": "root",
            "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": EXAMPLE_SECRET}]}])
    for check in ["no-privileged", "readonly-root", "no-secrets-in-environment", "logging", "host-network-non-root"]:
        s.expect_fail(f"aws-ecs-task-definition-{check}", "aws.ecs.task_definition", f"{family}:1")

    # Route 53: a public zone without query logging.
    r53 = s.client("route53")
    name = "bad.palisade-accuracy.example"
    if not any(z["Name"] == name + "." for z in r53.list_hosted_zones_by_name(DNSName=name)["HostedZones"]):
        r53.create_hosted_zone(Name=name, CallerReference="palisade-accuracy-bad-zone")
    s.expect_fail("aws-route53-hosted-zone-query-logging", "aws.route53.hosted_zone", name + ".")


# MARK: the hardened estate

def seed_hardened(s):
    acct, region = s.account, s.region
    ct, logs, cw = s.client("cloudtrail"), s.client("logs"), s.client("cloudwatch")

    # The trail's log group: a year's retention, KMS, every CIS metric filter, an alarm on each notifying SNS.
    group = "/palisade/accuracy/cloudtrail"
    group_arn = _log_group(s, group)
    topic = _topic(s, "palisade-accuracy-security-alerts")
    for metric, pattern in CIS_FILTERS:
        logs.put_metric_filter(logGroupName=group, filterName=metric, filterPattern=pattern, metricTransformations=[
            {"metricName": metric, "metricNamespace": "CISBenchmark", "metricValue": "1"}])
        cw.put_metric_alarm(AlarmName=f"cis-{metric}", MetricName=metric, Namespace="CISBenchmark", Statistic="Sum",
                            Period=300, EvaluationPeriods=1, Threshold=1,
                            ComparisonOperator="GreaterThanOrEqualToThreshold", ActionsEnabled=True,
                            AlarmActions=[topic])

    # A multi-region, validated, KMS-encrypted trail with all management and S3 data events.
    bucket = s.hardened_bucket("palisade-accuracy-hardened-trail")
    trail = "palisade-accuracy-trail"
    if s.ignore_exists(lambda: ct.create_trail(
            Name=trail, S3BucketName=bucket, IsMultiRegionTrail=True, EnableLogFileValidation=True,
            IncludeGlobalServiceEvents=True, KmsKeyId=s.kms_key("palisade-accuracy-cloudtrail"),
            CloudWatchLogsLogGroupArn=f"{group_arn}:*",
            CloudWatchLogsRoleArn=_role(s, "palisade-accuracy-cloudtrail-logs", "cloudtrail.amazonaws.com")),
            "TrailAlreadyExistsException"):
        ct.put_event_selectors(TrailName=trail, EventSelectors=[
            {"ReadWriteType": "All", "IncludeManagementEvents": True,
             "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
        ct.start_logging(Name=trail)

    # Config records everything (global types included) into a hardened bucket; GuardDuty and Security Hub on.
    cfg = s.client("config")
    if not cfg.describe_configuration_recorders()["ConfigurationRecorders"]:
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": _role(s, "palisade-accuracy-config", "config.amazonaws.com"),
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        cfg.put_delivery_channel(DeliveryChannel={
            "name": "default", "s3BucketName": s.hardened_bucket("palisade-accuracy-hardened-config")})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    gd = s.client("guardduty")
    if not gd.list_detectors()["DetectorIds"]:
        gd.create_detector(Enable=True)
    s.ignore_exists(lambda: s.client("securityhub").enable_security_hub(EnableDefaultStandards=True),
                    "ResourceConflictException")

    # Lambda: a current runtime, in two private subnets in two zones, no policy, no secrets.
    subnets, sg = _private_vpc(s)
    lam = s.client("lambda")
    s.ignore_exists(lambda: lam.create_function(
        FunctionName="palisade-accuracy-fn", Runtime="python3.13",
        Role=_role(s, "palisade-accuracy-lambda", "lambda.amazonaws.com"), Handler="index.handler", Code=_zip(),
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": [sg]}, TracingConfig={"Mode": "Active"},
        KMSKeyArn=s.kms_key("palisade-accuracy-lambda"), Environment={"Variables": {"LOG_LEVEL": "info"}}),
        "ResourceConflictException")

    # EKS: a supported version, private endpoint only, secrets under KMS, audit logs on.
    eks = s.client("eks")
    s.ignore_exists(lambda: eks.create_cluster(
        name="palisade-accuracy-eks", version="1.34",
        roleArn=_role(s, "palisade-accuracy-eks", "eks.amazonaws.com"),
        resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": [sg], "endpointPublicAccess": False,
                            "endpointPrivateAccess": True},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": s.kms_key("palisade-accuracy-eks")}}],
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]}),
        "ResourceInUseException")

    # ECR: immutable tags, scan on push, KMS, a lifecycle policy.
    ecr = s.client("ecr")
    if s.ignore_exists(lambda: ecr.create_repository(
            repositoryName="palisade-accuracy-repo", imageTagMutability="IMMUTABLE",
            imageScanningConfiguration={"scanOnPush": True},
            encryptionConfiguration={"encryptionType": "KMS", "kmsKey": s.kms_key("palisade-accuracy-ecr")}),
            "RepositoryAlreadyExistsException"):
        ecr.put_lifecycle_policy(repositoryName="palisade-accuracy-repo", lifecyclePolicyText=json.dumps({"rules": [
            {"rulePriority": 1, "description": "expire untagged after 14 days",
             "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                           "countNumber": 14}, "action": {"type": "expire"}}]}))

    # ECS: Container Insights; an awsvpc and a host-mode task, both unprivileged, non-root, read-only, logged.
    ecs = s.client("ecs")
    ecs.create_cluster(clusterName="palisade-accuracy-cluster",
                       settings=[{"name": "containerInsights", "value": "enabled"}])
    ecs_logs = "/ecs/palisade-accuracy"
    _log_group(s, ecs_logs)
    for family, mode in [("palisade-accuracy-task", "awsvpc"), ("palisade-accuracy-host-task", "host")]:
        if ecs.list_task_definitions(familyPrefix=family, status="ACTIVE")["taskDefinitionArns"]:
            continue
        ecs.register_task_definition(
            family=family, networkMode=mode, executionRoleArn=_role(s, "palisade-accuracy-ecs-exec", "ecs-tasks.amazonaws.com"),
            containerDefinitions=[{
                "name": "app", "image": f"{acct}.dkr.ecr.{region}.amazonaws.com/palisade-accuracy-repo:1.0.0",
                "memory": 512, "privileged": False, "readonlyRootFilesystem": True, "user": "1000:1000",
                "environment": [{"name": "PORT", "value": "8080"}],
                "secrets": [{"name": "DB_PASSWORD",
                             "valueFrom": f"arn:aws:secretsmanager:{region}:{acct}:secret:palisade-accuracy/db"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": ecs_logs, "awslogs-region": region, "awslogs-stream-prefix": "app"}}}])

    # Route 53: a public zone logging its queries to a hardened log group.
    r53 = s.client("route53")
    name = "www.palisade-accuracy.example"
    zones = [z for z in r53.list_hosted_zones_by_name(DNSName=name)["HostedZones"] if z["Name"] == name + "."]
    if not zones:
        zid = r53.create_hosted_zone(Name=name, CallerReference="palisade-accuracy-zone")["HostedZone"]["Id"]
        qlog = _log_group(s, f"/aws/route53/{name}")
        r53.create_query_logging_config(HostedZoneId=zid, CloudWatchLogsLogGroupArn=f"{qlog}:*")
