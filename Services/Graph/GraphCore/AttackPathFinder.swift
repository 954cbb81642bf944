import PalisadeModel

/// Finds attack paths: from `internet` along exposure and identity edges to a target — a bucket the
/// attacker can read or write, or the account via an admin principal. Depth-bounded DFS over simple
/// paths, so cycles cannot loop and the work is bounded.
public enum AttackPathFinder {
    /// Edges an attacker can move along (a path may end on a target edge only).
    static let movement: Set<String> = [GraphVocabulary.exposes, GraphVocabulary.hasRole]
    static let targets: Set<String> = [GraphVocabulary.canRead, GraphVocabulary.canWrite, GraphVocabulary.admin]

    public static func find(in graph: SecurityGraph, maxDepth: Int = 6) -> [AttackPath] {
        var outgoing: [String: [GraphEdge]] = [:]
        for e in graph.edges { outgoing[e.src, default: []].append(e) }
        let nodes = Dictionary(graph.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var found: [AttackPath] = []

        func walk(_ at: String, _ trail: [GraphEdge], _ visited: Set<String>) {
            guard trail.count < maxDepth else { return }
            for edge in outgoing[at] ?? [] where !visited.contains(edge.dst) {
                let next = trail + [edge]
                if targets.contains(edge.kind) {
                    if let path = makePath(next, nodes) { found.append(path) }
                } else if movement.contains(edge.kind) {
                    walk(edge.dst, next, visited.union([edge.dst]))
                }
            }
        }
        walk(GraphVocabulary.internetID, [], [GraphVocabulary.internetID])
        return rank(found)
    }

    /// Critical before high, then by title, so output is stable.
    public static func rank(_ paths: [AttackPath]) -> [AttackPath] {
        paths.sorted { ($0.risk.rank, $1.title) > ($1.risk.rank, $0.title) }
    }

    static func makePath(_ edges: [GraphEdge], _ nodes: [String: GraphNode]) -> AttackPath? {
        let ids = [GraphVocabulary.internetID] + edges.map(\.dst)
        let pathNodes = ids.compactMap { nodes[$0] }
        guard pathNodes.count == ids.count, let last = edges.last, pathNodes.count >= 2 else { return nil }
        let entry = pathNodes[1]
        let target = pathNodes[pathNodes.count - 1]
        let via = pathNodes.dropFirst(2).dropLast().filter { $0.kind == "aws.iam.role" || $0.kind == "aws.iam.user" }
        let risk: Severity = last.kind == GraphVocabulary.canRead ? .high : .critical
        let verb: String
        switch last.kind {
        case GraphVocabulary.canWrite: verb = "can write S3 bucket \(target.label)"
        case GraphVocabulary.canRead: verb = "can read S3 bucket \(target.label)"
        default: verb = "can administer \(target.label)"
        }
        var title = "Internet-exposed \(describe(entry)) \(verb)"
        if !via.isEmpty { title += " via role " + via.map(\.label).joined(separator: ", ") }
        let key = ids.joined(separator: "\u{1F}") + "\u{1E}" + edges.map(\.kind).joined(separator: ",")
        return AttackPath(id: "path-" + stableHash(key), title: title, risk: risk, nodes: pathNodes, edges: edges)
    }

    static func describe(_ node: GraphNode) -> String {
        switch node.kind {
        case "aws.ec2.instance": return "EC2 instance \(node.label)"
        default: return "\(node.kind) \(node.label)"
        }
    }

    /// FNV-1a 64-bit over the UTF-8 bytes, as 16 hex digits: stable across runs and platforms.
    static func stableHash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
