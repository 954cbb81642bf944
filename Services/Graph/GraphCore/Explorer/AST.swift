/// The parsed form of a query (docs/explorer.md § Grammar). Pure values; the planner turns them into a plan.
struct Query: Sendable, Hashable {
    var clauses: [Clause]
}

enum Clause: Sendable, Hashable {
    case match(MatchClause)
    case with(Projection)
    case `return`(Projection)
}

struct MatchClause: Sendable, Hashable {
    var optional: Bool
    var patterns: [PatternPart]
    var predicate: Expr?
}

/// `p = (a)-[r]->(b)…`: a start node and steps; `path` names the whole chain.
struct PatternPart: Sendable, Hashable {
    var path: String?
    var start: NodePattern
    var steps: [PatternStep]
}

struct PatternStep: Sendable, Hashable {
    var relationship: RelationshipPattern
    var node: NodePattern
}

struct NodePattern: Sendable, Hashable {
    var variable: String?
    var labels: [String]
    var properties: [(String, Expr)]
    var position: SourcePosition

    static func == (a: NodePattern, b: NodePattern) -> Bool {
        a.variable == b.variable && a.labels == b.labels && a.position == b.position
            && a.properties.map(\.0) == b.properties.map(\.0) && a.properties.map(\.1) == b.properties.map(\.1)
    }
    func hash(into h: inout Hasher) { h.combine(variable); h.combine(labels); h.combine(position) }
}

enum Direction: Sendable, Hashable {
    case outgoing   // -[]->
    case incoming   // <-[]-
    case either     // -[]-

    var reversed: Direction {
        switch self {
        case .outgoing: .incoming
        case .incoming: .outgoing
        case .either: .either
        }
    }
}

struct RelationshipPattern: Sendable, Hashable {
    var variable: String?
    var types: [String]
    var direction: Direction
    /// nil: exactly one relationship; otherwise `*min..max` (bounded, max ≤ `Explorer.maxHops`).
    var hops: ClosedRange<Int>?
    var properties: [(String, Expr)]
    var position: SourcePosition

    static func == (a: RelationshipPattern, b: RelationshipPattern) -> Bool {
        a.variable == b.variable && a.types == b.types && a.direction == b.direction && a.hops == b.hops
            && a.position == b.position && a.properties.map(\.0) == b.properties.map(\.0)
            && a.properties.map(\.1) == b.properties.map(\.1)
    }
    func hash(into h: inout Hasher) { h.combine(variable); h.combine(types); h.combine(position) }
}

struct Projection: Sendable, Hashable {
    var distinct: Bool
    /// `*`: every variable in scope, by name.
    var star: Bool
    var items: [ProjectionItem]
    var orderBy: [SortItem]
    var skip: Expr?
    var limit: Expr?
    /// `WITH … WHERE`.
    var predicate: Expr?
}

struct ProjectionItem: Sendable, Hashable {
    var expr: Expr
    /// The column name: the alias, else the expression as written.
    var name: String
}

struct SortItem: Sendable, Hashable {
    var expr: Expr
    var descending: Bool
}

