/// Runs a plan clause by clause over materialised rows, within a `Budget`.
final class Executor {
    let graph: ExplorerGraph
    let evaluator: Evaluator
    let budget: Budget

    init(graph: ExplorerGraph, parameters: [String: Value], budget: Budget) {
        self.graph = graph
        evaluator = Evaluator(graph: graph, parameters: parameters)
        self.budget = budget
    }

    func run(_ plan: Plan) throws(ExplorerError) -> [[Value]] {
        var rows: [[Value]] = [[]]
        for step in plan.steps {
            switch step {
            case .match(let m): rows = try match(m, rows)
            case .project(let p): rows = try project(p, rows)
            }
            try budget.checkTime()
        }
        return rows
    }

    // MARK: MATCH

    private func match(_ m: MatchPlan, _ input: [[Value]]) throws(ExplorerError) -> [[Value]] {
        var out: [[Value]] = []
        for row in input {
            var r = row
            while r.count < m.width { r.append(.null) }
            let before = out.count
            let run = PatternRun(executor: self, plan: m)
            try run.parts(0, &r) { (complete: [Value]) throws(ExplorerError) in
                if let p = m.predicate, try !self.evaluator.passes(p, complete) { return }
                try self.budget.bind()
                out.append(complete)
            }
            if m.optional && out.count == before {
                try budget.bind()
                var nulls = row
                while nulls.count < m.width { nulls.append(.null) }
                out.append(nulls)
            }
        }
        return out
    }

    // MARK: WITH / RETURN

    private func project(_ p: ProjectionPlan, _ input: [[Value]]) throws(ExplorerError) -> [[Value]] {
        var rows: [[Value]]
        var sortRows: [[Value]]? = nil
        if p.aggregates.isEmpty {
            rows = []
            rows.reserveCapacity(input.count)
            if p.orderOnCombined && !p.order.isEmpty { sortRows = [] }
            var seen = Set<[Value]>()
            for r in input {
                var o: [Value] = []
                o.reserveCapacity(p.items.count)
                for item in p.items { o.append(try evaluator.eval(item, r)) }
                if p.distinct && !seen.insert(o.map(\.groupKey)).inserted { continue }
                try budget.bind()
                sortRows?.append(o + r)
                rows.append(o)
            }
        } else {
            rows = try aggregate(p, input)
        }
        if !p.order.isEmpty {
            let keyed = try (sortRows ?? rows).enumerated().map { (i, r) throws(ExplorerError) -> ([Value], Int) in
                var keys: [Value] = []
                for (e, _) in p.order { keys.append(try evaluator.eval(e, r)) }
                return (keys, i)
            }
            let sorted = keyed.sorted { a, b in
                for (k, (_, desc)) in p.order.enumerated() {
                    let c = Value.orderCompare(a.0[k], b.0[k])
                    if c != 0 { return desc ? c > 0 : c < 0 }
                }
                return a.1 < b.1
            }
            rows = sorted.map { rows[$0.1] }
        }
        if let s = p.skip {
            let n = try count(s, "SKIP")
            rows = Array(rows.dropFirst(n))
        }
        if let l = p.limit {
            let n = try count(l, "LIMIT")
            rows = Array(rows.prefix(n))
        }
        if let w = p.predicate {
            var kept: [[Value]] = []
            for r in rows where try evaluator.passes(w, r) { kept.append(r) }
            rows = kept
        }
        return rows
    }

    private func count(_ e: CExpr, _ what: String) throws(ExplorerError) -> Int {
        let v = try evaluator.eval(e, [])
        guard case .int(let n) = v, n >= 0 else {
            throw .type("\(what) needs a non-negative integer, not \(v.literalText)")
        }
        return n
    }

    private func aggregate(_ p: ProjectionPlan, _ input: [[Value]]) throws(ExplorerError) -> [[Value]] {
        var order: [[Value]] = []
        var groups: [[Value]: (first: [Value], keys: [Value], states: [AggregateState])] = [:]
        for r in input {
            var keys: [Value] = []
            for i in p.keyItems { keys.append(try evaluator.eval(p.items[i], r)) }
            let gk = keys.map(\.groupKey)
            if groups[gk] == nil {
                try budget.bind()
                order.append(gk)
                groups[gk] = (r, keys, p.aggregates.map(AggregateState.init))
            }
            for (i, spec) in p.aggregates.enumerated() {
                let v = try spec.argument.map { a throws(ExplorerError) in try evaluator.eval(a, r) }
                try groups[gk]?.states[i].add(v, budget: budget)
            }
        }
        if input.isEmpty && p.keyItems.isEmpty {
            order = [[]]
            groups[[]] = ([], [], p.aggregates.map(AggregateState.init))
        }
        var rows: [[Value]] = []
        for gk in order {
            guard let g = groups[gk] else { continue }
            var results: [Value] = []
            for s in g.states { results.append(try s.result()) }
            var o: [Value] = []
            var k = 0
            for (i, item) in p.items.enumerated() {
                if p.keyItems.contains(i) {
                    o.append(g.keys[k])
                    k += 1
                } else {
                    o.append(try evaluator.eval(item, g.first, aggregates: results))
                }
            }
            rows.append(o)
        }
        if p.distinct {
            var seen = Set<[Value]>()
            rows = rows.filter { seen.insert($0.map(\.groupKey)).inserted }
        }
        return rows
    }
}

/// One aggregate's running value for one group.
struct AggregateState {
    var spec: AggregateSpec
    var count = 0
    var values: [Value] = []
    var distinct = Set<Value>()
    var best: Value = .null
    var sum = 0.0
    var intSum = 0
    var allInts = true

    init(_ spec: AggregateSpec) { self.spec = spec }

    /// Adds a row's value (nil for count(*)); nulls are skipped, as openCypher does. Returns true when added.
    @discardableResult
    mutating func add(_ v: Value?, budget: Budget) throws(ExplorerError) -> Bool {
        guard let v else {
            count += 1
            return true
        }
        if v.isNull { return false }
        if spec.distinct && !distinct.insert(v.groupKey).inserted { return false }
        count += 1
        switch spec.function {
        case .count: break
        case .collect:
            try budget.bind()
            values.append(v)
        case .sum, .avg:
            guard let n = v.number else { throw .type("\(spec.function.rawValue)() adds numbers, not a \(v.typeName)") }
            sum += n
            if case .int(let i) = v { intSum &+= i } else { allInts = false }
        case .min:
            if best.isNull || Value.orderCompare(v, best) < 0 { best = v }
        case .max:
            if best.isNull || Value.orderCompare(v, best) > 0 { best = v }
        }
        return true
    }

    func result() throws(ExplorerError) -> Value {
        switch spec.function {
        case .count: return .int(count)
        case .collect: return .list(values)
        case .sum: return count == 0 ? .int(0) : (allInts ? .int(intSum) : .double(sum))
        case .avg: return count == 0 ? .null : .double(sum / Double(count))
        case .min, .max: return best
        }
    }
}
