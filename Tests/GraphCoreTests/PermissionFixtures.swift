import Foundation
import PalisadeModel

/// A small account for the permission and trust edges: users, roles, a bucket, a key, a secret.
enum PermEstate {
    static let account = "123456789012"
    static let other = "999999999999"
    static let region = "eu-west-1"

    static func arn(_ kind: String, _ name: String) -> String { "arn:aws:iam::\(account):\(kind)/\(name)" }

    static func doc(_ statements: [JSONValue]) -> JSONValue {
        ["Version": "2012-10-17", "Statement": .array(statements)]
    }

    static func stmt(_ effect: String = "Allow", _ action: JSONValue, _ resource: JSONValue = "*", sid: String? = nil,
                     principal: JSONValue? = nil, condition: JSONValue? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["Effect": .string(effect), "Action": action]
        if principal == nil || resource != "*" { o["Resource"] = resource }
        if let sid { o["Sid"] = .string(sid) }
        if let principal { o["Principal"] = principal }
        if let condition { o["Condition"] = condition }
        return .object(o)
    }

    static func user(_ name: String, inline: JSONValue? = nil, attached: [JSONValue] = [],
                     boundary: String? = nil) -> Resource {
        Resource(id: arn("user", name), account: account, region: "global", type: "aws.iam.user", name: name,
                 properties: ["userName": .string(name), "arn": .string(arn("user", name)),
                              "attachedPolicies": .array(attached),
                              "inlinePolicies": inline.map { [["policyName": "inline", "document": $0]] } ?? [],
                              "groups": [],
                              "permissionsBoundary": boundary.map { ["type": "Policy", "arn": .string($0)] } ?? .null])
    }

    static func role(_ name: String, trust: JSONValue, inline: JSONValue? = nil) -> Resource {
        Resource(id: arn("role", name), account: account, region: "global", type: "aws.iam.role", name: name,
                 properties: ["roleName": .string(name), "arn": .string(arn("role", name)), "assumeRolePolicy": trust,
                              "attachedPolicies": [],
                              "inlinePolicies": inline.map { [["policyName": "inline", "document": $0]] } ?? [],
                              "permissionsBoundary": .null])
    }

    static func managedPolicy(_ name: String, _ document: JSONValue) -> Resource {
        Resource(id: arn("policy", name), account: account, region: "global", type: "aws.iam.policy", name: name,
                 properties: ["policyName": .string(name), "arn": .string(arn("policy", name)), "awsManaged": false,
                              "attachmentCount": 1, "document": document])
    }

    static func attachment(_ name: String) -> JSONValue {
        ["policyName": .string(name), "policyArn": .string(arn("policy", name))]
    }

    static func bucket(_ name: String, policy: JSONValue = .null, restrictPublic: Bool = false,
                       acl: [JSONValue] = []) -> Resource {
        Resource(id: "arn:aws:s3:::\(name)", account: account, region: region, type: "aws.s3.bucket", name: name,
                 properties: ["name": .string(name), "policy": policy,
                              "acl": ["ownerId": "o", "grants": .array(acl)],
                              "publicAccessBlock": restrictPublic
                                  ? ["blockPublicAcls": true, "ignorePublicAcls": true, "blockPublicPolicy": true,
                                     "restrictPublicBuckets": true] : .null])
    }

    static let keyARN = "arn:aws:kms:\(region):\(account):key/k-1"
    static func key(policy: JSONValue) -> Resource {
        Resource(id: keyARN, account: account, region: region, type: "aws.kms.key", name: "k-1",
                 properties: ["keyId": "k-1", "keyManager": "CUSTOMER", "policy": policy])
    }

    static let secretARN = "arn:aws:secretsmanager:\(region):\(account):secret:db-AbCdEf"
    static func secret(policy: JSONValue = .null) -> Resource {
        Resource(id: secretARN, account: account, region: region, type: "aws.secretsmanager.secret", name: "db",
                 properties: ["name": "db", "policy": policy])
    }
}
