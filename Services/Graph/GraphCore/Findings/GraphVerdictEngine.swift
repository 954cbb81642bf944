import PalisadeModel
import PalisadeProtocol

/// Decides the graph checks on one account's security graph: a verdict per (check, node of the check's resource
/// type). Pure: the same graph and checks always give the same verdicts, sorted by check and resource.
///
/// - `fail`: the condition holds through edges that exist (definite or conditional); the reason names the evidence
///   (ports, methods and permissions, the chain).
/// - `error`: the condition would hold only through an edge whose evidence is `unknown` (unknown is not false).
/// - `pass`: no edge, known or unknown, makes it hold.
public enum GraphVerdictEngine {
    public static func verdicts(_ graph: SecurityGraph, checks: [GraphCheck]) -> [GraphVerdict] {
        let index = GraphEdgeIndex(graph)
        var out: [GraphVerdict] = []
        for check in checks.sorted(by: { $0.id < $1.id }) {
            for node in index.nodes(kind: check.resourceType) {
                let decision: GraphDecision
                switch check.rule.rule {
                case .internetExposure: decision = ExposureRule.decide(node.id, ports: check.rule.ports, index)
                case .privilegeEscalation: decision = EscalationRule.decide(node.id, index)
                case .exposedPrivilegedWorkload: decision = PrivilegedWorkloadRule.decide(node.id, index)
                case .publicAccess: decision = PublicAccessRule.decide(node.id, index)
                }
                out.append(GraphVerdict(checkID: check.id, resourceID: node.id, status: decision.status,
                                        reason: decision.reason))
            }
        }
        return out
    }
}

/// Three-valued: the condition holds (with its evidence), cannot be decided (why), or does not hold.
enum GraphDecision: Hashable {
    case holds(String)
    case unknown(String)
    case absent

    var status: FindingStatus {
        switch self {
        case .holds: .fail
        case .unknown: .error
        case .absent: .pass
        }
    }

    var reason: String {
        switch self {
        case .holds(let r), .unknown(let r): r
        case .absent: ""
        }
    }

    /// Kleene AND of two conditions, evidence joined: any absent → absent; both hold → holds; else unknown.
    static func and(_ a: GraphDecision, _ b: GraphDecision, joiner: String) -> GraphDecision {
        switch (a, b) {
        case (.absent, _), (_, .absent): .absent
        case (.holds(let x), .holds(let y)): .holds(x + joiner + y)
        case (.unknown(let x), _), (_, .unknown(let x)): .unknown(x)
        }
    }

    /// From the edges that would make the condition hold: the usable ones decide; else the unknown ones make it
    /// undecided; else it does not hold.
    static func from(definite: [String], unknown: [String], undecided: String) -> GraphDecision {
        if !definite.isEmpty { return .holds(definite.joined(separator: "; ")) }
        if !unknown.isEmpty { return .unknown(undecided + ": " + unknown.joined(separator: "; ")) }
        return .absent
    }
}

/// Adjacency of the full graph, built once per account.
struct GraphEdgeIndex {
    private var byKind: [String: [GraphNode]] = [:]
    private var byID: [String: GraphNode] = [:]
    private var outgoing: [String: [GraphEdge]] = [:]
    private var incoming: [String: [GraphEdge]] = [:]
    private var problemsByResource: [String: [GraphProblem]] = [:]

    init(_ graph: SecurityGraph) {
        for p in graph.problems { problemsByResource[p.resource, default: []].append(p) }
        for n in graph.nodes {
            byKind[n.kind, default: []].append(n)
            byID[n.id] = n
        }
        for e in graph.edges {
            outgoing[e.src, default: []].append(e)
            incoming[e.dst, default: []].append(e)
        }
        for k in byKind.keys { byKind[k]!.sort { $0.id < $1.id } }
    }

    func nodes(kind: String) -> [GraphNode] { byKind[kind] ?? [] }
    func node(_ id: String) -> GraphNode? { byID[id] }
    func out(_ id: String, _ kind: String) -> [GraphEdge] { (outgoing[id] ?? []).filter { $0.kind == kind } }
    func into(_ id: String, _ kind: String) -> [GraphEdge] { (incoming[id] ?? []).filter { $0.kind == kind } }
    func into(_ id: String) -> [GraphEdge] { incoming[id] ?? [] }
    /// What the builders could not decide about this resource.
    func problems(_ id: String) -> [GraphProblem] { problemsByResource[id] ?? [] }

    /// How a node reads in a reason: its label, and its id when the label differs.
    func name(_ id: String) -> String {
        guard let n = byID[id], n.label != id, !n.label.isEmpty else { return id }
        return "\(n.label) (\(id))"
    }
}

extension GraphEdge {
    /// The evidence line, with the conditions the graph could not decide when there are any.
    var evidenceText: String {
        let base = evidence.isEmpty ? details.map(\.detail).joined(separator: ", ") : evidence
        guard conditional else { return base }
        return base + " [conditional: " + (conditions.isEmpty ? "undecided condition" : conditions.joined(separator: ", ")) + "]"
    }
}
