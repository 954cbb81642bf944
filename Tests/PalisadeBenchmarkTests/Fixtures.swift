import Foundation
import PalisadeModel

/// Resources shaped per docs/resources/aws.md: a hardened baseline per type, and per check a failing variant
/// and a variant where the property the check needs could not be read.
enum Fixtures {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let account = "111122223333"

    static let readOnly: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"]]]
    static let admin: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": "*", "Resource": "*"]]]
    static let adminAttachment: JSONValue = ["policyName": "AdministratorAccess",
                                             "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                                             "document": admin]

    static func resource(_ type: String, _ id: String, _ properties: [String: JSONValue], region: String = "us-east-1")
        -> Resource
    {
        Resource(id: id, account: account, region: region, type: type, name: id.split(separator: "/").last.map(String.init) ?? id,
                 properties: .object(properties))
    }

    static let user = resource("aws.iam.user", "arn:aws:iam::111122223333:user/alice", [
        "userName": "alice", "userId": "AIDA1", "arn": "arn:aws:iam::111122223333:user/alice", "path": "/",
        "createDate": "2024-01-01T00:00:00Z", "passwordEnabled": true, "passwordLastUsed": "2025-12-30T00:00:00Z",
        "mfaDevices": [["serialNumber": "arn:aws:iam::111122223333:mfa/alice", "enableDate": "2024-01-02T00:00:00Z"]],
        "accessKeys": [["accessKeyId": "AKIAEXAMPLE1", "status": "Active", "createDate": "2025-12-01T00:00:00Z",
                        "lastUsedDate": "2025-12-30T00:00:00Z", "lastUsedService": "s3"],
                       ["accessKeyId": "AKIAEXAMPLE0", "status": "Inactive", "createDate": "2023-01-01T00:00:00Z",
                        "lastUsedDate": nil, "lastUsedService": nil]],
        "attachedPolicies": [["policyName": "ReadOnly", "policyArn": "arn:aws:iam::111122223333:policy/ReadOnly",
                              "document": readOnly]],
        "inlinePolicies": [], "groups": ["devs"],
    ], region: "global")

    static let passwordPolicy = resource("aws.iam.password_policy", "arn:aws:iam::111122223333:account-password-policy", [
        "exists": true, "minimumPasswordLength": 14, "requireSymbols": true, "requireNumbers": true,
        "requireUppercaseCharacters": true, "requireLowercaseCharacters": true, "allowUsersToChangePassword": true,
        "expirePasswords": false, "hardExpiry": false, "maxPasswordAge": nil, "passwordReusePrevention": 24,
    ], region: "global")

    static let role = resource("aws.iam.role", "arn:aws:iam::111122223333:role/app", [
        "roleName": "app", "roleId": "AROA1", "arn": "arn:aws:iam::111122223333:role/app", "path": "/",
        "createDate": "2024-01-01T00:00:00Z",
        "assumeRolePolicy": ["Version": "2012-10-17", "Statement": [
            ["Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"], "Action": "sts:AssumeRole"]]],
        "attachedPolicies": [["policyName": "ReadOnly", "policyArn": "arn:aws:iam::111122223333:policy/ReadOnly",
                              "document": readOnly]],
        "inlinePolicies": [], "instanceProfileArns": ["arn:aws:iam::111122223333:instance-profile/app"],
    ], region: "global")

    static let adminRole = with(role, ["roleName": "admin", "attachedPolicies": [adminAttachment]],
                                id: "arn:aws:iam::111122223333:role/admin")

    static let profile = resource("aws.iam.instance_profile", "arn:aws:iam::111122223333:instance-profile/app", [
        "instanceProfileName": "app", "arn": "arn:aws:iam::111122223333:instance-profile/app",
        "roleArns": ["arn:aws:iam::111122223333:role/app"],
    ], region: "global")

    static let adminProfile = with(profile, ["roleArns": ["arn:aws:iam::111122223333:role/admin"]],
                                   id: "arn:aws:iam::111122223333:instance-profile/admin")

