/// Turns a parsed query into a plan against one compiled graph. Each pattern part starts at its most selective
/// node — a variable already bound, else the smallest (label, property = value) index hit from the pattern's
/// property map or from an equality in WHERE, else the smallest label, else every node — and expands along
/// adjacency lists from there, rightwards then leftwards (docs/explorer.md § Planner).
struct Planner {
    let graph: ExplorerGraph
    let parameters: [String: Value]
    var lines: [String] = []

    init(graph: ExplorerGraph, parameters: [String: Value]) {
        self.graph = graph
        self.parameters = parameters
    }

    static func plan(_ query: Query, graph: ExplorerGraph, parameters: [String: Value]) throws(ExplorerError) -> Plan {
        var p = Planner(graph: graph, parameters: parameters)
        return try p.plan(query)
    }

    private mutating func plan(_ query: Query) throws(ExplorerError) -> Plan {
        var scope = Scope()
        var steps: [PlanStep] = []
        var columns: [String] = []
        for clause in query.clauses {
            switch clause {
            case .match(let m):
                steps.append(.match(try match(m, scope: &scope)))
            case .with(let p):
                steps.append(.project(try projection(p, scope: &scope, isReturn: false)))
            case .return(let p):
                let plan = try projection(p, scope: &scope, isReturn: true)
                columns = plan.names
                steps.append(.project(plan))
            }
        }
        return Plan(steps: steps, columns: columns, description: lines)
    }

    // MARK: MATCH

    private mutating func match(_ m: MatchClause, scope: inout Scope) throws(ExplorerError) -> MatchPlan {
        let before = scope
        // Bind every new variable first so properties and WHERE may refer to any of them.
        for part in m.patterns {
            if let v = part.start.variable { try bindNode(v, &scope) }
            for s in part.steps {
                if let v = s.relationship.variable {
                    try bindRel(v, s.relationship.hops == nil ? .relationship : .relationshipList, &scope)
                }
                if let v = s.node.variable { try bindNode(v, &scope) }
            }
            if let p = part.path {
                guard scope.slot(p) == nil else {
                    throw ExplorerError(code: ExplorerError.typeCode, message: "path variable '\(p)' is already defined")
                }
                scope.bind(p, .path)
            }
        }
        let compiler = ExprCompiler(scope: scope)
        let hints = Self.equalityHints(m.predicate)
        var conjuncts = Self.conjuncts(m.predicate)
        var bound = Set(0..<before.width)
        var parts: [PartPlan] = []
        let prefix = m.optional ? "Optional" : ""
        for part in m.patterns {
            var pp = try partPlan(part, compiler: compiler, hints: hints, bound: &bound)
            // `all(r IN relationships(p) WHERE pred(r))` on this part's path: every relationship is filtered as it
            // is walked, instead of every finished path.
            if let path = part.path {
                var kept: [Expr] = []
                for c in conjuncts {
                    guard case .quantifier(.all, let v, .call(let fn, let args, false, false, _), let pred) = c,
                          fn.lowercased() == "relationships", args.count == 1, case .variable(path, _) = args[0],
                          pred.freeVariables.isSubset(of: [v]) else {
                        kept.append(c)
                        continue
                    }
                    var none: [AggregateSpec]? = nil
                    let f = try ExprCompiler(scope: Scope()).compile(pred, aggregates: &none, locals: [v: 0])
                    for r in pp.rels.indices { pp.rels[r].filters.append(f) }
                    lines.append("\(prefix)RelationshipFilter on every relationship of \(path): \(pred.rendered)")
                }
                conjuncts = kept
            }
            parts.append(pp)
            describe(pp, prefix: prefix)
        }
        let remaining = conjuncts.dropFirst().reduce(conjuncts.first) { acc, c in acc.map { Expr.and($0, c) } }
        let predicate = try remaining.map { e throws(ExplorerError) in try compiler.compile(e) }
        if let w = remaining { lines.append("\(prefix)Filter \(w.rendered)") }
        return MatchPlan(optional: m.optional, parts: parts, predicate: predicate, width: scope.width)
    }

