/// A node of the security graph: a resource, or a synthetic node such as `internet`.
public struct GraphNode: Codable, Sendable, Hashable {
    public var id: String
    public var kind: String
    public var label: String

    public init(id: String, kind: String, label: String) {
        self.id = id
        self.kind = kind
        self.label = label
    }
}

/// A directed, labelled relation: `exposes`, `has_role`, `can_read`, `can_write`, ...
public struct GraphEdge: Codable, Sendable, Hashable {
    public var src: String
    public var dst: String
    public var kind: String
    /// Why the edge exists, in words (the open rule, the policy statement).
    public var evidence: String

    public init(src: String, dst: String, kind: String, evidence: String) {
        self.src = src
        self.dst = dst
        self.kind = kind
        self.evidence = evidence
    }
}

/// An entry point to a target through the graph, ranked by risk.
public struct AttackPath: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var risk: Severity
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]

    public init(id: String, title: String, risk: Severity, nodes: [GraphNode], edges: [GraphEdge]) {
        self.id = id
        self.title = title
        self.risk = risk
        self.nodes = nodes
        self.edges = edges
    }
}
