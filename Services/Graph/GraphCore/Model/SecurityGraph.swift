import PalisadeModel

/// The security graph of one account in its full form: nodes with insights, edges with their evidence.
/// What the store keeps and paths show; the search runs on `CompactGraph`.
public struct SecurityGraph: Sendable, Hashable {
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]
    /// Elements the builders skipped (malformed policy, unknown rule): what and why.
    public var problems: [GraphProblem]

    public init(nodes: [GraphNode] = [], edges: [GraphEdge] = [], problems: [GraphProblem] = []) {
        self.nodes = nodes
        self.edges = edges
        self.problems = problems
    }

    public func node(_ id: String) -> GraphNode? { nodes.first { $0.id == id } }
    public func edges(from id: String) -> [GraphEdge] { edges.filter { $0.src == id } }
    public func edges(kind: String) -> [GraphEdge] { edges.filter { $0.kind == kind } }
}

/// An element a builder could not use: the resource, the element, the reason.
public struct GraphProblem: Codable, Sendable, Hashable {
    public var resource: String
    public var element: String
    public var reason: String

    public init(resource: String, element: String, reason: String) {
        self.resource = resource
        self.element = element
        self.reason = reason
    }
}