    private func bindNode(_ v: String, _ scope: inout Scope) throws(ExplorerError) {
        if let s = scope.slot(v), scope.kind(s) != .node {
            throw .type("'\(v)' is a \(Self.kindName(scope.kind(s))), not a node")
        }
        scope.bind(v, .node)
    }

    private func bindRel(_ v: String, _ kind: Scope.Kind, _ scope: inout Scope) throws(ExplorerError) {
        if let s = scope.slot(v) {
            guard scope.kind(s) == kind, kind == .relationship else {
                throw .type("'\(v)' is already a \(Self.kindName(scope.kind(s))); a relationship variable binds once")
            }
        }
        scope.bind(v, kind)
    }

    static func kindName(_ k: Scope.Kind) -> String {
        switch k {
        case .node: "node"
        case .relationship: "relationship"
        case .relationshipList: "list of relationships"
        case .path: "path"
        case .value: "value"
        }
    }

    private mutating func partPlan(_ part: PatternPart, compiler: ExprCompiler, hints: [String: [(String, Expr)]],
                                   bound: inout Set<Int>) throws(ExplorerError) -> PartPlan {
        let patternNodes = [part.start] + part.steps.map(\.node)
        var nodes: [NodeSpec] = []
        for n in patternNodes { nodes.append(try nodeSpec(n, compiler: compiler)) }
        var rels: [RelSpec] = []
        for s in part.steps { rels.append(try relSpec(s.relationship, compiler: compiler)) }

        // Choose the anchor: the cheapest node to start from.
        var best = (index: 0, anchor: Anchor.all, estimate: Int.max)
        for (i, n) in nodes.enumerated() {
            var (anchor, estimate) = try anchorChoice(n, patternNodes[i], hints: hints, bound: bound)
            if estimate > 1, let (ends, text) = relationshipEnds(node: i, part: part, rels: rels, hints: hints),
               ends.count < estimate {
                (anchor, estimate) = (.ends(ends, text), ends.count)
            }
            if estimate < best.estimate { best = (i, anchor, estimate) }
        }
        var moves: [(Int, Bool)] = []
        for r in best.index..<rels.count { moves.append((r, true)) }
        for r in stride(from: best.index - 1, through: 0, by: -1) { moves.append((r, false)) }

        // Which slots are already set when the executor reaches each element.
        if let s = nodes[best.index].slot { nodes[best.index].bound = bound.contains(s); bound.insert(s) }
        for (r, forward) in moves {
            if let s = rels[r].slot { rels[r].bound = bound.contains(s); bound.insert(s) }
            let target = forward ? r + 1 : r
            if let s = nodes[target].slot { nodes[target].bound = bound.contains(s); bound.insert(s) }
        }
        let pathSlot = part.path.flatMap { compiler.scope.slot($0) }
        if let p = pathSlot { bound.insert(p) }
        return PartPlan(nodes: nodes, rels: rels, anchorNode: best.index, anchor: best.anchor, moves: moves,
                        pathSlot: pathSlot, estimate: best.estimate)
    }

    private func anchorChoice(_ spec: NodeSpec, _ pattern: NodePattern, hints: [String: [(String, Expr)]],
                              bound: Set<Int>) throws(ExplorerError) -> (Anchor, Int) {
        if let s = spec.slot, bound.contains(s) { return (.bound(s), 1) }
        var best: (Anchor, Int) = (.all, graph.nodeCount)
        for l in spec.labels where graph.byLabel[Int(l)].count < best.1 {
            best = (.label(l), graph.byLabel[Int(l)].count)
        }
        let candidates = pattern.properties + (pattern.variable.flatMap { hints[$0] } ?? [])
        for (key, expr) in candidates {
            guard let value = constant(expr), !value.isNull else { continue }
            let labels: [Int32?] = spec.labels.isEmpty ? [nil] : spec.labels.map { Optional($0) }
            for l in labels {
                let n = graph.nodes(label: l, property: key, equals: value).count
                if n < best.1 || (n == best.1 && !(best.0.isIndex)) { best = (.index(label: l, property: key, value: value), n) }
            }
        }
        return best
    }

