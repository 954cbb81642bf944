"""Logging, monitoring and compute family: CloudTrail trails, CloudWatch Logs groups and a CIS metric filter
with its alarm, Lambda functions, ELBv2 load balancers, an EKS cluster and ECR repositories.

Moto 5.2.1 quirks met here (docs/resources/aws/logging-compute.md lists them all):
  * GetEventSelectors returns no selectors for a trail that never had PutEventSelectors (AWS returns the
    default "all management events" selector), so both trails get explicit selectors.
  * CreateFunction does not need docker, but the role must exist; KMSKeyArn is not echoed back.
  * DescribeLoadBalancerAttributes omits attributes never set (AWS returns them all).
  * An HTTPS listener needs a certificate that exists in ACM (RequestCertificate is enough).
"""
import io
import json
import zipfile

from botocore.exceptions import ClientError

CIS_UNAUTHORIZED = ('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
                    '|| ($.sourceIPAddress != "delivery.logs.amazonaws.com") '
                    '|| ($.eventName != "HeadBucket") }')


def _ignore(call, *codes):
    """Runs a create call; returns its answer, or None when the resource already existed."""
    try:
        return call()
    except ClientError as e:
        if e.response["Error"]["Code"] in codes:
            return None
        raise


def _role(seeder, name, service):
    iam = seeder.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
    _ignore(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust)), "EntityAlreadyExists")
    return f"arn:aws:iam::{seeder.account}:role/{name}"


def _trails(seeder, sfx):
    ct, region, acct = seeder.client("cloudtrail"), seeder.region, seeder.account
    bucket = f"palisade-demo{sfx}-hardened"  # the core's hardened bucket receives the logs
    group_arn = f"arn:aws:logs:{region}:{acct}:log-group:/palisade/demo{sfx}/cloudtrail:*"
    logs_role = _role(seeder, f"cloudtrail-logs-role{sfx}", "cloudtrail.amazonaws.com")
    name = f"org-audit-trail{sfx}"
    if _ignore(lambda: ct.create_trail(Name=name, S3BucketName=bucket, IsMultiRegionTrail=True,
                                       EnableLogFileValidation=True, IncludeGlobalServiceEvents=True,
                                       CloudWatchLogsLogGroupArn=group_arn, CloudWatchLogsRoleArn=logs_role),
               "TrailAlreadyExistsException"):
        ct.put_event_selectors(TrailName=name, EventSelectors=[
            {"ReadWriteType": "All", "IncludeManagementEvents": True,
             "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::palisade-demo{sfx}-customer-data/"]}]}])
        ct.start_logging(Name=name)
    seeder.note("hardened", "aws.cloudtrail.trail", name, f"arn:aws:cloudtrail:{region}:{acct}:trail/{name}",
                "multi-region, log file validation, all management events, delivered to CloudWatch Logs")
    name = f"single-region-trail{sfx}"
    if _ignore(lambda: ct.create_trail(Name=name, S3BucketName=bucket), "TrailAlreadyExistsException"):
        ct.put_event_selectors(TrailName=name, EventSelectors=[
            {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}])
    seeder.note("bad", "aws.cloudtrail.trail", name, f"arn:aws:cloudtrail:{region}:{acct}:trail/{name}",
                "single region, no log file validation, write events only, not logging")


