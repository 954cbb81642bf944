import PalisadeModel

/// Builds the security graph of one account from its inventory (shapes per docs/resources/aws.md, model per
/// docs/graph.md). Pure: the same resources (and failing findings) always give the same graph, in a stable order.
///
/// Order matters only for readability: nodes first (every resource, synthetic nodes), then each family of edges,
/// then insights that depend on edges (admin, internet-exposed).
public enum GraphBuilder {
    public static func build(account: String, resources: [Resource], findings: [Finding] = []) -> SecurityGraph {
        let index = ResourceIndex(account: account, resources: resources)
        var g = GraphAccumulator()
        g.addNode(GraphNode(id: GraphVocabulary.internetID, kind: GraphVocabulary.internetKind, label: "Internet"))
        g.addNode(GraphNode(id: GraphVocabulary.accountNodeID(account), kind: GraphVocabulary.accountKind,
                            label: "account \(account)", account: account, region: "global"))
        for r in index.all {
            g.addNode(GraphNode(id: r.id, kind: r.type, label: r.name.isEmpty ? r.id : r.name, account: r.account,
                                region: r.region))
        }
        NodeInsights.resourceInsights(index, into: &g)
        NetworkBuilder.build(index, into: &g)
        PermissionBuilder.build(index, into: &g)
        MovementBuilder.build(index, into: &g)
        EscalationBuilder.build(index, into: &g)
        NodeInsights.findingInsights(findings, into: &g)
        return g.graph()
    }
}
