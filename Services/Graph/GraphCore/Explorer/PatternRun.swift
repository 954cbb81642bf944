/// Enumerates the bindings of one MATCH's pattern parts for one input row: start each part at its anchor, make
/// its moves along the adjacency lists, and hand every complete row on. A relationship is used at most once per
/// match (openCypher's relationship uniqueness), which also bounds variable-length expansion.
final class PatternRun {
    let executor: Executor
    let plan: MatchPlan
    private var graph: ExplorerGraph { executor.graph }
    /// Per part: the node at each pattern position and the relationships of each step.
    private var nodes: [[Int32]]
    private var rels: [[[Int32]]]
    private var used: [Int32] = []
    /// The one-slot row pushed-down relationship filters read (reused: no allocation per relationship).
    private var relationshipRow: [Value] = [.null]

    init(executor: Executor, plan: MatchPlan) {
        self.executor = executor
        self.plan = plan
        nodes = plan.parts.map { [Int32](repeating: -1, count: $0.nodes.count) }
        rels = plan.parts.map { [[Int32]](repeating: [], count: $0.rels.count) }
    }

    typealias Emit = ([Value]) throws(ExplorerError) -> Void

    func parts(_ p: Int, _ row: inout [Value], _ emit: Emit) throws(ExplorerError) {
        guard p < plan.parts.count else {
            try emit(row)
            return
        }
        let part = plan.parts[p]
        let spec = part.nodes[part.anchorNode]
        func start(_ n: Int32, _ row: inout [Value]) throws(ExplorerError) {
            try executor.budget.visit()
            guard try accepts(n, spec, row) else { return }
            let saved = spec.slot.map { row[$0] }
            if let s = spec.slot { row[s] = .node(n) }
            nodes[p][part.anchorNode] = n
            try move(p, 0, &row, emit)
            if let s = spec.slot, let saved { row[s] = saved }
        }
        switch part.anchor {
        case .bound(let s):
            guard case .node(let n) = row[s] else { return }
            try start(n, &row)
        case .index(let l, let k, let v):
            for n in graph.nodes(label: l, property: k, equals: v) { try start(n, &row) }
        case .label(let l):
            for n in graph.byLabel[Int(l)] { try start(n, &row) }
        case .ends(let nodes, _):
            for n in nodes { try start(n, &row) }
        case .all:
            for n in 0..<Int32(graph.nodeCount) { try start(n, &row) }
        }
    }

    /// Makes move `m` of part `p`, then the next; after the last, binds the path and goes on to the next part.
    private func move(_ p: Int, _ m: Int, _ row: inout [Value], _ emit: Emit) throws(ExplorerError) {
        let part = plan.parts[p]
        guard m < part.moves.count else {
            if let ps = part.pathSlot {
                row[ps] = .path(path(p))
                try parts(p + 1, &row, emit)
                row[ps] = .null
            } else {
                try parts(p + 1, &row, emit)
            }
            return
        }
        let (r, forward) = part.moves[m]
        let rel = part.rels[r]
        let fromIndex = forward ? r : r + 1, toIndex = forward ? r + 1 : r
        let from = nodes[p][fromIndex]
        let direction = forward ? rel.direction : rel.direction.reversed
        let target = part.nodes[toIndex]

        func arrive(_ n: Int32, _ edges: [Int32], _ row: inout [Value]) throws(ExplorerError) {
            try executor.budget.visit()
            guard try accepts(n, target, row) else { return }
            let inOrder = forward ? edges : edges.reversed()
            if rel.bound, let s = rel.slot {
                let mine: Value = rel.hops == nil ? .relationship(inOrder[0]) : .list(inOrder.map(Value.relationship))
                guard row[s].equals(mine) == true else { return }
            }
            let savedNode = target.slot.map { row[$0] }, savedRel = rel.slot.map { row[$0] }
            if let s = target.slot { row[s] = .node(n) }
            if let s = rel.slot {
                row[s] = rel.hops == nil ? .relationship(inOrder[0]) : .list(inOrder.map(Value.relationship))
            }
            nodes[p][toIndex] = n
            rels[p][r] = inOrder
            try move(p, m + 1, &row, emit)
            if let s = target.slot, let savedNode { row[s] = savedNode }
            if let s = rel.slot, let savedRel { row[s] = savedRel }
        }

        if let hops = rel.hops {
            var trail: [Int32] = []
            func walk(_ at: Int32, _ depth: Int, _ row: inout [Value]) throws(ExplorerError) {
                if depth >= hops.lowerBound { try arrive(at, trail, &row) }
                guard depth < hops.upperBound else { return }
                try neighbours(at, direction, rel, row) { (e, next) throws(ExplorerError) in
                    used.append(e)
                    trail.append(e)
                    try executor.budget.bind()
                    try walk(next, depth + 1, &row)
                    trail.removeLast()
                    used.removeLast()
                }
            }
            try walk(from, 0, &row)
        } else {
            try neighbours(from, direction, rel, row) { (e, next) throws(ExplorerError) in
                used.append(e)
                try arrive(next, [e], &row)
                used.removeLast()
            }
        }
    }

