import PalisadeModel

/// The Cloud Security Explorer's engine: parse (once per text), plan against a compiled graph, run within a
/// budget, render rows as JSON-like values. Pure apart from the clock it is given.
public struct Explorer: Sendable {
    public let graph: ExplorerGraph

    public init(graph: ExplorerGraph) { self.graph = graph }

    /// A parsed query, reusable across runs and graphs.
    public struct Prepared: Sendable {
        let query: Query
        public let text: String
    }

    public static func prepare(_ text: String) throws(ExplorerError) -> Prepared {
        Prepared(query: try Parser.parse(text), text: text)
    }

    public func run(_ text: String, parameters: [String: JSONValue] = [:], limits: ExplorerLimits = ExplorerLimits(),
                    clock: ContinuousClock = ContinuousClock()) throws(ExplorerError) -> ExplorerResult {
        try run(try Self.prepare(text), parameters: parameters, limits: limits, elapsed: clock.stopwatch())
    }

    /// Runs a prepared query. `elapsed` tells the time since the query started (tests pass a fake).
    public func run(_ prepared: Prepared, parameters: [String: JSONValue] = [:], limits: ExplorerLimits = ExplorerLimits(),
                    elapsed: @escaping () -> Duration = ContinuousClock().stopwatch()) throws(ExplorerError) -> ExplorerResult {
        let params = parameters.mapValues(Value.init(json:))
        let plan = try Planner.plan(prepared.query, graph: graph, parameters: params)
        let budget = Budget(limits.clamped, elapsed: elapsed)
        let executor = Executor(graph: graph, parameters: params, budget: budget)
        var rows = try executor.run(plan)
        let truncated = rows.count > budget.limits.maxRows
        if truncated { rows = Array(rows.prefix(budget.limits.maxRows)) }
        let renderer = ValueRenderer(graph: graph)
        return ExplorerResult(columns: plan.columns, rows: rows.map { $0.map(renderer.json) },
                              nodesVisited: budget.nodesVisited, bindings: budget.bindings,
                              elapsedMilliseconds: elapsed() / .milliseconds(1), truncated: truncated)
    }

    /// What the planner would do, one operator per line.
    public func explain(_ text: String, parameters: [String: JSONValue] = [:]) throws(ExplorerError) -> [String] {
        let q = try Parser.parse(text)
        return try Planner.plan(q, graph: graph, parameters: parameters.mapValues(Value.init(json:))).description
    }
}

public struct ExplorerResult: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[JSONValue]]
    public var nodesVisited: Int
    public var bindings: Int
    public var elapsedMilliseconds: Double
    public var truncated: Bool
}

extension ContinuousClock {
    /// Time since now, each time it is called.
    public func stopwatch() -> @Sendable () -> Duration {
        let start = now
        return { ContinuousClock.now - start }
    }
}

/// Values as the reply shows them: nodes `{id, label, name, properties}`, relationships
/// `{type, from, to, properties}`, paths as the list node, relationship, node, ….
struct ValueRenderer {
    let graph: ExplorerGraph

    func json(_ v: Value) -> JSONValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return d.isFinite ? .number(d) : .string("\(d)")
        case .string(let s): return .string(s)
        case .list(let l): return .array(l.map(json))
        case .map(let m): return .object(m.mapValues(json))
        case .node(let n):
            let i = Int(n)
            return .object(["id": .string(graph.nodeIDs[i]), "label": .string(graph.labelNames[Int(graph.nodeLabels[i][0])]),
                            "name": .string(graph.nodeNames[i]), "properties": .object(graph.nodeProperties[i].mapValues(json))])
        case .relationship(let r):
            let i = Int(r)
            return .object(["type": .string(graph.typeNames[Int(graph.edgeType[i])]),
                            "from": .string(graph.nodeIDs[Int(graph.edgeSrc[i])]),
                            "to": .string(graph.nodeIDs[Int(graph.edgeDst[i])]),
                            "properties": .object(graph.edgeProperties[i].mapValues(json))])
        case .path(let p):
            var out: [JSONValue] = []
            for (k, n) in p.nodes.enumerated() {
                out.append(json(.node(n)))
                if k < p.relationships.count { out.append(json(.relationship(p.relationships[k]))) }
            }
            return .array(out)
        }
    }
}
