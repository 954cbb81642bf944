import Foundation
import PalisadeModel

/// A synthetic AWS inventory of realistic shapes (docs/resources/aws*.md): instances with their security groups,
/// volumes, buckets with policies and ACLs, IAM users and roles with policy documents, Lambda functions, RDS
/// instances and KMS keys; about one resource in five misconfigured. Deterministic for a given size.
struct SyntheticEstate {
    let account = "123456789012"
    let size: Int

    /// The mix: (type, share of the estate).
    static let mix: [(String, Double)] = [
        ("aws.ec2.instance", 0.20), ("aws.ec2.volume", 0.22), ("aws.ec2.security_group", 0.10), ("aws.s3.bucket", 0.12),
        ("aws.iam.user", 0.06), ("aws.iam.role", 0.10), ("aws.lambda.function", 0.10), ("aws.rds.db_instance", 0.05),
        ("aws.kms.key", 0.05),
    ]

    /// Resource `i`; `revision` > 0 gives a changed version of the same resource.
    func resource(_ i: Int, revision: Int = 0) -> Resource {
        var r = 0.0
        let x = Double(i % 1000) / 1000
        var type = Self.mix[0].0
        for (t, share) in Self.mix {
            r += share
            if x < r { type = t; break }
        }
        let bad = i % 5 == 0
        let region = ["us-east-1", "eu-west-1", "ap-southeast-2"][i % 3]
        let tags = ["env": i % 2 == 0 ? "prod" : "dev", "team": "team-\(i % 17)", "rev": String(revision)]
        func res(_ kind: String, _ name: String, _ props: [String: JSONValue]) -> Resource {
            Resource(id: "arn:aws:\(kind):\(region):\(account):\(name)", account: account, region: region, type: type,
                     name: name, tags: tags, properties: .object(props))
        }
        switch type {
        case "aws.ec2.instance":
            return res("ec2", "instance/i-\(i)", [
                "instanceId": .string("i-\(i)"), "state": "running", "instanceType": "t3.micro", "imageId": "ami-1",
                "vpcId": "vpc-1", "subnetId": "subnet-1", "privateIpAddress": "10.0.0.5",
                "publicIpAddress": bad ? "54.1.2.3" : .null, "securityGroupIds": .array([.string("sg-\(i / 2)")]),
                "iamInstanceProfileArn": .null, "virtualizationType": "hvm",
                "networkInterfaceIds": ["eni-1"],
                "metadataOptions": ["httpTokens": bad ? "optional" : "required", "httpEndpoint": "enabled"],
                "launchTime": "2025-01-01T00:00:00Z", "userDataSecrets": [],
            ])
        case "aws.ec2.volume":
            return res("ec2", "volume/vol-\(i)", [
                "volumeId": .string("vol-\(i)"), "encrypted": .bool(!bad), "kmsKeyId": bad ? .null : "k", "size": 8,
                "state": "in-use", "volumeType": "gp3", "attachedInstanceIds": ["i-1"],
            ])
        case "aws.ec2.security_group":
            func rule(_ port: Int, _ cidr: String) -> JSONValue {
                ["ipProtocol": "tcp", "fromPort": .number(Double(port)), "toPort": .number(Double(port)),
                 "ipv4Ranges": [.string(cidr)], "ipv6Ranges": [], "sourceGroupIds": []]
            }
            return res("ec2", "security-group/sg-\(i)", [
                "groupId": .string("sg-\(i)"), "groupName": .string("sg-\(i)"), "description": "app", "vpcId": "vpc-1",
                "ingress": [rule(443, "0.0.0.0/0"), rule(22, bad ? "0.0.0.0/0" : "10.0.0.0/8"), rule(5432, "10.1.0.0/16")],
                "egress": [["ipProtocol": "-1", "fromPort": .null, "toPort": .null, "ipv4Ranges": ["0.0.0.0/0"],
                            "ipv6Ranges": [], "sourceGroupIds": []]],
            ])
        case "aws.s3.bucket":
            let name = "bucket-\(i)"
            return Resource(id: "arn:aws:s3:::\(name)", account: account, region: region, type: type, name: name, tags: tags,
                            properties: [
                "name": .string(name), "creationDate": "2024-01-01T00:00:00Z",
                "acl": ["ownerId": "abc", "grants": [["granteeType": "CanonicalUser", "granteeId": "abc", "granteeUri": .null,
                                                      "permission": "FULL_CONTROL"]]],
                // Twenty buckets (whatever the size) are readable by anyone: every principal of the account can read
                // those, one edge each. Other misconfigured buckets grant their team's role by name.
                "policy": ["Version": "2012-10-17", "Statement": [
                    ["Effect": bad ? "Allow" : "Deny",
                     "Principal": bad && !(i % 1000 == 520 && i < 20_000) ? ["AWS": .string("arn:aws:iam::\(account):role/r-\(i + 180)")] : "*",
                     "Action": bad ? "s3:GetObject" : "s3:*", "Resource": .string("arn:aws:s3:::\(name)/*"),
                     "Condition": bad ? .object([:]) : ["Bool": ["aws:SecureTransport": "false"]]]]],
                "publicAccessBlock": bad ? .null : ["blockPublicAcls": true, "ignorePublicAcls": true,
                                                    "blockPublicPolicy": true, "restrictPublicBuckets": true],
                "encryption": ["algorithm": "aws:kms", "kmsKeyId": "k", "bucketKeyEnabled": true],
                "versioning": bad ? "Suspended" : "Enabled", "mfaDelete": "Disabled",
                "logging": bad ? .null : ["targetBucket": "logs", "targetPrefix": .string("\(name)/")],
                "ownershipControls": "BucketOwnerEnforced", "objectLockEnabled": false, "lifecycleRules": [],
            ])
        case "aws.iam.user":
            return Resource(id: "arn:aws:iam::\(account):user/u-\(i)", account: account, region: "global", type: type,
                            name: "u-\(i)", tags: tags, properties: [
                "userName": .string("u-\(i)"), "userId": "AIDA", "arn": .string("arn:aws:iam::\(account):user/u-\(i)"),
                "path": "/", "createDate": "2024-01-01T00:00:00Z", "passwordEnabled": true,
                "passwordLastUsed": "2026-11-01T00:00:00Z",
                "mfaDevices": bad ? [] : [["serialNumber": "arn:aws:iam::1:mfa/u", "enableDate": "2024-01-02T00:00:00Z"]],
                "accessKeys": [["accessKeyId": "AKIA", "status": "Active", "createDate": bad ? "2024-01-01T00:00:00Z" : "2026-10-01T00:00:00Z",
                                "lastUsedDate": "2026-11-01T00:00:00Z", "lastUsedService": "s3"]],
                "attachedPolicies": [], "inlinePolicies": [], "groups": ["devs"],
            ])
        case "aws.iam.role":
            // As roles are in a real account: each reads its team's bucket (one in the same thousand), and five
            // (whatever the size) administer the account. An estate where every role may read every bucket is a graph
            // of roles × buckets edges (120,000,000 at 100,000 resources), which no account holds (BENCHMARKS.md).
            let bucket = "arn:aws:s3:::bucket-\(i / 1000 * 1000 + 520 + i % 1000 - 700)"
            let doc: JSONValue = i % 1000 == 700 && i < 5_000
                ? ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
                : ["Version": "2012-10-17", "Statement": [
                    ["Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                     "Resource": .array([.string(bucket), .string(bucket + "/*")])]]]
            return Resource(id: "arn:aws:iam::\(account):role/r-\(i)", account: account, region: "global", type: type,
                            name: "r-\(i)", tags: tags, properties: [
                "roleName": .string("r-\(i)"), "roleId": "AROA", "arn": .string("arn:aws:iam::\(account):role/r-\(i)"),
                "path": "/", "createDate": "2024-01-01T00:00:00Z", "roleLastUsed": "2026-11-01T00:00:00Z",
                "assumeRolePolicy": ["Version": "2012-10-17", "Statement": [
                    ["Effect": "Allow",
                     // Twenty roles (whatever the size) trust anyone: every principal of the account may assume those,
                     // one edge each. Other misconfigured roles trust a foreign account.
                     "Principal": !bad ? ["Service": "ec2.amazonaws.com"]
                        : i % 1000 == 705 && i < 20_000 ? ["AWS": "*"] : ["AWS": "arn:aws:iam::999999999999:root"],
                     "Action": "sts:AssumeRole"]]],
                "attachedPolicies": [["policyName": "app", "policyArn": "arn:aws:iam::1:policy/app", "document": doc]],
                "inlinePolicies": [], "instanceProfileArns": [],
            ])
        case "aws.lambda.function":
            return res("lambda", "function:f-\(i)", [
                "functionName": .string("f-\(i)"), "runtime": bad ? "python3.8" : "python3.12", "role": "arn:aws:iam::1:role/r",
                "vpcConfig": bad ? .null : ["subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"], "vpcId": "vpc-1"],
                "policy": .null, "environmentSecrets": [], "environmentVariableNames": ["STAGE"], "kmsKeyArn": .null,
                "tracingMode": "Active",
            ])
        case "aws.rds.db_instance":
            return res("rds", "db:db-\(i)", [
                "dbInstanceIdentifier": .string("db-\(i)"), "engine": "postgres", "engineVersion": "16.3",
                "storageEncrypted": .bool(!bad), "publiclyAccessible": .bool(bad), "multiAZ": true,
                "autoMinorVersionUpgrade": true, "deletionProtection": true, "backupRetentionPeriod": 7,
                "iamDatabaseAuthenticationEnabled": true, "copyTagsToSnapshot": true, "port": 5433,
                "masterUsername": "dbadmin", "enabledCloudwatchLogsExports": ["postgresql", "upgrade"],
                "dbClusterIdentifier": .null, "monitoringInterval": 60,
            ])
        default:
            return res("kms", "key/k-\(i)", [
                "keyId": .string("k-\(i)"), "keyManager": "CUSTOMER", "keyState": "Enabled", "keySpec": "SYMMETRIC_DEFAULT",
                "keyUsage": "ENCRYPT_DECRYPT", "rotationEnabled": .bool(!bad), "deletionDate": .null,
                "policy": ["Version": "2012-10-17", "Statement": [
                    ["Effect": "Allow", "Principal": ["AWS": .string("arn:aws:iam::\(account):root")], "Action": "kms:*",
                     "Resource": "*"]]],
            ])
        }
    }
}
