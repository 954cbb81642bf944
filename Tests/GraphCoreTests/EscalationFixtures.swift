import Foundation
import PalisadeModel

/// A small account for the movement and escalation builders, shaped per docs/resources/aws/iam.md, ec2.md,
/// logging-compute.md and platform.md (with the connector's `accessKeyIds` next to the secret patterns).
enum Esc {
    static let account = "210987654321"
    static let region = "us-east-1"
    static let accountNode = "arn:aws:iam::210987654321:root"

    static func arn(_ kind: String, _ name: String) -> String { "arn:aws:iam::\(account):\(kind)/\(name)" }

    static func doc(_ statements: [JSONValue]) -> JSONValue { ["Version": "2012-10-17", "Statement": .array(statements)] }
    static func allow(_ actions: [String], _ resources: [String] = ["*"], condition: JSONValue? = nil, sid: String? = nil) -> JSONValue {
        var s: [String: JSONValue] = ["Effect": "Allow", "Action": .array(actions.map(JSONValue.string)),
                                      "Resource": .array(resources.map(JSONValue.string))]
        if let condition { s["Condition"] = condition }
        if let sid { s["Sid"] = .string(sid) }
        return .object(s)
    }
    static func deny(_ actions: [String], _ resources: [String] = ["*"]) -> JSONValue {
        ["Effect": "Deny", "Action": .array(actions.map(JSONValue.string)), "Resource": .array(resources.map(JSONValue.string))]
    }
    static let adminDoc = doc([["Effect": "Allow", "Action": "*", "Resource": "*"]])

    static func inline(_ name: String, _ document: JSONValue) -> JSONValue { ["policyName": .string(name), "document": document] }
    static func attached(_ name: String, _ document: JSONValue? = nil, aws: Bool = false) -> JSONValue {
        let policyArn = aws ? "arn:aws:iam::aws:policy/\(name)" : arn("policy", name)
        return ["policyName": .string(name), "policyArn": .string(policyArn), "document": document ?? .null]
    }

    static func key(_ id: String, active: Bool = true) -> JSONValue {
        ["accessKeyId": .string(id), "status": active ? "Active" : "Inactive", "createDate": "2025-01-01T00:00:00Z"]
    }

    static func user(_ name: String, inline: [JSONValue] = [], attached: [JSONValue] = [], groups: [String] = [],
                     keys: [JSONValue] = [], loginProfile: JSONValue? = .null) -> Resource {
        var p: [String: JSONValue] = [
            "userName": .string(name), "arn": .string(arn("user", name)), "path": "/",
            "inlinePolicies": .array(inline), "attachedPolicies": .array(attached),
            "groups": .array(groups.map(JSONValue.string)), "accessKeys": .array(keys),
        ]
        if let loginProfile { p["loginProfile"] = loginProfile }
        return Resource(id: arn("user", name), account: account, region: "global", type: "aws.iam.user", name: name,
                        properties: .object(p))
    }

    static func trust(service: String) -> JSONValue {
        doc([["Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole"]])
    }
    static func trust(aws: String) -> JSONValue {
        doc([["Effect": "Allow", "Principal": ["AWS": .string(aws)], "Action": "sts:AssumeRole"]])
    }

    static func role(_ name: String, inline: [JSONValue] = [], attached: [JSONValue] = [],
                     trust: JSONValue? = Esc.trust(service: "ec2.amazonaws.com")) -> Resource {
        var p: [String: JSONValue] = [
            "roleName": .string(name), "arn": .string(arn("role", name)), "path": "/",
            "inlinePolicies": .array(inline), "attachedPolicies": .array(attached),
        ]
        if let trust { p["assumeRolePolicy"] = trust }
        return Resource(id: arn("role", name), account: account, region: "global", type: "aws.iam.role", name: name,
                        properties: .object(p))
    }

    static func group(_ name: String, inline: [JSONValue] = [], attached: [JSONValue] = []) -> Resource {
        Resource(id: arn("group", name), account: account, region: "global", type: "aws.iam.group", name: name,
                 properties: ["groupName": .string(name), "arn": .string(arn("group", name)),
                              "inlinePolicies": .array(inline), "attachedPolicies": .array(attached)])
    }

    static func managedPolicy(_ name: String, _ document: JSONValue) -> Resource {
        Resource(id: arn("policy", name), account: account, region: "global", type: "aws.iam.policy", name: name,
                 properties: ["policyName": .string(name), "arn": .string(arn("policy", name)), "awsManaged": false,
                              "document": document])
    }

    static func profile(_ name: String, role: String) -> Resource {
        Resource(id: arn("instance-profile", name), account: account, region: "global", type: "aws.iam.instance_profile",
                 name: name, properties: ["instanceProfileName": .string(name), "arn": .string(arn("instance-profile", name)),
                                          "roleArns": [.string(arn("role", role))]])
    }

    static func userData(keys: [String]) -> JSONValue {
        ["present": true, "sha256": "ab12", "secretPatterns": keys.isEmpty ? [] : ["aws-access-key-id"],
         "accessKeyIds": .array(keys.map(JSONValue.string))]
    }

    static func instance(_ id: String, profile: String? = nil, keys: [String] = [], state: String = "running") -> Resource {
        Resource(id: "arn:aws:ec2:\(region):\(account):instance/\(id)", account: account, region: region,
                 type: "aws.ec2.instance", name: id,
                 properties: ["instanceId": .string(id), "state": .string(state),
                              "iamInstanceProfileArn": profile.map { .string(arn("instance-profile", $0)) } ?? .null,
                              "userData": userData(keys: keys)])
    }

    static func launchTemplate(_ id: String, profile: String?, keys: [String] = []) -> Resource {
        Resource(id: "arn:aws:ec2:\(region):\(account):launch-template/\(id)", account: account, region: region,
                 type: "aws.ec2.launch_template", name: id,
                 properties: ["launchTemplateId": .string(id),
                              "iamInstanceProfile": profile.map { ["arn": .string(arn("instance-profile", $0)), "name": .string($0)] } ?? .null,
                              "userData": userData(keys: keys)])
    }

    static func function(_ name: String, role: String, keys: [String]? = nil) -> Resource {
        var env: JSONValue = .null
        if let keys {
            env = ["variableNames": ["AWS_ACCESS_KEY_ID"], "secretFindings": [["name": "AWS_ACCESS_KEY_ID", "patterns": ["aws-access-key-id"]]],
                   "sha256": "cd34", "accessKeyIds": .array(keys.map(JSONValue.string))]
        }
        return Resource(id: "arn:aws:lambda:\(region):\(account):function:\(name)", account: account, region: region,
                        type: "aws.lambda.function", name: name,
                        properties: ["functionName": .string(name), "role": .string(arn("role", role)), "environment": env])
    }

    static func taskDefinition(_ family: String, taskRole: String?, executionRole: String?, keys: [String] = []) -> Resource {
        Resource(id: "arn:aws:ecs:\(region):\(account):task-definition/\(family):1", account: account, region: region,
                 type: "aws.ecs.task_definition", name: "\(family):1",
                 properties: ["family": .string(family), "revision": 1,
                              "taskRoleArn": taskRole.map { .string(arn("role", $0)) } ?? .null,
                              "executionRoleArn": executionRole.map { .string(arn("role", $0)) } ?? .null,
                              "containers": [["name": "app", "image": "app:1", "environmentNames": ["KEY"],
                                              "environmentSecretFindings": [], "environmentAccessKeyIds": .array(keys.map(JSONValue.string))]]])
    }
}