    /// Each relationship at `node` in `direction` that `rel` admits (type, properties, not yet used), with the
    /// node at its other end.
    private func neighbours(_ node: Int32, _ direction: Direction, _ rel: RelSpec, _ row: [Value],
                            _ body: (Int32, Int32) throws(ExplorerError) -> Void) throws(ExplorerError) {
        let g = graph
        func admits(_ e: Int32) throws(ExplorerError) -> Bool {
            if let mask = rel.types, !mask[Int(g.edgeType[Int(e)])] { return false }
            if used.contains(e) { return false }
            if !rel.filters.isEmpty {
                relationshipRow[0] = .relationship(e)
                for f in rel.filters where try !executor.evaluator.passes(f, relationshipRow) { return false }
            }
            for (k, expr) in rel.properties {
                let want = try executor.evaluator.eval(expr, row)
                guard (g.edgeProperties[Int(e)][k] ?? .null).equals(want) == true else { return false }
            }
            return true
        }
        if direction != .incoming {
            for i in Int(g.outOffsets[Int(node)])..<Int(g.outOffsets[Int(node) + 1]) {
                let e = g.outEdges[i]
                if try admits(e) { try body(e, g.edgeDst[Int(e)]) }
            }
        }
        if direction != .outgoing {
            for i in Int(g.inOffsets[Int(node)])..<Int(g.inOffsets[Int(node) + 1]) {
                let e = g.inEdges[i]
                if try admits(e) { try body(e, g.edgeSrc[Int(e)]) }
            }
        }
    }

    /// Whether node `n` fits the pattern node: the same node when its variable is already bound, every label,
    /// every property equal.
    private func accepts(_ n: Int32, _ spec: NodeSpec, _ row: [Value]) throws(ExplorerError) -> Bool {
        if spec.bound, let s = spec.slot {
            guard case .node(let b) = row[s], b == n else { return false }
        }
        for l in spec.labels where !graph.hasLabel(n, l) { return false }
        for (k, expr) in spec.properties {
            let want = try executor.evaluator.eval(expr, row)
            guard (graph.nodeProperties[Int(n)][k] ?? .null).equals(want) == true else { return false }
        }
        return true
    }

    /// The path of part `p` in pattern order, expanding variable-length steps into their nodes.
    private func path(_ p: Int) -> PathValue {
        var ns: [Int32] = [nodes[p][0]]
        var rs: [Int32] = []
        for (i, edges) in rels[p].enumerated() {
            var at = nodes[p][i]
            for e in edges {
                let s = graph.edgeSrc[Int(e)], d = graph.edgeDst[Int(e)]
                at = s == at ? d : s
                rs.append(e)
                ns.append(at)
            }
        }
        return PathValue(nodes: ns, relationships: rs)
    }
}
