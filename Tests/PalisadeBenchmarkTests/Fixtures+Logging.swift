import Foundation
import PalisadeModel

extension Fixtures {
    // MARK: account-wide monitoring (CIS 3.1, 3.3, 3.8/3.9, 4.x): each case is an account of its own, because
    // `scope: account` relations read every trail, log group, alarm and recorder of the account.

    /// The CIS 4.1-4.15 metric filter patterns, in check order (metric name, pattern as CIS gives it).
    static let cisMetricFilters: [(metric: String, pattern: String)] = [
        ("UnauthorizedAPICalls", "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }"),
        ("ConsoleSigninWithoutMFA", "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"),
        ("RootAccountUsage", "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"),
        ("IAMPolicyChanges", "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}"),
        ("CloudTrailEventCount", "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"),
        ("ConsoleSigninFailures", "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"),
        ("DisableOrDeleteCMK", "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"),
        ("S3BucketPolicyChanges", "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"),
        ("AWSConfigChanges", "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }"),
        ("SecurityGroupEventCount", "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"),
        ("NACLEventCount", "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"),
        ("GatewayEventCount", "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"),
        ("RouteTableEventCount", "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"),
        ("VpcEventCount", "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"),
        ("OrganizationsEvents", "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }"),
    ]

    /// The check ids of the CIS 4.x alarms, in the same order as `cisMetricFilters`.
    static let cisAlarmCheckIDs = [
        "unauthorized-api-calls", "console-signin-without-mfa", "root-account-usage", "iam-policy-changes",
        "cloudtrail-changes", "console-auth-failures", "cmk-disable-or-deletion", "s3-bucket-policy-changes",
        "config-changes", "security-group-changes", "nacl-changes", "network-gateway-changes", "route-table-changes",
        "vpc-changes", "organizations-changes",
    ].map { "aws-cloudwatch-account-alarm-\($0)" }

    static func accountResource(_ account: String) -> Resource {
        Resource(id: "arn:aws:iam::\(account):root", account: account, region: "global", type: "aws.account", name: account,
                 properties: ["accountId": .string(account)])
    }

