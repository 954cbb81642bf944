/// ASFF's closed vocabularies: resource types and finding types (namespace/category/classifier).
extension ASFF {
    static let bestPractices = "Software and Configuration Checks/AWS Security Best Practices"
    static let standardsCategory = "Software and Configuration Checks/Industry and Regulatory Standards"

    /// Security Hub's resource type for Palisade's (`aws.s3.bucket` → `AwsS3Bucket`); `Other` when ASFF has none.
    static func resourceType(_ t: String) -> String { resourceTypes[t] ?? "Other" }

    static let resourceTypes: [String: String] = [
        "aws.account": "AwsAccount",
        "aws.cloudtrail.trail": "AwsCloudTrailTrail",
        "aws.cloudwatch.alarm": "AwsCloudWatchAlarm",
        "aws.dynamodb.table": "AwsDynamoDbTable",
        "aws.ec2.elastic_ip": "AwsEc2Eip",
        "aws.ec2.instance": "AwsEc2Instance",
        "aws.ec2.launch_template": "AwsEc2LaunchTemplate",
        "aws.ec2.network_acl": "AwsEc2NetworkAcl",
        "aws.ec2.security_group": "AwsEc2SecurityGroup",
        "aws.ec2.subnet": "AwsEc2Subnet",
        "aws.ec2.volume": "AwsEc2Volume",
        "aws.ec2.vpc": "AwsEc2Vpc",
        "aws.ecr.repository": "AwsEcrRepository",
        "aws.ecs.cluster": "AwsEcsCluster",
        "aws.ecs.task_definition": "AwsEcsTaskDefinition",
        "aws.efs.file_system": "AwsEfsFileSystem",
        "aws.eks.cluster": "AwsEksCluster",
        "aws.elbv2.load_balancer": "AwsElbv2LoadBalancer",
        "aws.iam.group": "AwsIamGroup",
        "aws.iam.policy": "AwsIamPolicy",
        "aws.iam.role": "AwsIamRole",
        "aws.iam.user": "AwsIamUser",
        "aws.kms.key": "AwsKmsKey",
        "aws.lambda.function": "AwsLambdaFunction",
        "aws.rds.db_cluster": "AwsRdsDbCluster",
        "aws.rds.db_cluster_snapshot": "AwsRdsDbClusterSnapshot",
        "aws.rds.db_instance": "AwsRdsDbInstance",
        "aws.rds.db_snapshot": "AwsRdsDbSnapshot",
        "aws.route53.hosted_zone": "AwsRoute53HostedZone",
        "aws.s3.account_public_access_block": "AwsS3AccountPublicAccessBlock",
        "aws.s3.bucket": "AwsS3Bucket",
        "aws.secretsmanager.secret": "AwsSecretsManagerSecret",
        "aws.sns.topic": "AwsSnsTopic",
        "aws.sqs.queue": "AwsSqsQueue",
    ]

    /// Best practices always; for each standard the check maps to, its Industry and Regulatory Standards classifier.
    static func types(_ check: FormatContext.Check?) -> [String] {
        var types = [bestPractices]
        for r in check?.requirements ?? [] {
            guard let classifier = standardClassifiers[r.standard] else { continue }
            let type = "\(standardsCategory)/\(classifier)"
            if !types.contains(type) { types.append(type) }
        }
        return Array(types.prefix(50))
    }

    /// ASFF's classifiers under Industry and Regulatory Standards for the built-in standards (aws-fsbp is the best
    /// practices category itself).
    static let standardClassifiers: [String: String] = [
        "cis-aws-3.0": "CIS AWS Foundations Benchmark",
        "pci-dss-4.0": "PCI-DSS Controls",
        "iso-27001-2022": "ISO 27001 Controls",
        "nist-800-53-r5": "NIST 800-53 Controls (USA)",
        "soc2": "SOC 2",
    ]
}