    /// Candidates for node `i` from a single-hop relationship next to it whose property is constrained to a
    /// constant (in its map or by a WHERE equality): only the matching relationships' ends at this side can match.
    private func relationshipEnds(node i: Int, part: PatternPart, rels: [RelSpec],
                                  hints: [String: [(String, Expr)]]) -> ([Int32], String)? {
        var best: ([Int32], String)?
        for r in [i - 1, i] where r >= 0 && r < rels.count && rels[r].hops == nil {
            let pattern = part.steps[r].relationship
            let constraints = pattern.properties + (pattern.variable.flatMap { hints[$0] } ?? [])
            // This node is the relationship's left end when r == i, its right end when r == i - 1.
            let left = r == i
            for (key, expr) in constraints {
                guard let value = constant(expr), !value.isNull else { continue }
                let edges = graph.relationships(property: key, equals: value, types: rels[r].types)
                var ends = Set<Int32>()
                for e in edges {
                    let s = graph.edgeSrc[Int(e)], d = graph.edgeDst[Int(e)]
                    switch pattern.direction {
                    case .outgoing: ends.insert(left ? s : d)
                    case .incoming: ends.insert(left ? d : s)
                    case .either: ends.insert(s); ends.insert(d)
                    }
                }
                if ends.count < (best?.0.count ?? Int.max) {
                    best = (ends.sorted(), "\(rels[r].text) {\(key): \(value.literalText)} (\(edges.count) relationships)")
                }
            }
        }
        return best
    }

    /// The value of a literal or parameter (what an index can be probed with before the query runs).
    private func constant(_ e: Expr) -> Value? {
        switch e {
        case .literal(let v): return v
        case .parameter(let n, _): return parameters[n]
        case .list(let items):
            var out: [Value] = []
            for i in items {
                guard let v = constant(i) else { return nil }
                out.append(v)
            }
            return .list(out)
        default: return nil
        }
    }

