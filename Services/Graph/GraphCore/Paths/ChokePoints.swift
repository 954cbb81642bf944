import PalisadeModel

/// Nodes many paths run through, worst first: by the highest risk among their paths, then by how many critical,
/// high and all paths they carry (Defender's order: risk, then count). The synthetic start nodes (internet, any
/// principal) and each path's target are left out — the first is not fixable, the second is what is protected.
/// Counting runs on the compact paths in one pass over their steps (arrays indexed by node).
public enum ChokePoints {
    public struct Tally: Sendable, Hashable {
        public var node: Int32
        public var paths: Int
        public var critical: Int
        public var high: Int
        public var risk: Severity
    }

    public static func count(_ set: PathSet, in graph: CompactGraph, limit: Int = 20) -> [Tally] {
        var total = [Int32](repeating: 0, count: graph.nodeCount)
        var critical = [Int32](repeating: 0, count: graph.nodeCount)
        var high = [Int32](repeating: 0, count: graph.nodeCount)
        var worst = [UInt8](repeating: 0, count: graph.nodeCount)
        var touched: [Int32] = []
        for p in set.paths {
            let rank = UInt8(p.risk.risk.rank + 1)
            // The entry and every hop before the target: the node before each step.
            var at = p.source
            for slot in set.slots(p) {
                let n = Int(at)
                if total[n] == 0 { touched.append(at) }
                total[n] += 1
                if p.risk.risk == .critical { critical[n] += 1 }
                if p.risk.risk == .high { high[n] += 1 }
                if rank > worst[n] { worst[n] = rank }
                at = graph.targets[Int(slot)]
            }
        }
        // Top `limit` by (worst risk, critical, high, total), ties by node number: one packed key per node and a
        // bounded selection, not a sort of every node on a path.
        func key(_ n: Int32) -> UInt64 {
            let i = Int(n)
            return UInt64(worst[i]) << 60 | UInt64(min(critical[i], 0xFFFFF)) << 40 | UInt64(min(high[i], 0xFFFFF)) << 20
                | UInt64(min(total[i], 0xFFFFF))
        }
        var ranked: [(key: UInt64, node: Int32)] = []
        for n in touched {
            let k = key(n)
            if ranked.count == limit, let last = ranked.last, (k, -n) <= (last.key, -last.node) { continue }
            let at = ranked.firstIndex { (k, -n) > ($0.key, -$0.node) } ?? ranked.count
            ranked.insert((k, n), at: at)
            if ranked.count > limit { ranked.removeLast() }
        }
        return ranked.map(\.node).map { n in
            Tally(node: n, paths: Int(total[Int(n)]), critical: Int(critical[Int(n)]), high: Int(high[Int(n)]),
                  risk: Severity.allCases[Int(worst[Int(n)]) - 1])
        }
    }

    /// The account's choke points with their nodes and the fixes on the path edges into and out of them.
    public static func rank(_ result: AttackPathFinder.Result, finder: AttackPathFinder, limit: Int = 20) -> [ChokePoint] {
        let tallies = count(result.compact, in: finder.engine.graph, limit: limit)
        return tallies.map { t in
            let id = finder.graph.nodes[Int(t.node)].id
            var fixes = Set<String>()
            var ids: [String] = []
            for p in result.paths where p.nodes.dropLast().contains(where: { $0.id == id }) {
                for (i, e) in p.edges.enumerated() where e.src == id || e.dst == id {
                    fixes.formUnion(p.steps[i].fixes)
                }
                if ids.count < 20 { ids.append(p.id) }
            }
            return ChokePoint(node: finder.graph.nodes[Int(t.node)], paths: t.paths, critical: t.critical, high: t.high,
                              risk: t.risk, fixes: fixes.sorted(), pathIDs: ids)
        }
    }
}
