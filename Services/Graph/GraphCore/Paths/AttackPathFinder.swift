import PalisadeModel

/// Finds attack paths in one account's graph: every entry point (internet-exposed resource, resource anyone may
/// use, holder of a leaked key, role that trusts any principal) searched once with `PathSearch`, one path per
/// (entry, target) — the most dangerous one — ranked by risk (docs/graph.md § Attack paths).
public struct AttackPathFinder {
    public let graph: SecurityGraph
    public let compact: CompactGraph
    public let nodeIndex: [String: Int32]
    public let isTarget: [Bool]
    public let entries: [Entry]
    let findingIndex: [String: String]

    /// Where an attacker starts: the search source and the edge that exposes it (nil for a leaked-key holder).
    public struct Entry: Sendable, Hashable {
        public var source: Int32
        public var prefixEdge: Int?
        public var kind: String
    }

    public init(graph: SecurityGraph, findings: [Finding] = []) {
        self.graph = graph
        var index: [String: Int32] = [:]
        index.reserveCapacity(graph.nodes.count)
        for (i, n) in graph.nodes.enumerated() { index[n.id] = Int32(i) }
        nodeIndex = index
        var list = CompactGraph.EdgeList()
        list.reserve(graph.edges.count)
        for e in graph.edges {
            // An edge whose existence is unknown is kept for the explorer but not walked: it may not exist.
            let code = e.unknown == nil ? EdgeCode(e.kind) : .structural
            list.append(index[e.src]!, index[e.dst]!, code, conditional: e.conditional)
        }
        compact = CompactGraph(nodeCount: graph.nodes.count, edges: list)
        isTarget = graph.nodes.map(Self.isTarget)
        entries = Self.entries(graph, index)
        var fi: [String: String] = [:]
        for f in findings where f.status == .fail { fi["\(f.checkID)|\(f.resourceID)"] = f.id }
        findingIndex = fi
    }

    static func isTarget(_ n: GraphNode) -> Bool {
        n.kind == GraphVocabulary.accountKind
            || n.insights.contains { [GraphVocabulary.sensitiveData, GraphVocabulary.holdsSecrets,
                                      GraphVocabulary.protectsSensitiveData].contains($0.kind) }
    }

    static func entries(_ graph: SecurityGraph, _ index: [String: Int32]) -> [Entry] {
        var out: [Entry] = []
        var exposed = Set<String>()
        for (i, e) in graph.edges.enumerated() where e.unknown == nil {
            if e.src == GraphVocabulary.internetID && EdgeCode(e.kind).isMovement {
                out.append(Entry(source: index[e.dst]!, prefixEdge: i, kind: "internet_exposed"))
                exposed.insert(e.dst)
            } else if e.src == GraphVocabulary.anyPrincipalID && EdgeCode(e.kind).isMovement {
                out.append(Entry(source: index[e.dst]!, prefixEdge: i, kind: "any_principal_trust"))
            }
        }
        var holders = Set<String>()
        for e in graph.edges where e.kind == GraphVocabulary.canAuthenticateAs && e.unknown == nil
            && !exposed.contains(e.src) && holders.insert(e.src).inserted {
            out.append(Entry(source: index[e.src]!, prefixEdge: nil, kind: "leaked_credentials"))
        }
        return out
    }

    public struct Result: Sendable {
        public var paths: [AttackPath]
        /// Edges explored by all searches together.
        public var explored: Int
    }

    /// `removed`: indexes into `graph.edges` of edges a fix plan takes away (empty for the scan's own paths).
    public func find(maxHops: Int = 8, removed: Set<Int> = []) -> Result {
        var search = PathSearch(graph: compact, isTarget: isTarget, maxHops: maxHops)
        if !removed.isEmpty {
            search.removed = Set(compact.edgeIndex.indices.filter { removed.contains(Int(compact.edgeIndex[$0])) }.map { Int32($0) })
        }
        var paths: [AttackPath] = []
        var explored = 0
        // Direct paths: the internet or anyone reaching a target in one edge (public sensitive bucket, exposed
        // database, publicly readable secret).
        for (i, e) in graph.edges.enumerated() where e.unknown == nil && !removed.contains(i)
            && (e.src == GraphVocabulary.internetID || e.src == GraphVocabulary.anyPrincipalID) {
            let dst = Int(nodeIndex[e.dst]!)
            let direct = isTarget[dst] || (e.kind == GraphVocabulary.exposes && NodeInsights.dataStoreTypes.contains(graph.nodes[dst].kind))
            guard direct else { continue }
            paths.append(makePath(nodeIDs: [nodeIndex[e.src]!, Int32(dst)], edgeIDs: [i],
                                  entryKind: e.src == GraphVocabulary.internetID ? "internet_exposed" : "public_access"))
        }
        for entry in entries where entry.prefixEdge.map({ !removed.contains($0) }) ?? true {
            let hits = search.search(from: entry.source)
            explored += search.explored
            for hit in hits {
                let slots = search.slots(to: hit)
                var nodes: [Int32] = []
                var edges: [Int] = []
                if let p = entry.prefixEdge {
                    nodes.append(nodeIndex[graph.edges[p].src]!)
                    edges.append(p)
                }
                nodes.append(entry.source)
                for s in slots {
                    nodes.append(compact.targets[Int(s)])
                    edges.append(Int(compact.edgeIndex[Int(s)]))
                }
                paths.append(makePath(nodeIDs: nodes, edgeIDs: edges, entryKind: entry.kind))
            }
        }
        return Result(paths: Self.rank(dedup(paths)), explored: explored)
    }

    /// One path per id (two entries can reach the same target along the same chain only through the same edges).
    func dedup(_ paths: [AttackPath]) -> [AttackPath] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0.id).inserted }
    }

    func makePath(nodeIDs: [Int32], edgeIDs: [Int], entryKind: String) -> AttackPath {
        let nodes = nodeIDs.map { graph.nodes[Int($0)] }
        let edges = edgeIDs.map { graph.edges[$0] }
        let steps = edges.map { e in
            PathStep(fixes: Array(Set(e.details.compactMap(\.fix))).sorted(),
                     findings: Array(Set(e.details.flatMap { d in d.checks.compactMap { findingIndex["\($0)|\(d.source)"] } })).sorted())
        }
        var path = AttackPath(id: "", title: "", risk: .low, nodes: nodes, edges: edges, entryKind: entryKind,
                              conditional: edges.contains { $0.conditional }, steps: steps)
        PathRisk.assess(&path)
        return path
    }

    public func findingID(check: String, resource: String) -> String? { findingIndex["\(check)|\(resource)"] }

    /// Critical first, then high, …; within a risk, unconditional before conditional, then by title.
    public static func rank(_ paths: [AttackPath]) -> [AttackPath] {
        paths.sorted {
            if $0.risk != $1.risk { return $0.risk > $1.risk }
            if $0.conditional != $1.conditional { return !$0.conditional }
            if $0.title != $1.title { return $0.title < $1.title }
            return $0.id < $1.id
        }
    }
}
