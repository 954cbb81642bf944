import Foundation
import PalisadeModel

/// An account shaped per docs/resources/aws.md: web-1 (public IP, SSH open to the world) carries the
/// role app-role through instance profile app-profile; app-role can write app-data (classified confidential)
/// and read logs.
enum Estate {
    static let account = "123456789012"
    static let region = "eu-west-1"

    static func instance(
        id: String = "i-0web1", name: String = "web-1", state: String = "running",
        publicIp: String? = "54.1.2.3", groups: [String] = ["sg-open"],
        profile: String? = "arn:aws:iam::123456789012:instance-profile/app-profile"
    ) -> Resource {
        Resource(
            id: "arn:aws:ec2:\(region):\(account):instance/\(id)", account: account, region: region,
            type: "aws.ec2.instance", name: name,
            properties: [
                "instanceId": .string(id), "state": .string(state), "instanceType": "t3.micro",
                "publicIpAddress": publicIp.map(JSONValue.string) ?? .null, "privateIpAddress": "10.0.1.5",
                "securityGroupIds": .array(groups.map(JSONValue.string)),
                "iamInstanceProfileArn": profile.map(JSONValue.string) ?? .null,
                "vpcId": "vpc-1", "subnetId": "subnet-1",
            ])
    }

    static func securityGroup(id: String, cidr: String, port: Int = 22) -> Resource {
        Resource(
            id: "arn:aws:ec2:\(region):\(account):security-group/\(id)", account: account, region: region,
            type: "aws.ec2.security_group", name: id == "sg-open" ? "ssh-open" : "internal",
            properties: [
                "groupId": .string(id), "groupName": .string(id), "vpcId": "vpc-1", "description": "",
                "ingress": [[
                    "ipProtocol": "tcp", "fromPort": .number(Double(port)), "toPort": .number(Double(port)),
                    "ipv4Ranges": [.string(cidr)], "ipv6Ranges": [], "sourceGroupIds": [],
                ]],
                "egress": [],
            ])
    }

    static let profile = Resource(
        id: "arn:aws:iam::123456789012:instance-profile/app-profile", account: account, region: "global",
        type: "aws.iam.instance_profile", name: "app-profile",
        properties: ["instanceProfileName": "app-profile", "arn": "arn:aws:iam::123456789012:instance-profile/app-profile",
                     "roleArns": ["arn:aws:iam::123456789012:role/app-role"]])

    static func role(name: String = "app-role", inline: JSONValue, attached: [JSONValue] = []) -> Resource {
        Resource(
            id: "arn:aws:iam::123456789012:role/\(name)", account: account, region: "global", type: "aws.iam.role",
            name: name,
            properties: [
                "roleName": .string(name), "arn": .string("arn:aws:iam::123456789012:role/\(name)"), "path": "/",
                "assumeRolePolicy": ["Version": "2012-10-17", "Statement": [[
                    "Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"], "Action": "sts:AssumeRole"]]],
                "attachedPolicies": .array(attached),
                "inlinePolicies": [["policyName": "app", "document": inline]],
                "instanceProfileArns": ["arn:aws:iam::123456789012:instance-profile/app-profile"],
            ])
    }

    static let writeAppData: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::app-data/*"],
    ]]
    static let readLogsOnly: JSONValue = ["Version": "2012-10-17", "Statement": [
        ["Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::logs"],
    ]]
    static let adminAttached: JSONValue = [
        "policyName": "AdministratorAccess", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        "document": ["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]],
    ]

    static func bucket(_ name: String) -> Resource {
        Resource(id: "arn:aws:s3:::\(name)", account: account, region: region, type: "aws.s3.bucket", name: name,
                 tags: name == "app-data" ? ["data-classification": "confidential"] : [:],
                 properties: ["name": .string(name), "policy": .null, "versioning": "Disabled"])
    }

    /// The vulnerable estate, with overrides.
    static func resources(
        instance: Resource = instance(), sgCidr: String = "0.0.0.0/0", roleInline: JSONValue = writeAppData,
        roleAttached: [JSONValue] = []
    ) -> [Resource] {
        [instance, securityGroup(id: "sg-open", cidr: sgCidr), profile,
         role(inline: roleInline, attached: roleAttached), bucket("app-data"), bucket("other-data")] + publicNetwork()
    }
}
