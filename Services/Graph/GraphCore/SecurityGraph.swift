import PalisadeModel

/// The security graph of one account: resource nodes, the synthetic `internet` node, and the
/// relations derived from configuration (`exposes`, `has_role`, `can_read`, `can_write`, `admin`).
public struct SecurityGraph: Sendable, Hashable {
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]

    public init(nodes: [GraphNode] = [], edges: [GraphEdge] = []) {
        self.nodes = nodes
        self.edges = edges
    }

    public func node(_ id: String) -> GraphNode? { nodes.first { $0.id == id } }
    public func edges(from id: String) -> [GraphEdge] { edges.filter { $0.src == id } }
}

/// Node and edge vocabulary.
public enum GraphVocabulary {
    public static let internetID = "internet"
    public static let internetKind = "internet"
    public static let accountKind = "aws.account"

    public static let exposes = "exposes"
    public static let hasRole = "has_role"
    public static let canRead = "can_read"
    public static let canWrite = "can_write"
    public static let admin = "admin"

    public static func accountNodeID(_ account: String) -> String { "arn:aws:iam::\(account):root" }
}
