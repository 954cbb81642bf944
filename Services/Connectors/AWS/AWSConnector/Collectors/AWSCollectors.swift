import Foundation

/// Every collector a scan runs, in the order their scopes are reported. Add a new service here.
public enum AWSCollectors {
    public static let all: [any AWSCollector.Type] = [
        IAMCollector.self,
        IAMPolicyCollector.self,
        IAMAccountCollector.self,
        IAMFederationCollector.self,
        EC2Collector.self,
        VPCCollector.self,
        S3Collector.self,
        RDSCollector.self,
        KMSCollector.self,
        EFSCollector.self,
        CloudTrailCollector.self,
        LogsCollector.self,
        CloudWatchAlarmCollector.self,
        LambdaCollector.self,
        ELBv2Collector.self,
        EKSCollector.self,
        ECRCollector.self,
        ECSCollector.self,
        DynamoDBCollector.self,
        SecretsManagerCollector.self,
        SNSCollector.self,
        SQSCollector.self,
        Route53Collector.self,
        ConfigCollector.self,
        GuardDutyCollector.self,
        SecurityHubCollector.self,
        AccessAnalyzerCollector.self,
        OrganizationsCollector.self,
    ]

    /// Calls every scan makes whatever collectors run: the caller's identity and the enabled regions.
    public static let basePermissions = ["sts:GetCallerIdentity", "ec2:DescribeRegions"]

    /// Calls an organization scan adds (from the management account): member listing and role assumption.
    public static let organizationPermissions = ["organizations:ListAccounts", "sts:AssumeRole"]

    /// Every IAM action a read-only scan needs, sorted and de-duplicated.
    public static func permissions(organization: Bool = false) -> [String] {
        Array(Set(basePermissions + all.flatMap { $0.permissions } + (organization ? organizationPermissions : [])))
            .sorted()
    }

    /// The IAM policy document granting exactly those actions, as `palisade aws permissions` prints it.
    public static func policyDocument(organization: Bool = false) -> String {
        let actions = permissions(organization: organization)
        let list = actions.map { "        \"\($0)\"" }.joined(separator: ",\n")
        return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Sid": "PalisadeReadOnlyScan",
            "Effect": "Allow",
            "Action": [
        \(list)
            ],
            "Resource": "*"
          }]
        }
        """
    }
}