    /// The AND-ed parts of a predicate.
    static func conjuncts(_ e: Expr?) -> [Expr] {
        guard let e else { return [] }
        if case .and(let a, let b) = e { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// `n.prop = constant` and bare `n.flag` conjuncts of WHERE, per variable.
    static func equalityHints(_ predicate: Expr?) -> [String: [(String, Expr)]] {
        var out: [String: [(String, Expr)]] = [:]
        func visit(_ e: Expr) {
            switch e {
            case .and(let a, let b): visit(a); visit(b)
            case .compare(.eq, .property(.variable(let v, _), let k), let c),
                 .compare(.eq, let c, .property(.variable(let v, _), let k)):
                if case .literal = c { out[v, default: []].append((k, c)) }
                if case .parameter = c { out[v, default: []].append((k, c)) }
            case .property(.variable(let v, _), let k): out[v, default: []].append((k, .literal(.bool(true))))
            default: break
            }
        }
        if let predicate { visit(predicate) }
        return out
    }

    private func nodeSpec(_ n: NodePattern, compiler: ExprCompiler) throws(ExplorerError) -> NodeSpec {
        var labels: [Int32] = []
        for l in n.labels { labels.append(try label(l, at: n.position)) }
        var props: [(String, CExpr)] = []
        for (k, e) in n.properties { props.append((k, try compiler.compile(e))) }
        let text = "(" + (n.variable ?? "") + n.labels.map { ":" + $0 }.joined()
            + (n.properties.isEmpty ? "" : " {" + n.properties.map { "\($0.0): \($0.1.rendered)" }.joined(separator: ", ") + "}")
            + ")"
        return NodeSpec(slot: n.variable.flatMap { compiler.scope.slot($0) }, bound: false, labels: labels,
                        properties: props, text: text)
    }

    private func relSpec(_ r: RelationshipPattern, compiler: ExprCompiler) throws(ExplorerError) -> RelSpec {
        var mask: [Bool]?
        if !r.types.isEmpty {
            var m = [Bool](repeating: false, count: graph.typeNames.count)
            for t in r.types { m[Int(try type(t, at: r.position))] = true }
            mask = m
        }
        var props: [(String, CExpr)] = []
        for (k, e) in r.properties { props.append((k, try compiler.compile(e))) }
        let inner = (r.variable ?? "") + (r.types.isEmpty ? "" : ":" + r.types.joined(separator: "|"))
            + (r.hops.map { "*\($0.lowerBound)..\($0.upperBound)" } ?? "")
        let body = inner.isEmpty ? "" : "[\(inner)]"
        let text: String
        switch r.direction {
        case .outgoing: text = "-\(body)->"
        case .incoming: text = "<-\(body)-"
        case .either: text = "-\(body)-"
        }
        return RelSpec(slot: r.variable.flatMap { compiler.scope.slot($0) }, bound: false, types: mask,
                       direction: r.direction, hops: r.hops, properties: props, text: text)
    }

    /// A label as written: `Ec2Instance`, a category, or a raw kind (`aws.ec2.instance`).
    private func label(_ written: String, at p: SourcePosition) throws(ExplorerError) -> Int32 {
        let name = written.contains(".") || written == GraphVocabulary.internetKind
            ? ExplorerVocabulary.label(kind: written) : written
        if let l = graph.labelIndex[name] { return l }
        let known = graph.presentLabels
        var msg = "line \(p.line), column \(p.column): unknown label '\(written)'"
        if let near = ExplorerVocabulary.nearest(written, in: graph.labelNames) { msg += "; did you mean '\(near)'?" }
        msg += " Labels in this graph: \(known.joined(separator: ", ")) (docs/explorer.md § Labels lists every kind)"
        throw ExplorerError(code: ExplorerError.unknownLabelCode, message: msg, line: p.line, column: p.column)
    }

    /// A relationship type as written: `CAN_READ` or the raw kind `can_read`.
    private func type(_ written: String, at p: SourcePosition) throws(ExplorerError) -> Int32 {
        if let t = graph.typeIndex[written.uppercased()] { return t }
        var msg = "line \(p.line), column \(p.column): unknown relationship type '\(written)'"
        if let near = ExplorerVocabulary.nearest(written.uppercased(), in: graph.typeNames) { msg += "; did you mean '\(near)'?" }
        msg += " Types: \(graph.typeNames.joined(separator: ", "))"
        throw ExplorerError(code: ExplorerError.unknownTypeCode, message: msg, line: p.line, column: p.column)
    }

    private mutating func describe(_ p: PartPlan, prefix: String) {
        let start = p.nodes[p.anchorNode]
        let how: String
        switch p.anchor {
        case .bound: how = "Argument \(start.text) (bound earlier)"
        case .index(let l, let k, let v):
            how = "NodeIndexSeek \(start.text) on \(l.map { graph.labelNames[Int($0)] } ?? "*").\(k) = \(v.literalText) (\(p.estimate) nodes)"
        case .label(let l): how = "NodeByLabelScan \(start.text) on \(graph.labelNames[Int(l)]) (\(p.estimate) nodes)"
        case .ends(_, let text): how = "RelationshipIndexEnds \(start.text) of \(text) (\(p.estimate) nodes)"
        case .all: how = "AllNodesScan \(start.text) (\(p.estimate) nodes)"
        }
        lines.append(prefix + how)
        for (r, forward) in p.moves {
            let rel = p.rels[r]
            let from = forward ? p.nodes[r] : p.nodes[r + 1], to = forward ? p.nodes[r + 1] : p.nodes[r]
            let op = rel.hops == nil ? "Expand" : "VarLengthExpand"
            lines.append("\(prefix)\(op) \(from.text)\(forward ? rel.text : Self.reversedText(rel.text))\(to.text)")
        }
    }

    static func reversedText(_ t: String) -> String {
        if t.hasSuffix("->") { return "<" + t.dropLast(2) + "-" }
        if t.hasPrefix("<-") { return "-" + t.dropFirst(2).dropLast() + "->" }
        return t
    }
}

extension Anchor {
    var isIndex: Bool { if case .index = self { return true }; return false }
}
