extension Planner {
    /// WITH / RETURN: items (aggregates split out), grouping keys, DISTINCT, ORDER BY, SKIP, LIMIT, WITH … WHERE.
    /// The scope after it holds the items' names only.
    mutating func projection(_ p: Projection, scope: inout Scope, isReturn: Bool) throws(ExplorerError) -> ProjectionPlan {
        var written = p.items
        if p.star {
            let names = scope.names.sorted()
            guard !names.isEmpty else {
                throw ExplorerError(code: ExplorerError.unknownVariableCode,
                                    message: "\(isReturn ? "RETURN" : "WITH") * has no variables to return")
            }
            written = names.map { ProjectionItem(expr: .variable($0, SourcePosition(line: 1, column: 1)), name: $0) } + written
        }
        var seen = Set<String>()
        for item in written where !seen.insert(item.name).inserted {
            throw ExplorerError(code: ExplorerError.syntaxCode,
                                message: "the column '\(item.name)' is returned twice; name one with AS")
        }
        let compiler = ExprCompiler(scope: scope)
        var aggregates: [AggregateSpec]? = []
        var items: [CExpr] = []
        var keyItems: [Int] = []
        for (i, item) in written.enumerated() {
            items.append(try compiler.compile(item.expr, aggregates: &aggregates, locals: [:]))
            if !item.expr.hasAggregate { keyItems.append(i) }
        }
        let aggs = aggregates ?? []
        var out = Scope()
        for (i, item) in written.enumerated() {
            if case .slot(let s) = items[i], !item.expr.hasAggregate {
                out.bind(item.name, scope.kind(s))
            } else {
                out.bind(item.name, .value)
            }
        }
        // ORDER BY sees the items; without aggregation or DISTINCT it also sees the variables before projection.
        let combined = aggs.isEmpty && !p.distinct
        var sortScope = out
        if combined {
            for name in scope.names { if let s = scope.slot(name) { sortScope.alias(name, slot: out.width + s, scope.kind(s)) } }
        }
        let sortCompiler = ExprCompiler(scope: sortScope)
        var order: [(CExpr, Bool)] = []
        for s in p.orderBy {
            if let i = written.firstIndex(where: { $0.expr == s.expr }) {
                order.append((.slot(i), s.descending))
            } else {
                order.append((try sortCompiler.compile(s.expr), s.descending))
            }
        }
        let constant = ExprCompiler(scope: Scope())
        let skip = try p.skip.map { e throws(ExplorerError) in try constant.compile(e) }
        let limit = try p.limit.map { e throws(ExplorerError) in try constant.compile(e) }
        let predicate = try p.predicate.map { e throws(ExplorerError) in try ExprCompiler(scope: out).compile(e) }

        let keyword = isReturn ? "Return" : "With"
        if !aggs.isEmpty {
            lines.append("Aggregate keys [\(keyItems.map { written[$0].name }.joined(separator: ", "))] "
                         + "aggregates [\(written.indices.filter { !keyItems.contains($0) }.map { written[$0].name }.joined(separator: ", "))]")
        }
        lines.append("\(keyword)\(p.distinct ? " DISTINCT" : "") \(written.map(\.name).joined(separator: ", "))")
        if !p.orderBy.isEmpty {
            lines.append("Sort " + p.orderBy.map { $0.expr.rendered + ($0.descending ? " DESC" : "") }.joined(separator: ", "))
        }
        if let s = p.skip { lines.append("Skip \(s.rendered)") }
        if let l = p.limit { lines.append("Limit \(l.rendered)") }
        if let w = p.predicate { lines.append("Filter \(w.rendered)") }

        scope = out
        return ProjectionPlan(isReturn: isReturn, items: items, names: written.map(\.name), aggregates: aggs,
                              keyItems: keyItems, distinct: p.distinct, order: order, orderOnCombined: combined,
                              skip: skip, limit: limit, predicate: predicate, width: out.width)
    }
}