def _logs_and_alarm(seeder, sfx):
    logs, cw, sns = seeder.client("logs"), seeder.client("cloudwatch"), seeder.client("sns")
    region, acct = seeder.region, seeder.account
    never = f"/palisade/demo{sfx}/app-never-expires"
    _ignore(lambda: logs.create_log_group(logGroupName=never), "ResourceAlreadyExistsException")
    seeder.note("bad", "aws.logs.log_group", never, f"arn:aws:logs:{region}:{acct}:log-group:{never}",
                "no retention: events kept forever")
    trail_group = f"/palisade/demo{sfx}/cloudtrail"
    _ignore(lambda: logs.create_log_group(logGroupName=trail_group), "ResourceAlreadyExistsException")
    logs.put_retention_policy(logGroupName=trail_group, retentionInDays=365)
    seeder.note("hardened", "aws.logs.log_group", trail_group, f"arn:aws:logs:{region}:{acct}:log-group:{trail_group}",
                "365-day retention, CIS metric filter with an alarm")
    metric = f"UnauthorizedAPICalls{sfx}"
    logs.put_metric_filter(logGroupName=trail_group, filterName=f"unauthorized-api-calls{sfx}",
                           filterPattern=CIS_UNAUTHORIZED, metricTransformations=[
                               {"metricName": metric, "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    seeder.note("hardened", "aws.logs.metric_filter", f"unauthorized-api-calls{sfx}",
                f"arn:aws:logs:{region}:{acct}:log-group:{trail_group}:metric-filter:unauthorized-api-calls{sfx}",
                "CIS 4.1 unauthorized API calls filter")
    topic = sns.create_topic(Name=f"security-alerts{sfx}")["TopicArn"]
    alarm = f"unauthorized-api-calls{sfx}"
    cw.put_metric_alarm(AlarmName=alarm, MetricName=metric, Namespace="CISBenchmark", Statistic="Sum",
                        Period=300, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        ActionsEnabled=True, AlarmActions=[topic])
    seeder.note("hardened", "aws.cloudwatch.alarm", alarm, f"arn:aws:cloudwatch:{region}:{acct}:alarm:{alarm}",
                "alarm on the unauthorized API calls metric notifying an SNS topic")


def _functions(seeder, sfx):
    lam, region, acct = seeder.client("lambda"), seeder.region, seeder.account
    role = _role(seeder, f"lambda-exec-role{sfx}", "lambda.amazonaws.com")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
    code = {"ZipFile": buf.getvalue()}
    name = f"public-api-fn{sfx}"
    if _ignore(lambda: lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler", Code=code,
            # Deliberately leaked look-alike secrets (AWS's documented example key): the scan must flag them.
            Environment={"Variables": {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                                       "DB_PASSWORD": "Winter2024!", "LOG_LEVEL": "info"}},
            TracingConfig={"Mode": "PassThrough"}), "ResourceConflictException"):
        lam.add_permission(FunctionName=name, StatementId="public-invoke", Action="lambda:InvokeFunction",
                           Principal="*")
        lam.create_function_url_config(FunctionName=name, AuthType="NONE", Cors={"AllowOrigins": ["*"]})
    seeder.note("bad", "aws.lambda.function", name, f"arn:aws:lambda:{region}:{acct}:function:{name}",
                "resource policy lets anyone invoke, function URL without auth, secrets in environment")
    name = f"hardened-fn{sfx}"
    _ignore(lambda: lam.create_function(
        FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler", Code=code,
        Environment={"Variables": {"LOG_LEVEL": "info"}}, TracingConfig={"Mode": "Active"}),
        "ResourceConflictException")
    seeder.note("hardened", "aws.lambda.function", name, f"arn:aws:lambda:{region}:{acct}:function:{name}",
                "no resource policy, no function URL, active tracing, no secrets in environment")


def _load_balancers(seeder, sfx):
    elb, ec2, acm = seeder.client("elbv2"), seeder.client("ec2"), seeder.client("acm")
    vpc = next(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault"))
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]][:2]
    groups = {g["GroupName"]: g["GroupId"] for g in ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]}

    def balancer(name, scheme, group):
        try:
            return elb.describe_load_balancers(Names=[name])["LoadBalancers"][0]["LoadBalancerArn"], False
        except ClientError:
            lb = elb.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[group], Scheme=scheme,
                                          Type="application")
            return lb["LoadBalancers"][0]["LoadBalancerArn"], True

    try:
        tg = elb.describe_target_groups(Names=[f"web-tg{sfx}"])["TargetGroups"][0]["TargetGroupArn"]
    except ClientError:
        tg = elb.create_target_group(Name=f"web-tg{sfx}", Protocol="HTTP", Port=80, VpcId=vpc,
                                     HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
        web = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": [f"web-1{sfx}"]}])["Reservations"]
        if web:
            elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": web[0]["Instances"][0]["InstanceId"], "Port": 80}])
    forward = [{"Type": "forward", "TargetGroupArn": tg}]

    name = f"public-web-alb{sfx}"
    arn, created = balancer(name, "internet-facing", groups[f"web-open-ssh{sfx}"])
    if created:
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=forward)
    seeder.note("bad", "aws.elbv2.load_balancer", name, arn,
                "internet-facing, plain HTTP listener without redirect, no access logs, no deletion protection")

    name = f"internal-api-alb{sfx}"
    arn, created = balancer(name, "internal", groups[f"internal-only{sfx}"])
    if created:
        cert = acm.request_certificate(DomainName=f"api{sfx}.internal.example.com")["CertificateArn"]
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[
            {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": cert}],
                            SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", DefaultActions=forward)
        elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
            {"Key": "deletion_protection.enabled", "Value": "true"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
            {"Key": "routing.http.desync_mitigation_mode", "Value": "strictest"},
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": f"palisade-demo{sfx}-hardened"}])
    seeder.note("hardened", "aws.elbv2.load_balancer", name, arn,
                "internal, HTTP redirects to HTTPS (TLS 1.3 policy), access logs, deletion protection, drops invalid headers")


def _cluster(seeder, sfx):
    eks = seeder.client("eks")
    role = _role(seeder, f"eks-cluster-role{sfx}", "eks.amazonaws.com")
    name = f"demo-eks{sfx}"
    _ignore(lambda: eks.create_cluster(name=name, version="1.29", roleArn=role, resourcesVpcConfig={
        "subnetIds": [], "endpointPublicAccess": True, "endpointPrivateAccess": False,
        "publicAccessCidrs": ["0.0.0.0/0"]}), "ResourceInUseException")
    seeder.note("bad", "aws.eks.cluster", name, f"arn:aws:eks:{seeder.region}:{seeder.account}:cluster/{name}",
                "API endpoint public to 0.0.0.0/0, no control-plane logging, secrets not KMS-encrypted")


def _repositories(seeder, sfx):
    ecr, region, acct = seeder.client("ecr"), seeder.region, seeder.account
    name = f"app-mutable{sfx}"
    _ignore(lambda: ecr.create_repository(repositoryName=name), "RepositoryAlreadyExistsException")
    seeder.note("bad", "aws.ecr.repository", name, f"arn:aws:ecr:{region}:{acct}:repository/{name}",
                "scan on push off, mutable tags, no lifecycle policy")
    name = f"app-hardened{sfx}"
    if _ignore(lambda: ecr.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE",
                                             imageScanningConfiguration={"scanOnPush": True}),
               "RepositoryAlreadyExistsException"):
        ecr.set_repository_policy(repositoryName=name, policyText=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "AccountPull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"},
             "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))
        ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=json.dumps({"rules": [
            {"rulePriority": 1, "description": "expire untagged after 14 days",
             "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                           "countNumber": 14}, "action": {"type": "expire"}}]}))
    seeder.note("hardened", "aws.ecr.repository", name, f"arn:aws:ecr:{region}:{acct}:repository/{name}",
                "scan on push, immutable tags, account-only policy, lifecycle policy")


def seed(seeder, sfx):
    _logs_and_alarm(seeder, sfx)
    _trails(seeder, sfx)
    _functions(seeder, sfx)
    _load_balancers(seeder, sfx)
    _cluster(seeder, sfx)
    _repositories(seeder, sfx)
