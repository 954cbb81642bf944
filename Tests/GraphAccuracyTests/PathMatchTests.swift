import GraphCore
import PalisadeModel
import Testing

/// The estate's matchers on hand-made paths: each way a chain can fall short is caught, and a decoy's path is
/// tolerated only when it is conditional on the decoy's own condition.
@Suite struct PathMatchTests {
    static let chain = EstateManifest.Chain(
        id: "c", family: "f", entry: .init(type: "aws.ec2.instance", name: "web"),
        target: .init(type: "aws.account", name: "123456789012"),
        edgeKinds: ["exposes", "has_role", "can_escalate"], evidence: ["sg-1", "GxSid"],
        permissions: ["iam:PassRole"])

    static func path(_ edges: [GraphEdge], conditional: Bool = false) -> AttackPath {
        let nodes = [GraphNode(id: "internet", kind: "internet", label: "Internet"),
                     GraphNode(id: "i-1", kind: "aws.ec2.instance", label: "web"),
                     GraphNode(id: "role", kind: "aws.iam.role", label: "r"),
                     GraphNode(id: "arn:aws:iam::123456789012:root", kind: "aws.account", label: "account")]
        return AttackPath(id: "p", title: "t", risk: .high, nodes: Array(nodes.prefix(edges.count + 1)), edges: edges,
                          conditional: conditional)
    }

    static let exposes = GraphEdge(src: "internet", dst: "i-1", kind: "exposes", evidence: "open",
                                   details: [EdgeEvidence(kind: "sg_rule", source: "sg-1", detail: "tcp/22")])
    static let hasRole = GraphEdge(src: "i-1", dst: "role", kind: "has_role", evidence: "profile")
    static func escalate(_ permissions: [String], sid: String = "GxSid") -> GraphEdge {
        GraphEdge(src: "role", dst: "arn:aws:iam::123456789012:root", kind: "can_escalate", evidence: "Sid \(sid)",
                  method: "m", permissions: permissions)
    }

    @Test func aFullPathProvesTheChain() {
        let p = Self.path([Self.exposes, Self.hasRole, Self.escalate(["iam:PassRole", "ec2:RunInstances"])])
        #expect(PathMatch.shortfalls(p, Self.chain).isEmpty)
    }

    @Test func eachShortfallIsNamed() {
        let outOfOrder = Self.path([Self.hasRole, Self.exposes, Self.escalate(["iam:PassRole"])])
        #expect(PathMatch.shortfalls(outOfOrder, Self.chain).contains { $0.hasPrefix("edge kinds") })
        let noSid = Self.path([Self.exposes, Self.hasRole, Self.escalate(["iam:PassRole"], sid: "Other")])
        #expect(PathMatch.shortfalls(noSid, Self.chain) == ["no edge's evidence mentions 'GxSid'"])
        let noPermission = Self.path([Self.exposes, Self.hasRole, Self.escalate(["ec2:RunInstances"])])
        #expect(PathMatch.shortfalls(noPermission, Self.chain).contains { $0.contains("iam:PassRole") })
    }

    @Test func aDecoyPathIsToleratedOnlyWhenConditionalOnItsKey() {
        var edge = Self.escalate(["iam:PassRole"])
        edge.conditional = true
        edge.conditions = ["StringEquals sts:ExternalId"]
        let conditional = Self.path([Self.exposes, Self.hasRole, edge], conditional: true)
        func decoy(_ key: String?) -> EstateManifest.Decoy {
            .init(id: "d", chain: "c", entry: Self.chain.entry, target: Self.chain.target, why: "", conditionalOn: key)
        }
        #expect(PathMatch.toleratedForDecoy(conditional, decoy("sts:ExternalId")))
        #expect(!PathMatch.toleratedForDecoy(conditional, decoy("aws:PrincipalOrgID")))
        #expect(!PathMatch.toleratedForDecoy(conditional, decoy(nil)))
        let definite = Self.path([Self.exposes, Self.hasRole, Self.escalate(["iam:PassRole"])])
        #expect(!PathMatch.toleratedForDecoy(definite, decoy("sts:ExternalId")))
    }
}