/// Expressions. `text` of a variable or property is what a column is named after.
indirect enum Expr: Sendable, Hashable {
    case literal(Value)
    case parameter(String, SourcePosition)
    case variable(String, SourcePosition)
    case property(Expr, String)
    case list([Expr])
    case map([String], [Expr])
    case not(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case xor(Expr, Expr)
    case compare(CompareOp, Expr, Expr)
    case arithmetic(ArithmeticOp, Expr, Expr)
    case negate(Expr)
    case isNull(Expr, negated: Bool)
    case inList(Expr, Expr)
    case string(StringOp, Expr, Expr)
    case regex(Expr, Expr)
    case subscript_(Expr, Expr)
    /// `name(args)`; `distinct` for `count(DISTINCT x)`; `star` for `count(*)`.
    case call(String, [Expr], distinct: Bool, star: Bool, SourcePosition)
    /// `any(x IN list WHERE pred)`, `all(…)`, `none(…)`, `single(…)`.
    case quantifier(Quantifier, String, Expr, Expr)
    /// `[x IN list WHERE predicate | projection]` (both parts optional).
    case comprehension(String, Expr, Expr?, Expr?)
    case caseWhen([(Expr, Expr)], Expr?)

    static func == (a: Expr, b: Expr) -> Bool { a.key == b.key }
    func hash(into h: inout Hasher) { h.combine(key) }
    /// A structural rendering used for equality and for naming columns of unaliased aggregates.
    var key: String { "\(self.rendered)" }
}

enum CompareOp: String, Sendable, Hashable { case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">=" }
enum ArithmeticOp: String, Sendable, Hashable { case add = "+", sub = "-", mul = "*", div = "/", mod = "%" }
enum StringOp: String, Sendable, Hashable { case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS" }
enum Quantifier: String, Sendable, Hashable { case any, all, none, single }

extension Expr {
    /// The expression in query syntax (for column names and plans).
    var rendered: String {
        switch self {
        case .literal(let v): return v.literalText
        case .parameter(let n, _): return "$\(n)"
        case .variable(let n, _): return n
        case .property(let e, let k): return "\(e.rendered).\(k)"
        case .list(let es): return "[" + es.map(\.rendered).joined(separator: ", ") + "]"
        case .map(let ks, let vs): return "{" + zip(ks, vs).map { "\($0): \($1.rendered)" }.joined(separator: ", ") + "}"
        case .not(let e): return "NOT \(e.rendered)"
        case .and(let a, let b): return "\(a.rendered) AND \(b.rendered)"
        case .or(let a, let b): return "\(a.rendered) OR \(b.rendered)"
        case .xor(let a, let b): return "\(a.rendered) XOR \(b.rendered)"
        case .compare(let op, let a, let b): return "\(a.rendered) \(op.rawValue) \(b.rendered)"
        case .arithmetic(let op, let a, let b): return "\(a.rendered) \(op.rawValue) \(b.rendered)"
        case .negate(let e): return "-\(e.rendered)"
        case .isNull(let e, let n): return "\(e.rendered) IS \(n ? "NOT " : "")NULL"
        case .inList(let a, let b): return "\(a.rendered) IN \(b.rendered)"
        case .string(let op, let a, let b): return "\(a.rendered) \(op.rawValue) \(b.rendered)"
        case .regex(let a, let b): return "\(a.rendered) =~ \(b.rendered)"
        case .subscript_(let a, let b): return "\(a.rendered)[\(b.rendered)]"
        case .call(let n, let args, let d, let star, _):
            return "\(n)(" + (star ? "*" : (d ? "DISTINCT " : "") + args.map(\.rendered).joined(separator: ", ")) + ")"
        case .quantifier(let q, let v, let l, let p): return "\(q.rawValue)(\(v) IN \(l.rendered) WHERE \(p.rendered))"
        case .comprehension(let v, let l, let w, let m):
            return "[\(v) IN \(l.rendered)" + (w.map { " WHERE \($0.rendered)" } ?? "") + (m.map { " | \($0.rendered)" } ?? "") + "]"
        case .caseWhen(let ws, let e):
            return "CASE " + ws.map { "WHEN \($0.0.rendered) THEN \($0.1.rendered)" }.joined(separator: " ")
                + (e.map { " ELSE \($0.rendered)" } ?? "") + " END"
        }
    }

    /// Variables the expression reads that it does not bind itself.
    var freeVariables: Set<String> {
        switch self {
        case .literal, .parameter: return []
        case .variable(let n, _): return [n]
        case .property(let e, _), .not(let e), .negate(let e), .isNull(let e, _): return e.freeVariables
        case .list(let es): return es.reduce(into: []) { $0.formUnion($1.freeVariables) }
        case .map(_, let vs): return vs.reduce(into: []) { $0.formUnion($1.freeVariables) }
        case .and(let a, let b), .or(let a, let b), .xor(let a, let b), .compare(_, let a, let b),
             .arithmetic(_, let a, let b), .inList(let a, let b), .string(_, let a, let b), .regex(let a, let b),
             .subscript_(let a, let b):
            return a.freeVariables.union(b.freeVariables)
        case .call(_, let args, _, _, _): return args.reduce(into: []) { $0.formUnion($1.freeVariables) }
        case .quantifier(_, let v, let l, let p): return l.freeVariables.union(p.freeVariables.subtracting([v]))
        case .comprehension(let v, let l, let w, let m):
            return l.freeVariables.union((w?.freeVariables ?? []).union(m?.freeVariables ?? []).subtracting([v]))
        case .caseWhen(let ws, let e):
            var out = e?.freeVariables ?? []
            for (c, t) in ws { out.formUnion(c.freeVariables.union(t.freeVariables)) }
            return out
        }
    }

    /// Whether the expression contains an aggregate (count, collect, sum, min, max, avg).
    var hasAggregate: Bool {
        switch self {
        case .call(let n, let args, _, _, _):
            return Functions.aggregates.contains(n.lowercased()) || args.contains { $0.hasAggregate }
        case .literal, .parameter, .variable: return false
        case .property(let e, _), .not(let e), .negate(let e), .isNull(let e, _): return e.hasAggregate
        case .list(let es): return es.contains { $0.hasAggregate }
        case .map(_, let vs): return vs.contains { $0.hasAggregate }
        case .and(let a, let b), .or(let a, let b), .xor(let a, let b), .compare(_, let a, let b),
             .arithmetic(_, let a, let b), .inList(let a, let b), .string(_, let a, let b), .regex(let a, let b),
             .subscript_(let a, let b):
            return a.hasAggregate || b.hasAggregate
        case .quantifier(_, _, let l, let p): return l.hasAggregate || p.hasAggregate
        case .comprehension(_, let l, let w, let m): return l.hasAggregate || (w?.hasAggregate ?? false) || (m?.hasAggregate ?? false)
        case .caseWhen(let ws, let e): return ws.contains { $0.0.hasAggregate || $0.1.hasAggregate } || (e?.hasAggregate ?? false)
        }
    }
}