    static let instance = resource("aws.ec2.instance", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", [
        "instanceId": "i-1", "state": "running", "instanceType": "t3.micro", "imageId": "ami-1", "vpcId": "vpc-1",
        "subnetId": "subnet-1", "privateIpAddress": "10.0.0.5", "publicIpAddress": "54.1.2.3",
        "securityGroupIds": ["sg-1"], "iamInstanceProfileArn": "arn:aws:iam::111122223333:instance-profile/app",
        "metadataOptions": ["httpTokens": "required", "httpEndpoint": "enabled"], "launchTime": "2025-01-01T00:00:00Z",
    ])

    static let securityGroup = resource("aws.ec2.security_group", "arn:aws:ec2:us-east-1:111122223333:security-group/sg-1", [
        "groupId": "sg-1", "groupName": "web", "description": "web", "vpcId": "vpc-1",
        "ingress": [
            ["ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "ipv4Ranges": ["0.0.0.0/0"], "ipv6Ranges": ["::/0"],
             "sourceGroupIds": []],
            ["ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": ["10.0.0.0/8"], "ipv6Ranges": [],
             "sourceGroupIds": []],
            ["ipProtocol": "-1", "fromPort": nil, "toPort": nil, "ipv4Ranges": [], "ipv6Ranges": [],
             "sourceGroupIds": ["sg-1"]],
        ],
        "egress": [["ipProtocol": "-1", "fromPort": nil, "toPort": nil, "ipv4Ranges": ["0.0.0.0/0"], "ipv6Ranges": [],
                    "sourceGroupIds": []]],
    ])

    static func ingress(_ proto: String, _ from: JSONValue, _ to: JSONValue, v4: [JSONValue] = [], v6: [JSONValue] = [])
        -> JSONValue
    {
        ["ipProtocol": .string(proto), "fromPort": from, "toPort": to, "ipv4Ranges": .array(v4),
         "ipv6Ranges": .array(v6), "sourceGroupIds": []]
    }

    static let volume = resource("aws.ec2.volume", "arn:aws:ec2:us-east-1:111122223333:volume/vol-1", [
        "volumeId": "vol-1", "encrypted": true, "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/k", "size": 8,
        "state": "in-use", "volumeType": "gp3", "attachedInstanceIds": ["i-1"],
    ])

    static let bucket = resource("aws.s3.bucket", "arn:aws:s3:::data", [
        "name": "data", "creationDate": "2024-01-01T00:00:00Z",
        "acl": ["ownerId": "abc", "grants": [["granteeType": "CanonicalUser", "granteeId": "abc", "granteeUri": nil,
                                              "permission": "FULL_CONTROL"]]],
        "policy": ["Version": "2012-10-17", "Statement": [
            ["Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*",
             "Condition": ["Bool": ["aws:SecureTransport": "false"]]]]],
        "publicAccessBlock": ["blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true,
                              "restrictPublicBuckets": true],
        "encryption": ["algorithm": "aws:kms", "kmsKeyId": "k"], "versioning": "Enabled", "mfaDelete": "Disabled",
    ])

    /// `base` with some properties replaced, some made unknown (removed from properties, reason recorded).
    static func with(_ base: Resource, _ changes: [String: JSONValue] = [:], unknown: [String] = [], id: String? = nil)
        -> Resource
    {
        var r = base
        var props = r.properties.objectValue ?? [:]
        for (k, v) in changes { props[k] = v }
        for k in unknown {
            props[k] = nil
            r.unknown[k] = "AccessDenied: test denies reading \(k)"
        }
        r.properties = .object(props)
        if let id { r.id = id }
        return r
    }

    struct Case {
        var failing: Resource
        var hardened: Resource
        var unknown: Resource
    }

    static func userWith(_ changes: [String: JSONValue]) -> Resource { with(user, changes) }

    /// The first checks' cases; each family adds its own in `Fixtures+<Family>.swift`.
    static let coreCases: [String: Case] = [
        "aws-iam-user-console-mfa": Case(failing: userWith(["mfaDevices": []]), hardened: user,
                                         unknown: with(user, unknown: ["mfaDevices"])),
        "aws-iam-access-key-rotated-90d": Case(
            failing: userWith(["accessKeys": [["accessKeyId": "AKIA2", "status": "Active", "createDate": "2025-06-01T00:00:00Z",
                                           "lastUsedDate": "2025-12-31T00:00:00Z", "lastUsedService": "s3"]]]),
            hardened: user, unknown: with(user, unknown: ["accessKeys"])),
        "aws-iam-access-key-unused-90d": Case(
            failing: userWith(["accessKeys": [["accessKeyId": "AKIA3", "status": "Active", "createDate": "2025-01-01T00:00:00Z",
                                           "lastUsedDate": nil, "lastUsedService": nil]]]),
            hardened: user, unknown: with(user, unknown: ["accessKeys"])),
        "aws-iam-access-key-unused-45d": Case(
            failing: userWith(["accessKeys": [["accessKeyId": "AKIA4", "status": "Active", "createDate": "2025-01-01T00:00:00Z",
                                           "lastUsedDate": "2025-11-01T00:00:00Z", "lastUsedService": "ec2"]]]),
            hardened: user, unknown: with(user, unknown: ["accessKeys"])),
        "aws-iam-user-no-admin-policy": Case(failing: userWith(["attachedPolicies": [adminAttachment]]), hardened: user,
                                             unknown: with(user, unknown: ["attachedPolicies"])),
        "aws-iam-password-policy-exists": Case(
            failing: with(passwordPolicy, ["exists": false]), hardened: passwordPolicy,
            unknown: with(passwordPolicy, unknown: ["exists"])),
        "aws-iam-password-policy-min-length": Case(
            failing: with(passwordPolicy, ["minimumPasswordLength": 8]), hardened: passwordPolicy,
            unknown: with(passwordPolicy, unknown: ["minimumPasswordLength"])),
        "aws-iam-password-policy-complexity": Case(
            failing: with(passwordPolicy, ["requireSymbols": false]), hardened: passwordPolicy,
            unknown: with(passwordPolicy, unknown: ["requireNumbers"])),
        "aws-iam-password-policy-reuse": Case(
            failing: with(passwordPolicy, ["passwordReusePrevention": nil]), hardened: passwordPolicy,
            unknown: with(passwordPolicy, unknown: ["passwordReusePrevention"])),
        "aws-iam-role-trust-any-principal": Case(
            failing: with(role, ["assumeRolePolicy": ["Statement": [["Effect": "Allow", "Principal": ["AWS": "*"],
                                                                     "Action": "sts:AssumeRole"]]]]),
            hardened: role, unknown: with(role, unknown: ["assumeRolePolicy"])),
        "aws-ec2-sg-ssh-open-internet": Case(
            failing: with(securityGroup, ["ingress": [ingress("tcp", 20, 25, v4: ["0.0.0.0/0"])]]),
            hardened: securityGroup, unknown: with(securityGroup, unknown: ["ingress"])),
        "aws-ec2-sg-rdp-open-internet": Case(
            failing: with(securityGroup, ["ingress": [ingress("tcp", 3389, 3389, v6: ["::/0"])]]),
            hardened: securityGroup, unknown: with(securityGroup, unknown: ["ingress"])),
        "aws-ec2-sg-all-traffic-open-internet": Case(
            failing: with(securityGroup, ["ingress": [ingress("-1", nil, nil, v4: ["0.0.0.0/0"])]]),
            hardened: securityGroup, unknown: with(securityGroup, unknown: ["ingress"])),
        "aws-ec2-volume-encrypted": Case(failing: with(volume, ["encrypted": false]), hardened: volume,
                                         unknown: with(volume, unknown: ["encrypted"])),
        "aws-ec2-instance-imdsv2": Case(
            failing: with(instance, ["metadataOptions": ["httpTokens": "optional", "httpEndpoint": "enabled"]]),
            hardened: instance, unknown: with(instance, unknown: ["metadataOptions"])),
        "aws-ec2-instance-public-admin-role": Case(
            failing: with(instance, ["iamInstanceProfileArn": .string(adminProfile.id)]), hardened: instance,
            unknown: with(instance, unknown: ["iamInstanceProfileArn"])),
        "aws-s3-bucket-public-acl": Case(
            failing: with(bucket, ["publicAccessBlock": nil,
                                   "acl": ["ownerId": "abc", "grants": [
                                       ["granteeType": "Group", "granteeId": nil, "permission": "READ",
                                        "granteeUri": "http://acs.amazonaws.com/groups/global/AllUsers"]]]]),
            hardened: bucket, unknown: with(bucket, unknown: ["acl", "publicAccessBlock"])),
        "aws-s3-bucket-public-policy": Case(
            failing: with(bucket, ["publicAccessBlock": nil,
                                   "policy": ["Statement": [["Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                             "Resource": "arn:aws:s3:::data/*"]]]]),
            hardened: bucket, unknown: with(bucket, ["publicAccessBlock": nil], unknown: ["policy"])),
        "aws-s3-bucket-public-access-block": Case(
            failing: with(bucket, ["publicAccessBlock": ["blockPublicAcls": true, "ignorePublicAcls": true,
                                                         "blockPublicPolicy": false, "restrictPublicBuckets": true]]),
            hardened: bucket, unknown: with(bucket, unknown: ["publicAccessBlock"])),
        "aws-s3-bucket-default-encryption": Case(failing: with(bucket, ["encryption": nil]), hardened: bucket,
                                                 unknown: with(bucket, unknown: ["encryption"])),
        "aws-s3-bucket-versioning": Case(failing: with(bucket, ["versioning": "Suspended"]), hardened: bucket,
                                         unknown: with(bucket, unknown: ["versioning"])),
    ]

    /// Every check's cases (a family's ids never repeat another's: the merge traps on a duplicate).
    static let cases: [String: Case] = [coreCases, iamCases, networkCases, dataCases, loggingCases, escalationCases]
        .reduce(into: [:]) { all, family in all.merge(family) { _, _ in fatalError("duplicate fixture case") } }

    /// Inventory the relations resolve against (each family adds the related resources its checks read).
    static let inventory: [String: Resource] = Dictionary(
        ([user, passwordPolicy, role, adminRole, profile, adminProfile, instance, securityGroup, volume, bucket]
            + iamInventory + networkInventory + dataInventory + loggingInventory)
            .map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
}
