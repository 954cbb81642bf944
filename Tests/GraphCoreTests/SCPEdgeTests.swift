import GraphCore
import PalisadeModel
import Testing

/// Service control policies from the organization's inventory limit every principal of a member account: the
/// levels from the root down to the account each must allow; the management account is not limited.
@Suite struct SCPEdgeTests {
    typealias E = PermEstate

    func scp(_ name: String, _ document: JSONValue, targets: [String]) -> Resource {
        Resource(id: "arn:aws:organizations::111111111111:policy/o-1/service_control_policy/p-\(name)",
                 account: E.account, region: "global", type: "aws.organizations.policy", name: name,
                 properties: ["name": .string(name), "type": "SERVICE_CONTROL_POLICY", "document": document,
                              "targets": .array(targets.map { ["targetId": .string($0), "type": "ORGANIZATIONAL_UNIT"] })])
    }

    func member(management: Bool = false, parents: JSONValue = ["ou-prod", "r-root"]) -> Resource {
        Resource(id: "arn:aws:organizations::111111111111:account/o-1/\(E.account)", account: E.account,
                 region: "global", type: "aws.organizations.account", name: "prod",
                 properties: ["accountId": .string(E.account), "isManagementAccount": .bool(management),
                              "parentIds": parents])
    }

    var readAll: JSONValue { E.doc([E.stmt("Allow", "s3:GetObject", "*")]) }
    var fullAccess: JSONValue { E.doc([E.stmt("Allow", "*")]) }
    var denyS3: JSONValue { E.doc([E.stmt("Allow", "*"), E.stmt("Deny", "s3:*", sid: "NoS3")]) }
    var onlyEC2: JSONValue { E.doc([E.stmt("Allow", "ec2:*")]) }

    func canRead(_ extra: [Resource]) -> Bool {
        let g = buildPerm([E.user("alice", inline: readAll), E.bucket("pii-data")] + extra)
        return g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::pii-data", "can_read") != nil
    }

    @Test func everyLevelMustAllowAndADenyAnywhereWins() {
        #expect(canRead([]), "no organization collected: identity policy alone decides")
        #expect(canRead([member(), scp("full", fullAccess, targets: ["r-root", "ou-prod", E.account])]))
        #expect(!canRead([member(), scp("full", fullAccess, targets: ["r-root", E.account]), scp("ec2", onlyEC2, targets: ["ou-prod"])]),
                "the OU level allows only EC2")
        #expect(!canRead([member(), scp("full", fullAccess, targets: ["r-root", "ou-prod"]), scp("no-s3", denyS3, targets: [E.account])]))
    }

    @Test func managementAccountIsNotLimitedAndUnknownParentsAreAProblem() {
        #expect(canRead([member(management: true), scp("ec2", onlyEC2, targets: ["r-root"])]))
        var m = member()
        m.properties = ["accountId": .string(E.account), "isManagementAccount": false]
        m.unknown = ["parentIds": "AccessDenied: organizations:ListParents"]
        let g = buildPerm([E.user("alice", inline: readAll), E.bucket("pii-data"), m, scp("ec2", onlyEC2, targets: ["r-root"])])
        #expect(g.problems.contains { $0.element == "parentIds" })
        #expect(g.permEdge(E.arn("user", "alice"), "arn:aws:s3:::pii-data", "can_read") != nil,
                "unknown placement: SCPs not applied, the graph over-approximates and says so")
    }
}