    static func trail(_ account: String, name: String = "main", _ changes: [String: JSONValue] = [:], unknown: [String] = [])
        -> Resource
    {
        let arn = "arn:aws:cloudtrail:us-east-1:\(account):trail/\(name)"
        let base = Resource(id: arn, account: account, region: "us-east-1", type: "aws.cloudtrail.trail", name: name,
                            properties: [
            "name": .string(name), "trailArn": .string(arn), "homeRegion": "us-east-1", "isMultiRegionTrail": true,
            "isOrganizationTrail": false, "includeGlobalServiceEvents": true, "logFileValidationEnabled": true,
            "kmsKeyId": .string("arn:aws:kms:us-east-1:\(account):key/trail"), "s3BucketName": "trail-logs",
            "s3KeyPrefix": nil, "snsTopicArn": nil,
            "cloudWatchLogsLogGroupArn": .string("arn:aws:logs:us-east-1:\(account):log-group:cloudtrail-logs:*"),
            "cloudWatchLogsRoleArn": .string("arn:aws:iam::\(account):role/cloudtrail-logs"),
            "hasCustomEventSelectors": true, "hasInsightSelectors": false, "isLogging": true,
            "latestDeliveryTime": "2025-12-31T23:55:00Z", "latestDeliveryError": nil,
            "latestCloudWatchLogsDeliveryTime": "2025-12-31T23:55:00Z",
            "eventSelectors": [["ReadWriteType": "All", "IncludeManagementEvents": true,
                                "DataResources": [["Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]]]]],
            "advancedEventSelectors": [], "managementEventsRead": true, "managementEventsWrite": true,
            "dataEvents": [["type": "AWS::S3::Object", "values": ["arn:aws:s3"], "readWriteType": "All"]],
        ])
        return with(base, changes, unknown: unknown)
    }

    static func logGroup(_ account: String, name: String, filters: [(metric: String, pattern: String)],
                         _ changes: [String: JSONValue] = [:], unknown: [String] = []) -> Resource
    {
        let arn = "arn:aws:logs:us-east-1:\(account):log-group:\(name)"
        let base = Resource(id: arn, account: account, region: "us-east-1", type: "aws.logs.log_group", name: name,
                            properties: [
            "logGroupName": .string(name), "arn": .string(arn), "retentionInDays": 365, "neverExpires": false,
            "kmsKeyId": .string("arn:aws:kms:us-east-1:\(account):key/logs"), "creationTime": "2025-01-01T00:00:00Z",
            "storedBytes": 0, "logGroupClass": "STANDARD", "dataProtectionStatus": nil,
            "metricFilters": .array(filters.map { f in
                ["filterName": .string(f.metric), "filterPattern": .string(f.pattern),
                 "metrics": [["metricName": .string(f.metric), "metricNamespace": "CISBenchmark", "metricValue": "1"]]]
            }),
        ])
        return with(base, changes, unknown: unknown)
    }

    static func alarm(_ account: String, metric: String, _ changes: [String: JSONValue] = [:], unknown: [String] = [])
        -> Resource
    {
        let arn = "arn:aws:cloudwatch:us-east-1:\(account):alarm:\(metric)"
        let base = Resource(id: arn, account: account, region: "us-east-1", type: "aws.cloudwatch.alarm", name: metric,
                            properties: [
            "alarmName": .string(metric), "alarmArn": .string(arn), "metricName": .string(metric),
            "namespace": "CISBenchmark", "statistic": "Sum", "dimensions": [], "comparisonOperator": "GreaterThanOrEqualToThreshold",
            "threshold": 1, "period": 300, "evaluationPeriods": 1, "actionsEnabled": true,
            "alarmActions": [.string("arn:aws:sns:us-east-1:\(account):security-alerts")], "okActions": [],
            "insufficientDataActions": [], "stateValue": "OK", "stateUpdatedTimestamp": "2025-12-01T00:00:00Z", "metrics": [],
        ])
        return with(base, changes, unknown: unknown)
    }

    static func configRecorder(_ account: String, region: String = "us-east-1", _ changes: [String: JSONValue] = [:],
                               unknown: [String] = []) -> Resource
    {
        let base = Resource(id: "arn:aws:config:\(region):\(account):recorder-status", account: account, region: region,
                            type: "aws.config.recorder", name: "config-recorders-\(region)", properties: [
            "recorders": [["name": "default", "roleArn": .string("arn:aws:iam::\(account):role/config"), "allSupported": true,
                           "includeGlobalResourceTypes": true, "resourceTypes": [], "recording": true, "lastStatus": "SUCCESS",
                           "lastStatusChangeTime": "2025-12-31T00:00:00Z", "lastErrorCode": nil]],
            "recorderCount": 1, "recording": true, "allSupported": true, "includeGlobalResourceTypes": true,
        ])
        return with(base, changes, unknown: unknown)
    }

    /// A fully monitored account: a multi-region trail into `cloudtrail-logs` with every CIS filter and an alarm with
    /// an SNS action on each, S3 data events, Config recording everything. `cloudtrail` (a prefix of the trail's
    /// group name) has no filters: the checks must follow the trail to `cloudtrail-logs`, not to it.
    static func monitoredAccount(_ account: String) -> [Resource] {
        [accountResource(account), trail(account), logGroup(account, name: "cloudtrail-logs", filters: cisMetricFilters),
         logGroup(account, name: "cloudtrail", filters: []), configRecorder(account)]
            + cisMetricFilters.map { alarm(account, metric: $0.metric) }
    }

    static let monitored = "210000000001"
    /// Its only trail is single-region (otherwise as `monitored`).
    static let singleRegion = "210000000002"
    /// Trail status and metric filters unreadable; Config recorder status unreadable.
    static let unreadable = "210000000003"
    /// A multi-region trail without data events; alarms without actions; Config not recording global resources.
    static let unalerted = "210000000004"

    static let accountWideInventory: [Resource] =
        monitoredAccount(monitored)
        + [accountResource(singleRegion), trail(singleRegion, ["isMultiRegionTrail": false]),
           logGroup(singleRegion, name: "cloudtrail-logs", filters: cisMetricFilters), configRecorder(singleRegion)]
        + cisMetricFilters.map { alarm(singleRegion, metric: $0.metric) }
        + [accountResource(unreadable), trail(unreadable, unknown: ["isLogging"]),
           logGroup(unreadable, name: "cloudtrail-logs", filters: [], unknown: ["metricFilters"]),
           configRecorder(unreadable, ["recorders": [["name": "default", "allSupported": true, "includeGlobalResourceTypes": true,
                                                      "resourceTypes": []]]], unknown: ["recording"])]
        + cisMetricFilters.map { alarm(unreadable, metric: $0.metric) }
        + [accountResource(unalerted), trail(unalerted, ["dataEvents": []]),
           logGroup(unalerted, name: "cloudtrail-logs", filters: cisMetricFilters),
           configRecorder(unalerted, region: "us-east-1", ["recorders": [
               ["name": "default", "allSupported": true, "includeGlobalResourceTypes": false, "resourceTypes": [],
                "recording": true]]])]
        + cisMetricFilters.map { alarm(unalerted, metric: $0.metric, ["alarmActions": []]) }

    static func accountCase(failing: String) -> Case {
        Case(failing: accountResource(failing), hardened: accountResource(monitored), unknown: accountResource(unreadable))
    }

    // MARK: per-resource fixtures (account 111122223333)

    static let loggingTrail = trail(account)

    static func trailBucket(_ name: String, _ changes: [String: JSONValue] = [:], unknown: [String] = []) -> Resource {
        with(with(bucket, ["name": .string(name), "logging": ["targetBucket": "access-logs", "targetPrefix": .string("\(name)/")],
                           "policyIsPublic": false, "objectOwnership": "BucketOwnerEnforced"], id: "arn:aws:s3:::\(name)"),
             changes, unknown: unknown)
    }

    static let trailBuckets: [Resource] = [
        trailBucket("trail-logs"),
        trailBucket("trail-logs-nolog", ["logging": nil]),
        trailBucket("trail-logs-public", [
            "publicAccessBlock": nil, "policyIsPublic": true,
            "policy": ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                      "Resource": "arn:aws:s3:::trail-logs-public/*"]]]]),
        trailBucket("trail-logs-unknown", unknown: ["logging", "publicAccessBlock", "policyIsPublic", "policy"]),
    ]

    static let logGroupFixture = logGroup(account, name: "/app/api", filters: [])
    static let alarmFixture = alarm(account, metric: "HighErrorRate")
    static let recorderFixture = configRecorder(account)

    static let detectorStatus = resource("aws.guardduty.detector_status", "arn:aws:guardduty:us-east-1:111122223333:detector-status", [
        "detectorCount": 1,
        "detectors": [["detectorId": "d1", "arn": "arn:aws:guardduty:us-east-1:111122223333:detector/d1", "status": "ENABLED",
                       "findingPublishingFrequency": "FIFTEEN_MINUTES", "features": [], "createdAt": "2025-01-01T00:00:00Z"]],
        "enabled": true,
    ])

    static let hubStatus = resource("aws.securityhub.hub_status", "arn:aws:securityhub:us-east-1:111122223333:hub-status", [
        "enabled": true, "hubArn": "arn:aws:securityhub:us-east-1:111122223333:hub/default",
        "subscribedAt": "2025-01-01T00:00:00Z", "autoEnableControls": true,
        "standards": [["standardsArn": "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                       "subscriptionArn": "arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0",
                       "status": "READY"]],
    ])

    static func subnet(_ id: String, az: String, unknown: [String] = []) -> Resource {
        with(resource("aws.ec2.subnet", "arn:aws:ec2:us-east-1:111122223333:subnet/\(id)", [
            "subnetId": .string(id), "vpcId": "vpc-1", "cidrBlock": "10.0.1.0/24", "ipv6CidrBlocks": [],
            "availabilityZone": .string(az), "mapPublicIpOnLaunch": false, "assignIpv6AddressOnCreation": false,
            "defaultForAz": false, "state": "available", "availableIpAddressCount": 250,
        ]), unknown: unknown)
    }

    static let lambdaSubnets = [subnet("subnet-la", az: "us-east-1a"), subnet("subnet-lb", az: "us-east-1b"),
                                subnet("subnet-lc", az: "us-east-1a"), subnet("subnet-lu", az: "us-east-1c", unknown: ["availabilityZone"])]

    static let function = resource("aws.lambda.function", "arn:aws:lambda:us-east-1:111122223333:function:ingest", [
        "functionName": "ingest", "functionArn": "arn:aws:lambda:us-east-1:111122223333:function:ingest",
        "role": "arn:aws:iam::111122223333:role/ingest", "handler": "app.handler", "packageType": "Zip", "memorySize": 256,
        "timeout": 30, "lastModified": "2025-12-01T00:00:00Z", "runtime": "python3.13", "architectures": ["arm64"], "layers": [],
        "vpcConfig": ["vpcId": "vpc-1", "subnetIds": ["subnet-la", "subnet-lb"], "securityGroupIds": ["sg-1"]],
        "inVpc": true, "kmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/lambda", "tracingMode": "Active",
        "deadLetterTargetArn": nil,
        "environment": ["variableNames": ["LOG_LEVEL", "TABLE_NAME"], "secretFindings": [], "sha256": "ab12"],
        "resourcePolicy": ["Version": "2012-10-17", "Statement": [
            ["Sid": "s3", "Effect": "Allow", "Principal": ["Service": "s3.amazonaws.com"], "Action": "lambda:InvokeFunction",
             "Resource": "arn:aws:lambda:us-east-1:111122223333:function:ingest",
             "Condition": ["StringEquals": ["AWS:SourceAccount": "111122223333"]]]]],
        "functionUrl": nil,
    ])

    static let eksCluster = resource("aws.eks.cluster", "arn:aws:eks:us-east-1:111122223333:cluster/prod", [
        "name": "prod", "version": "1.34", "platformVersion": "eks.5", "status": "ACTIVE",
        "roleArn": "arn:aws:iam::111122223333:role/eks", "endpointPublicAccess": false, "endpointPrivateAccess": true,
        "publicAccessCidrs": ["0.0.0.0/0"], "vpcId": "vpc-1", "subnetIds": ["subnet-la", "subnet-lb"], "securityGroupIds": [],
        "clusterSecurityGroupId": "sg-eks", "loggingEnabledTypes": ["api", "audit", "authenticator"],
        "loggingDisabledTypes": ["controllerManager", "scheduler"], "secretsEncrypted": true,
        "secretsKmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/eks",
        "encryptionConfig": [["resources": ["secrets"], "provider": ["keyArn": "arn:aws:kms:us-east-1:111122223333:key/eks"]]],
        "oidcIssuer": "https://oidc.eks.us-east-1.amazonaws.com/id/ABC", "createdAt": "2025-06-01T00:00:00Z",
    ])

    static let ecrRepository = resource("aws.ecr.repository", "arn:aws:ecr:us-east-1:111122223333:repository/app", [
        "repositoryName": "app", "repositoryArn": "arn:aws:ecr:us-east-1:111122223333:repository/app",
        "repositoryUri": "111122223333.dkr.ecr.us-east-1.amazonaws.com/app", "registryId": "111122223333",
        "createdAt": "2025-01-01T00:00:00Z", "imageTagMutability": "IMMUTABLE", "scanOnPush": true,
        "encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:111122223333:key/ecr", "policy": nil,
        "hasLifecyclePolicy": true,
        "lifecyclePolicy": ["rules": [["rulePriority": 1, "selection": ["tagStatus": "untagged", "countType": "sinceImagePushed",
                                                                        "countUnit": "days", "countNumber": 14],
                                       "action": ["type": "expire"]]]],
    ])

    static func container(_ changes: [String: JSONValue] = [:]) -> JSONValue {
        var c: [String: JSONValue] = [
            "name": "app", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.0", "privileged": false,
            "readonlyRootFilesystem": true, "user": "1000:1000", "environmentNames": ["LOG_LEVEL"],
            "environmentSecretFindings": [],
            "secrets": [["name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db"]],
            "logDriver": "awslogs", "portMappings": [["containerPort": 8080, "hostPort": 8080, "protocol": "tcp"]],
        ]
        for (k, v) in changes { c[k] = v }
        return .object(c)
    }

    static let taskDefinition = resource("aws.ecs.task_definition", "arn:aws:ecs:us-east-1:111122223333:task-definition/app:3", [
        "family": "app", "revision": 3, "status": "ACTIVE", "networkMode": "awsvpc",
        "taskRoleArn": "arn:aws:iam::111122223333:role/app-task", "executionRoleArn": "arn:aws:iam::111122223333:role/ecs-exec",
        "requiresCompatibilities": ["FARGATE"], "containers": [container()],
    ])

    static func taskWith(_ changes: [String: JSONValue]) -> Resource {
        with(taskDefinition, ["containers": [container(changes)]])
    }

    static let ecsCluster = resource("aws.ecs.cluster", "arn:aws:ecs:us-east-1:111122223333:cluster/prod", [
        "clusterName": "prod", "status": "ACTIVE", "containerInsights": "enabled", "activeServicesCount": 2,
        "runningTasksCount": 4,
    ])

    static let hostedZone = resource("aws.route53.hosted_zone", "arn:aws:route53:::hostedzone/Z1", [
        "hostedZoneId": "Z1", "name": "example.com.", "privateZone": false, "comment": nil, "recordSetCount": 4,
        "queryLoggingEnabled": true,
        "queryLoggingLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/example.com",
        "dnssecStatus": "SIGNING",
    ], region: "global")

    /// Failing, hardened and unknown cases for the logging family's checks.
    static let loggingCases: [String: Case] = {
        var cases: [String: Case] = [
            "aws-cloudtrail-account-multi-region-trail": accountCase(failing: singleRegion),
            "aws-cloudtrail-account-s3-data-events-write": accountCase(failing: unalerted),
            "aws-cloudtrail-account-s3-data-events-read": accountCase(failing: unalerted),
            "aws-config-account-records-global-resources": accountCase(failing: unalerted),
            "aws-cloudtrail-trail-log-file-validation": Case(
                failing: with(loggingTrail, ["logFileValidationEnabled": false]), hardened: loggingTrail,
                unknown: with(loggingTrail, unknown: ["logFileValidationEnabled"])),
            "aws-cloudtrail-trail-kms-encrypted": Case(
                failing: with(loggingTrail, ["kmsKeyId": nil]), hardened: loggingTrail,
                unknown: with(loggingTrail, unknown: ["kmsKeyId"])),
            "aws-cloudtrail-trail-cloudwatch-logs": Case(
                failing: with(loggingTrail, ["cloudWatchLogsLogGroupArn": nil, "cloudWatchLogsRoleArn": nil]),
                hardened: loggingTrail, unknown: with(loggingTrail, unknown: ["cloudWatchLogsLogGroupArn"])),
            "aws-cloudtrail-trail-bucket-access-logging": Case(
                failing: with(loggingTrail, ["s3BucketName": "trail-logs-nolog"]), hardened: loggingTrail,
                unknown: with(loggingTrail, ["s3BucketName": "trail-logs-unknown"])),
            "aws-cloudtrail-trail-bucket-not-public": Case(
                failing: with(loggingTrail, ["s3BucketName": "trail-logs-public"]), hardened: loggingTrail,
                unknown: with(loggingTrail, ["s3BucketName": "trail-logs-unknown"])),
            "aws-config-recorder-records-all-resources": Case(
                failing: with(recorderFixture, ["recording": false, "recorders": [
                    ["name": "default", "allSupported": true, "includeGlobalResourceTypes": true, "resourceTypes": [],
                     "recording": false]]]),
                hardened: recorderFixture,
                unknown: with(recorderFixture, ["recorders": [["name": "default", "allSupported": true,
                                                              "includeGlobalResourceTypes": true, "resourceTypes": []]]],
                              unknown: ["recording"])),
            "aws-guardduty-detector-enabled": Case(
                failing: with(detectorStatus, ["detectorCount": 0, "detectors": [], "enabled": false]), hardened: detectorStatus,
                unknown: with(detectorStatus, unknown: ["detectors", "enabled", "raw"])),
            "aws-securityhub-hub-enabled": Case(
                failing: with(hubStatus, ["enabled": false, "hubArn": nil, "standards": []]), hardened: hubStatus,
                unknown: with(hubStatus, unknown: ["enabled"])),
            "aws-cloudwatch-alarm-has-action": Case(
                failing: with(alarmFixture, ["alarmActions": []]), hardened: alarmFixture,
                unknown: with(alarmFixture, unknown: ["alarmActions"])),
            "aws-cloudwatch-alarm-actions-enabled": Case(
                failing: with(alarmFixture, ["actionsEnabled": false]), hardened: alarmFixture,
                unknown: with(alarmFixture, unknown: ["actionsEnabled"])),
            "aws-logs-log-group-retention-365": Case(
                failing: with(logGroupFixture, ["retentionInDays": 30]), hardened: logGroupFixture,
                unknown: with(logGroupFixture, unknown: ["retentionInDays", "neverExpires"])),
            "aws-logs-log-group-kms-encrypted": Case(
                failing: with(logGroupFixture, ["kmsKeyId": nil]), hardened: logGroupFixture,
                unknown: with(logGroupFixture, unknown: ["kmsKeyId"])),
            "aws-lambda-function-not-public": Case(
                failing: with(function, ["resourcePolicy": ["Version": "2012-10-17", "Statement": [
                    ["Sid": "FunctionURLAllowPublicAccess", "Effect": "Allow", "Principal": "*",
                     "Action": "lambda:InvokeFunctionUrl", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:ingest",
                     "Condition": ["StringEquals": ["lambda:FunctionUrlAuthType": "NONE"]]]]]]),
                hardened: function, unknown: with(function, unknown: ["resourcePolicy"])),
            "aws-lambda-function-supported-runtime": Case(
                failing: with(function, ["runtime": "python3.8"]), hardened: function,
                unknown: with(function, unknown: ["runtime"])),
            "aws-lambda-function-in-vpc": Case(
                failing: with(function, ["inVpc": false, "vpcConfig": nil]), hardened: function,
                unknown: with(function, unknown: ["inVpc"])),
            "aws-lambda-function-multi-az": Case(
                failing: with(function, ["vpcConfig": ["vpcId": "vpc-1", "subnetIds": ["subnet-la", "subnet-lc"],
                                                       "securityGroupIds": ["sg-1"]]]),
                hardened: function,
                unknown: with(function, ["vpcConfig": ["vpcId": "vpc-1", "subnetIds": ["subnet-la", "subnet-lu"],
                                                       "securityGroupIds": ["sg-1"]]])),
            "aws-lambda-function-no-secrets-in-environment": Case(
                failing: with(function, ["environment": ["variableNames": ["AWS_ACCESS_KEY_ID", "DB_PASSWORD"],
                                                         "secretFindings": [["name": "AWS_ACCESS_KEY_ID", "patterns": ["aws-access-key-id"]],
                                                                            ["name": "DB_PASSWORD", "patterns": ["password-assignment"]]],
                                                         "sha256": "cd34"]]),
                hardened: function, unknown: with(function, unknown: ["environment"])),
            "aws-eks-cluster-endpoint-not-public": Case(
                failing: with(eksCluster, ["endpointPublicAccess": true, "publicAccessCidrs": ["0.0.0.0/0"]]),
                hardened: eksCluster, unknown: with(eksCluster, unknown: ["endpointPublicAccess", "publicAccessCidrs"])),
            "aws-eks-cluster-supported-version": Case(
                failing: with(eksCluster, ["version": "1.29"]), hardened: eksCluster,
                unknown: with(eksCluster, unknown: ["version"])),
            "aws-eks-cluster-secrets-encrypted": Case(
                failing: with(eksCluster, ["secretsEncrypted": false, "secretsKmsKeyArn": nil, "encryptionConfig": []]),
                hardened: eksCluster, unknown: with(eksCluster, unknown: ["secretsEncrypted"])),
            "aws-eks-cluster-audit-logging": Case(
                failing: with(eksCluster, ["loggingEnabledTypes": ["api"]]), hardened: eksCluster,
                unknown: with(eksCluster, unknown: ["loggingEnabledTypes"])),
            "aws-ecr-repository-scan-on-push": Case(
                failing: with(ecrRepository, ["scanOnPush": false]), hardened: ecrRepository,
                unknown: with(ecrRepository, unknown: ["scanOnPush"])),
            "aws-ecr-repository-tag-immutability": Case(
                failing: with(ecrRepository, ["imageTagMutability": "MUTABLE"]), hardened: ecrRepository,
                unknown: with(ecrRepository, unknown: ["imageTagMutability"])),
            "aws-ecr-repository-lifecycle-policy": Case(
                failing: with(ecrRepository, ["hasLifecyclePolicy": false, "lifecyclePolicy": nil]), hardened: ecrRepository,
                unknown: with(ecrRepository, unknown: ["hasLifecyclePolicy", "lifecyclePolicy"])),
            "aws-ecs-task-definition-no-privileged": Case(
                failing: taskWith(["privileged": true]), hardened: taskDefinition,
                unknown: with(taskDefinition, unknown: ["containers"])),
            "aws-ecs-task-definition-readonly-root": Case(
                failing: taskWith(["readonlyRootFilesystem": false]), hardened: taskDefinition,
                unknown: with(taskDefinition, unknown: ["containers"])),
            "aws-ecs-task-definition-no-secrets-in-environment": Case(
                failing: taskWith(["environmentNames": ["LOG_LEVEL", "API_TOKEN"],
                                   "environmentSecretFindings": [["name": "API_TOKEN", "patterns": ["github-token"]]]]),
                hardened: taskDefinition, unknown: with(taskDefinition, unknown: ["containers"])),
            "aws-ecs-task-definition-logging": Case(
                failing: taskWith(["logDriver": nil]), hardened: taskDefinition,
                unknown: with(taskDefinition, unknown: ["containers"])),
            "aws-ecs-task-definition-host-network-non-root": Case(
                failing: with(taskWith(["user": nil]), ["networkMode": "host"]),
                hardened: with(taskDefinition, ["networkMode": "host"]),
                unknown: with(taskDefinition, ["networkMode": "host"], unknown: ["containers"])),
            "aws-ecs-cluster-container-insights": Case(
                failing: with(ecsCluster, ["containerInsights": "disabled"]), hardened: ecsCluster,
                unknown: with(ecsCluster, unknown: ["containerInsights"])),
            "aws-route53-hosted-zone-query-logging": Case(
                failing: with(hostedZone, ["queryLoggingEnabled": false, "queryLoggingLogGroupArn": nil]), hardened: hostedZone,
                unknown: with(hostedZone, unknown: ["queryLoggingEnabled", "queryLoggingLogGroupArn"])),
        ]
        for id in cisAlarmCheckIDs { cases[id] = accountCase(failing: unalerted) }
        return cases
    }()

    /// Resources the logging family's relations resolve against.
    static let loggingInventory: [Resource] = accountWideInventory + trailBuckets + lambdaSubnets
}
