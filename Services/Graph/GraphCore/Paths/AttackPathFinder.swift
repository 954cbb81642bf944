import PalisadeModel

/// Attack paths of one account's graph: the graph compacted for `PathEngine`, every entry point searched once,
/// one path per (entry, target) — the most dangerous one — materialized with its nodes, edges, evidence and the
/// findings that break each step, ranked by risk (docs/graph.md § Attack paths).
public struct AttackPathFinder: Sendable {
    public let graph: SecurityGraph
    public let engine: PathEngine
    let findingIndex: [String: String]

    public init(graph: SecurityGraph, findings: [Finding] = []) {
        self.graph = graph
        var index: [String: Int32] = [:]
        index.reserveCapacity(graph.nodes.count)
        for (i, n) in graph.nodes.enumerated() { index[n.id] = Int32(i) }
        var list = CompactGraph.EdgeList()
        list.reserve(graph.edges.count)
        for e in graph.edges {
            // An edge whose existence is unknown is kept for the explorer but not walked: it may not exist.
            let code = e.unknown == nil ? EdgeCode(e.kind) : .structural
            list.append(index[e.src] ?? 0, index[e.dst] ?? 0, code, conditional: e.conditional)
        }
        let compact = CompactGraph(nodeCount: graph.nodes.count, edges: list)
        engine = PathEngine(graph: compact, flags: graph.nodes.map(Self.flags),
                            internet: index[GraphVocabulary.internetID] ?? -1,
                            anyPrincipal: index[GraphVocabulary.anyPrincipalID] ?? -1)
        var fi: [String: String] = [:]
        for f in findings where f.status == .fail { fi["\(f.checkID)|\(f.resourceID)"] = f.id }
        findingIndex = fi
    }

    static func flags(_ n: GraphNode) -> NodeFlags {
        var f: NodeFlags = []
        if n.kind == GraphVocabulary.accountKind { f.insert(.account) }
        if NodeInsights.dataStoreTypes.contains(n.kind) { f.insert(.dataStore) }
        for i in n.insights {
            switch i.kind {
            case GraphVocabulary.sensitiveData: f.insert(.sensitive)
            case GraphVocabulary.holdsSecrets: f.insert(.secret)
            case GraphVocabulary.protectsSensitiveData: f.insert(.protectsSensitive)
            case GraphVocabulary.highSeverityFindings: f.insert(.vulnerable)
            default: break
            }
        }
        return f
    }

    public struct Result: Sendable {
        public var paths: [AttackPath]
        public var compact: PathSet
        /// Edges explored by all searches together.
        public var explored: Int
    }

    /// `removed`: indexes into `graph.edges` of edges a fix plan takes away (empty for the scan's own paths).
    public func find(maxHops: Int = 8, removed: Set<Int> = []) -> Result {
        let g = engine.graph
        let slots = removed.isEmpty ? [] : Set(g.edgeIndex.indices.filter { removed.contains(Int(g.edgeIndex[$0])) }.map { Int32($0) })
        let set = engine.run(maxHops: maxHops, removed: slots)
        var seen = Set<String>()
        var paths: [AttackPath] = []
        var kept: [CompactPath] = []
        for c in set.paths {
            let p = materialize(c, set.slots(c))
            guard seen.insert(p.id).inserted else { continue }
            paths.append(p)
            kept.append(c)
        }
        let order = Self.rankOrder(paths)
        var ranked = PathSet()
        ranked.arena = set.arena
        ranked.paths = order.map { kept[$0] }
        ranked.explored = set.explored
        return Result(paths: order.map { paths[$0] }, compact: ranked, explored: set.explored)
    }

    func materialize(_ c: CompactPath, _ slots: ArraySlice<Int32>) -> AttackPath {
        let g = engine.graph
        var nodeIDs: [Int32] = []
        var edgeIDs: [Int] = []
        if c.prefix >= 0 {
            nodeIDs.append(g.sourceOf(c.prefix))
            edgeIDs.append(Int(g.edgeIndex[Int(c.prefix)]))
        }
        nodeIDs.append(c.source)
        for s in slots {
            nodeIDs.append(g.targets[Int(s)])
            edgeIDs.append(Int(g.edgeIndex[Int(s)]))
        }
        let edges = edgeIDs.map { graph.edges[$0] }
        let steps = edges.map { e in
            PathStep(fixes: Array(Set(e.details.compactMap(\.fix))).sorted(),
                     findings: Array(Set(e.details.flatMap { d in d.checks.compactMap { findingIndex["\($0)|\(d.source)"] } })).sorted())
        }
        var path = AttackPath(id: "", title: "", risk: .low, nodes: nodeIDs.map { graph.nodes[Int($0)] }, edges: edges,
                              steps: steps)
        PathRisk.describe(&path, c)
        return path
    }

    public func findingID(check: String, resource: String) -> String? { findingIndex["\(check)|\(resource)"] }

    /// Critical first, then high, …; within a risk, unconditional before conditional, then by title.
    public static func rank(_ paths: [AttackPath]) -> [AttackPath] { rankOrder(paths).map { paths[$0] } }

    static func rankOrder(_ paths: [AttackPath]) -> [Int] {
        paths.indices.sorted { a, b in
            let x = paths[a], y = paths[b]
            if x.risk != y.risk { return x.risk > y.risk }
            if x.conditional != y.conditional { return !x.conditional }
            if x.title != y.title { return x.title < y.title }
            return x.id < y.id
        }
    }
}
