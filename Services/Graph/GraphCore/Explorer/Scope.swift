/// Variables in scope at one point of a query, each with its row slot and what it holds.
struct Scope: Sendable {
    enum Kind: Sendable, Hashable { case node, relationship, relationshipList, path, value }

    /// Visible names in the order they were bound.
    private(set) var names: [String] = []
    private var kinds: [Int: Kind] = [:]
    private var slots: [String: Int] = [:]
    /// Row width: one past the highest slot.
    private(set) var width = 0

    func slot(_ name: String) -> Int? { slots[name] }
    func kind(_ slot: Int) -> Kind { kinds[slot] ?? .value }

    /// Adds `name` at the next slot (or returns its slot when it is already bound).
    @discardableResult
    mutating func bind(_ name: String, _ kind: Kind) -> Int {
        if let s = slots[name] { return s }
        return alias(name, slot: width, kind)
    }

    /// Names `slot` (unless `name` is already bound): for scopes over concatenated rows.
    @discardableResult
    mutating func alias(_ name: String, slot: Int, _ kind: Kind) -> Int {
        if let s = slots[name] { return s }
        slots[name] = slot
        names.append(name)
        kinds[slot] = kind
        width = max(width, slot + 1)
        return slot
    }
}

/// An expression with its variables resolved to row slots and its functions to the built-ins.
indirect enum CExpr: Sendable {
    case literal(Value)
    case parameter(String)
    case slot(Int)
    case property(CExpr, String)
    case list([CExpr])
    case map([String], [CExpr])
    case not(CExpr)
    case and(CExpr, CExpr)
    case or(CExpr, CExpr)
    case xor(CExpr, CExpr)
    case compare(CompareOp, CExpr, CExpr)
    case arithmetic(ArithmeticOp, CExpr, CExpr)
    case negate(CExpr)
    case isNull(CExpr, negated: Bool)
    case inList(CExpr, CExpr)
    case string(StringOp, CExpr, CExpr)
    case regex(CExpr, CExpr)
    case subscript_(CExpr, CExpr)
    case function(Functions.Scalar, [CExpr])
    /// The i-th aggregate of the projection being computed.
    case aggregate(Int)
    case quantifier(Quantifier, slot: Int, CExpr, CExpr)
    case comprehension(slot: Int, CExpr, CExpr?, CExpr?)
    case caseWhen([CExpr], [CExpr], CExpr?)
}

/// One aggregate of a projection: `count(DISTINCT x)`, `collect(n.name)`, `count(*)`.
struct AggregateSpec: Sendable {
    var function: Functions.Aggregate
    var argument: CExpr?
    var distinct: Bool
}

/// Resolves an `Expr` against a scope. Aggregates are allowed only where `aggregates` is given; each one found is
/// appended there and replaced by a reference.
struct ExprCompiler {
    var scope: Scope

    func compile(_ e: Expr) throws(ExplorerError) -> CExpr {
        var none: [AggregateSpec]? = nil
        return try compile(e, aggregates: &none, locals: [:])
    }

