import Foundation
import GraphCore
import PalisadeModel

/// A realistic account for the templates, built by `GraphBuilder` from inventory shaped like the connector's:
/// web-1 (public IP, SSH open to the world, a failing high-severity check) runs as app-role, which writes the
/// confidential app-data bucket (encrypted with the customer-managed key k-1), reads payment-archive (sensitive by
/// name, no customer-managed key), reads the db secret and may decrypt with k-1; web-1 reaches batch-1 on 8080;
/// customer-exports is public; partner-role trusts account 999999999999 with an ExternalId; ops-admin
/// (administrator, console password, no MFA) has an active key whose id sits in report-fn's environment; dev may
/// create versions of its own customer-managed policy.
enum ExplorerEstate {
    static let account = Estate.account
    static func arn(_ s: String) -> String { "arn:aws:iam::\(account):\(s)" }
    static let leakedKey = "AKIAOPSADMIN00000001"

    static let appPolicy = PermEstate.doc([
        PermEstate.stmt("Allow", ["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::app-data/*", sid: "AppData"),
        PermEstate.stmt("Allow", "s3:GetObject", "arn:aws:s3:::payment-archive/*", sid: "Archive"),
        PermEstate.stmt("Allow", "secretsmanager:GetSecretValue", .string(PermEstate.secretARN), sid: "DbSecret"),
        PermEstate.stmt("Allow", "kms:Decrypt", .string(PermEstate.keyARN), sid: "Key"),
    ])

    static func bucket(_ name: String, tags: [String: String] = [:], kmsKey: String? = nil,
                       policy: JSONValue = .null) -> Resource {
        Resource(id: "arn:aws:s3:::\(name)", account: account, region: Estate.region, type: "aws.s3.bucket", name: name,
                 tags: tags,
                 properties: ["name": .string(name), "policy": policy, "versioning": "Enabled",
                              "acl": ["ownerId": "o", "grants": []], "publicAccessBlock": .null,
                              "encryption": kmsKey.map { ["sseAlgorithm": "aws:kms", "kmsKeyId": .string($0)] } ?? .null])
    }

    static func user(_ name: String, attached: [JSONValue], keys: [String] = [], console: Bool = false) -> Resource {
        var p: [String: JSONValue] = [
            "userName": .string(name), "arn": .string(arn("user/\(name)")), "path": "/",
            "attachedPolicies": .array(attached), "inlinePolicies": [], "groups": [],
            "accessKeys": .array(keys.map { ["accessKeyId": .string($0), "status": "Active", "createDate": "2025-01-01T00:00:00Z"] }),
            "permissionsBoundary": .null,
        ]
        if console {
            p["passwordEnabled"] = true
            p["mfaDevices"] = []
            p["loginProfile"] = ["createDate": "2025-01-01T00:00:00Z"]
        }
        return Resource(id: arn("user/\(name)"), account: account, region: "global", type: "aws.iam.user", name: name,
                        properties: .object(p))
    }

    static func resources(appRoleAttached: [JSONValue] = []) -> [Resource] {
        let partnerTrust = PermEstate.doc([PermEstate.stmt(
            "Allow", "sts:AssumeRole", principal: ["AWS": "arn:aws:iam::999999999999:root"],
            condition: ["StringEquals": ["sts:ExternalId": "partner-7"]])])
        let lambdaTrust = PermEstate.doc([PermEstate.stmt("Allow", "sts:AssumeRole", principal: ["Service": "lambda.amazonaws.com"])])
        let publicRead = PermEstate.doc([PermEstate.stmt("Allow", "s3:GetObject", "arn:aws:s3:::customer-exports/*",
                                                         sid: "Public", principal: "*")])
        let devPolicy = PermEstate.doc([PermEstate.stmt("Allow", ["iam:CreatePolicyVersion", "iam:GetPolicy"],
                                                        .string(arn("policy/dev-policy")), sid: "SelfService")])
        let keyPolicy = PermEstate.doc([PermEstate.stmt("Allow", "kms:*", "*", sid: "EnableIAM",
                                                        principal: ["AWS": .string(arn("root"))])])
        return Estate.publicNetwork() + [
            Estate.instance(),
            Estate.securityGroup(id: "sg-open", cidr: "0.0.0.0/0"),
            Estate.instance(id: "i-0batch1", name: "batch-1", publicIp: nil, groups: ["sg-internal"], profile: nil),
            Estate.securityGroup(id: "sg-internal", cidr: "10.0.0.0/16", port: 8080),
            Estate.profile,
            Estate.role(inline: appPolicy, attached: appRoleAttached),
            bucket("app-data", tags: ["data-classification": "confidential"], kmsKey: PermEstate.keyARN),
            bucket("payment-archive"),
            bucket("customer-exports", policy: publicRead),
            bucket("logs", tags: ["data-classification": "public"]),
            PermEstate.key(policy: keyPolicy),
            PermEstate.secret(),
            PermEstate.role("partner-role", trust: partnerTrust,
                            inline: PermEstate.doc([PermEstate.stmt("Allow", "s3:ListBucket", "arn:aws:s3:::logs")])),
            PermEstate.role("report-role", trust: lambdaTrust,
                            inline: PermEstate.doc([PermEstate.stmt("Allow", "s3:ListBucket", "arn:aws:s3:::logs")])),
            Resource(id: "arn:aws:lambda:\(Estate.region):\(account):function:report-fn", account: account,
                     region: Estate.region, type: "aws.lambda.function", name: "report-fn",
                     properties: ["functionName": "report-fn", "role": .string(arn("role/report-role")),
                                  "environment": ["variableNames": ["AWS_ACCESS_KEY_ID"],
                                                  "secretFindings": [["name": "AWS_ACCESS_KEY_ID", "patterns": ["aws-access-key-id"]]],
                                                  "sha256": "cd34", "accessKeyIds": [.string(leakedKey)]]]),
            user("ops-admin", attached: [Estate.adminAttached], keys: [leakedKey], console: true),
            PermEstate.managedPolicy("dev-policy", devPolicy),
            user("dev", attached: [PermEstate.attachment("dev-policy")]),
        ]
    }

    static let web1 = "arn:aws:ec2:\(Estate.region):\(account):instance/i-0web1"

    static let findings = [Finding(
        id: "aws/\(account)/\(Estate.region)/aws-ec2-sg-ssh-open-internet/\(web1)", checkID: "aws-ec2-sg-ssh-open-internet",
        title: "SSH open to the internet", severity: .high, controlID: "NS-1", resourceID: web1,
        resourceType: "aws.ec2.instance", provider: "aws", account: account, region: Estate.region, status: .fail,
        reason: "tcp/22 from 0.0.0.0/0", remediation: "", firstSeen: Date(timeIntervalSince1970: 0),
        lastSeen: Date(timeIntervalSince1970: 0), scanID: "scan-1", version: 1, lifecycle: .new)]

    static func graph(appRoleAttached: [JSONValue] = []) -> SecurityGraph {
        GraphBuilder.build(account: account, resources: resources(appRoleAttached: appRoleAttached), findings: findings)
    }

    static let explorer = Explorer(graph: ExplorerGraph(graph()))
}
