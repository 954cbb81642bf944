import GraphCore
import PalisadeModel

/// Small hand-drawn graphs for the search, risk, choke-point and fix-plan tests: `node("web", .instance)`,
/// `edge("internet", "web", "exposes", fix: "sg-rule:sg-1")`.
struct Drawn {
    var nodes: [GraphNode] = [GraphNode(id: "internet", kind: "internet", label: "Internet"),
                              GraphNode(id: "account", kind: "aws.account", label: "account 1")]
    var edges: [GraphEdge] = []

    mutating func node(_ id: String, _ kind: String = "aws.ec2.instance", insights: [String] = []) {
        nodes.append(GraphNode(id: id, kind: kind, label: id, account: "1", region: "r",
                               insights: insights.map { NodeInsight(kind: $0, detail: "test") }))
    }

    /// `fixes`: one evidence element per fix (the edge goes only when all are fixed); `nil` = an element with no fix.
    /// `chains`: the elements of each chain (all of a chain create the edge together; any one fixed breaks it).
    mutating func edge(_ src: String, _ dst: String, _ kind: String, fixes: [String?] = [], chains: [[String]] = [],
                       conditional: Bool = false, unknown: String? = nil) {
        var details = fixes.enumerated().map { i, f in
            EdgeEvidence(kind: "sg_rule", source: "\(src)-\(dst)-\(i)", detail: "\(kind) \(i)", fix: f, checks: ["check-\(kind)"])
        }
        for (c, chain) in chains.enumerated() {
            details += chain.map { EdgeEvidence(kind: "route", source: "\(src)-\(dst)", detail: $0, fix: $0, chain: c) }
        }
        edges.append(GraphEdge(src: src, dst: dst, kind: kind, evidence: "\(src) \(kind) \(dst)", details: details,
                               conditional: conditional, conditions: conditional ? ["StringEquals sts:ExternalId = [x]"] : [],
                               unknown: unknown))
    }

    var graph: SecurityGraph { SecurityGraph(nodes: nodes, edges: edges) }
    func paths() -> [AttackPath] { AttackPathFinder(graph: graph).find().paths }
}
