import PalisadeModel

/// What builders write into: nodes (idempotent by id), edges (merged by src, dst, kind and method), insights,
/// and problems. An edge added twice keeps every piece of evidence; it is definite when any contribution is.
public struct GraphAccumulator: Sendable {
    public private(set) var nodes: [GraphNode] = []
    private var nodeIndex: [String: Int] = [:]
    public private(set) var edges: [GraphEdge] = []
    private var edgeIndex: [EdgeKey: Int] = [:]
    public private(set) var problems: [GraphProblem] = []

    struct EdgeKey: Hashable {
        var src: String
        var dst: String
        var kind: String
        var method: String?
    }

    public init() {}

    public func hasNode(_ id: String) -> Bool { nodeIndex[id] != nil }
    public func node(_ id: String) -> GraphNode? { nodeIndex[id].map { nodes[$0] } }

    /// Adds the node unless one with this id exists (the first kind and label win).
    public mutating func addNode(_ node: GraphNode) {
        guard nodeIndex[node.id] == nil else { return }
        nodeIndex[node.id] = nodes.count
        nodes.append(node)
    }

    public mutating func addInsight(_ nodeID: String, _ insight: NodeInsight) {
        guard let i = nodeIndex[nodeID], !nodes[i].insights.contains(insight) else { return }
        nodes[i].insights.append(insight)
    }

    /// Adds or merges an edge. Both ends must be nodes already; an edge to a node nobody added is a builder
    /// bug and is recorded as a problem rather than kept dangling.
    public mutating func addEdge(_ edge: GraphEdge) {
        guard nodeIndex[edge.src] != nil, nodeIndex[edge.dst] != nil else {
            problems.append(GraphProblem(resource: edge.src, element: "\(edge.kind) → \(edge.dst)",
                                         reason: "edge end is not a node of the graph"))
            return
        }
        let key = EdgeKey(src: edge.src, dst: edge.dst, kind: edge.kind, method: edge.method)
        guard let i = edgeIndex[key] else {
            edgeIndex[key] = edges.count
            edges.append(edge)
            return
        }
        var e = edges[i]
        for d in edge.details where !e.details.contains(d) { e.details.append(d) }
        for p in edge.ports where !e.ports.contains(p) { e.ports.append(p) }
        for p in edge.permissions where !e.permissions.contains(p) { e.permissions.append(p) }
        switch (e.conditional, edge.conditional) {
        case (true, false):
            e.conditional = false
            e.conditions = []
            e.evidence = edge.evidence
        case (true, true):
            for c in edge.conditions where !e.conditions.contains(c) { e.conditions.append(c) }
        default: break
        }
        if e.unknown == nil || edge.unknown == nil { e.unknown = nil }
        edges[i] = e
    }

    public mutating func problem(_ resource: String, _ element: String, _ reason: String) {
        problems.append(GraphProblem(resource: resource, element: element, reason: reason))
    }

    public func graph() -> SecurityGraph {
        SecurityGraph(nodes: nodes, edges: edges, problems: problems)
    }
}