    func compile(_ e: Expr, aggregates: inout [AggregateSpec]?, locals: [String: Int]) throws(ExplorerError) -> CExpr {
        func sub(_ x: Expr) throws(ExplorerError) -> CExpr { try compile(x, aggregates: &aggregates, locals: locals) }
        switch e {
        case .literal(let v): return .literal(v)
        case .parameter(let n, _): return .parameter(n)
        case .variable(let n, let pos):
            if let l = locals[n] { return .slot(l) }
            guard let s = scope.slot(n) else {
                let known = scope.names.sorted()
                var msg = "line \(pos.line), column \(pos.column): variable '\(n)' is not defined"
                if let near = ExplorerVocabulary.nearest(n, in: known) { msg += "; did you mean '\(near)'?" }
                msg += known.isEmpty ? " (no variables are in scope here)"
                                     : " (in scope: \(known.joined(separator: ", ")))"
                throw ExplorerError(code: ExplorerError.unknownVariableCode, message: msg, line: pos.line, column: pos.column)
            }
            return .slot(s)
        case .property(let x, let k): return .property(try sub(x), k)
        case .list(let xs):
            var out: [CExpr] = []
            for x in xs { out.append(try sub(x)) }
            return .list(out)
        case .map(let ks, let vs):
            var out: [CExpr] = []
            for v in vs { out.append(try sub(v)) }
            return .map(ks, out)
        case .not(let x): return .not(try sub(x))
        case .and(let a, let b): return .and(try sub(a), try sub(b))
        case .or(let a, let b): return .or(try sub(a), try sub(b))
        case .xor(let a, let b): return .xor(try sub(a), try sub(b))
        case .compare(let op, let a, let b): return .compare(op, try sub(a), try sub(b))
        case .arithmetic(let op, let a, let b): return .arithmetic(op, try sub(a), try sub(b))
        case .negate(let x): return .negate(try sub(x))
        case .isNull(let x, let n): return .isNull(try sub(x), negated: n)
        case .inList(let a, let b): return .inList(try sub(a), try sub(b))
        case .string(let op, let a, let b): return .string(op, try sub(a), try sub(b))
        case .regex(let a, let b): return .regex(try sub(a), try sub(b))
        case .subscript_(let a, let b): return .subscript_(try sub(a), try sub(b))
        case .quantifier(let q, let v, let list, let pred):
            let l = try sub(list)
            var inner = locals
            let slot = scope.width + locals.count
            inner[v] = slot
            return .quantifier(q, slot: slot, l, try compile(pred, aggregates: &aggregates, locals: inner))
        case .comprehension(let v, let list, let pred, let proj):
            let l = try sub(list)
            var inner = locals
            let slot = scope.width + locals.count
            inner[v] = slot
            let p = try pred.map { x throws(ExplorerError) in try compile(x, aggregates: &aggregates, locals: inner) }
            let m = try proj.map { x throws(ExplorerError) in try compile(x, aggregates: &aggregates, locals: inner) }
            return .comprehension(slot: slot, l, p, m)
        case .caseWhen(let whens, let otherwise):
            var cs: [CExpr] = [], ts: [CExpr] = []
            for (c, t) in whens {
                cs.append(try sub(c))
                ts.append(try sub(t))
            }
            return .caseWhen(cs, ts, try otherwise.map { x throws(ExplorerError) in try sub(x) })
        case .call(let name, let args, let distinct, let star, let pos):
            let lower = name.lowercased()
            if let agg = Functions.Aggregate(rawValue: lower) {
                guard aggregates != nil else {
                    throw .syntax("\(name)() aggregates rows and may only be used in WITH or RETURN", at: pos)
                }
                if star && agg != .count { throw .syntax("only count(*) takes '*'", at: pos) }
                guard star || args.count == 1 else {
                    throw .syntax("\(name)() takes one argument, not \(args.count)", at: pos)
                }
                var none: [AggregateSpec]? = nil
                let arg = try star ? nil : compile(args[0], aggregates: &none, locals: locals)
                aggregates!.append(AggregateSpec(function: agg, argument: arg, distinct: distinct))
                return .aggregate(aggregates!.count - 1)
            }
            guard let fn = Functions.Scalar(rawValue: lower) else {
                var msg = "unknown function '\(name)'"
                let all = Functions.Scalar.allCases.map(\.rawValue) + Functions.Aggregate.allCases.map(\.rawValue)
                if let near = ExplorerVocabulary.nearest(lower, in: all) { msg += "; did you mean '\(near)'?" }
                throw .syntax(msg, at: pos)
            }
            guard fn.arity.contains(args.count), !star, !distinct else {
                throw .syntax("\(name)() takes \(fn.arityText), not \(star ? "*" : "\(args.count)")", at: pos)
            }
            var out: [CExpr] = []
            for a in args { out.append(try sub(a)) }
            return .function(fn, out)
        }
    }
}
