import Foundation

/// Evaluates compiled expressions over one row, with openCypher's three-valued logic: null propagates through
/// comparisons and arithmetic, `AND`/`OR` short-circuit on a decided side, a predicate that is null filters the
/// row out. Type errors (adding a string to a node, `size()` of a number) are `graph.query.type`.
struct Evaluator {
    let graph: ExplorerGraph
    let parameters: [String: Value]
    /// Regular expressions compiled once per query run.
    final class RegexCache: @unchecked Sendable {
        var compiled: [String: NSRegularExpression] = [:]
    }
    let regexes = RegexCache()

    func eval(_ e: CExpr, _ row: [Value], aggregates: [Value] = []) throws(ExplorerError) -> Value {
        func sub(_ x: CExpr) throws(ExplorerError) -> Value { try eval(x, row, aggregates: aggregates) }
        switch e {
        case .literal(let v): return v
        case .parameter(let n):
            guard let v = parameters[n] else {
                throw ExplorerError(code: ExplorerError.parameterCode,
                                    message: "parameter $\(n) has no value; pass it (CLI: --param \(n)=VALUE)")
            }
            return v
        case .slot(let s): return s < row.count ? row[s] : .null
        case .aggregate(let i): return i < aggregates.count ? aggregates[i] : .null
        case .property(let x, let k): return try property(try sub(x), k)
        case .list(let xs):
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for x in xs { out.append(try sub(x)) }
            return .list(out)
        case .map(let ks, let vs):
            var m: [String: Value] = [:]
            for (k, v) in zip(ks, vs) { m[k] = try sub(v) }
            return .map(m)
        case .not(let x):
            guard let b = try truth(try sub(x), "NOT") else { return .null }
            return .bool(!b)
        case .and(let a, let b):
            let l = try truth(try sub(a), "AND")
            if l == false { return .bool(false) }
            let r = try truth(try sub(b), "AND")
            if r == false { return .bool(false) }
            return l == nil || r == nil ? .null : .bool(true)
        case .or(let a, let b):
            let l = try truth(try sub(a), "OR")
            if l == true { return .bool(true) }
            let r = try truth(try sub(b), "OR")
            if r == true { return .bool(true) }
            return l == nil || r == nil ? .null : .bool(false)
        case .xor(let a, let b):
            guard let l = try truth(try sub(a), "XOR"), let r = try truth(try sub(b), "XOR") else { return .null }
            return .bool(l != r)
        case .compare(let op, let a, let b):
            return compare(op, try sub(a), try sub(b))
        case .arithmetic(let op, let a, let b):
            return try arithmetic(op, try sub(a), try sub(b))
        case .negate(let x):
            switch try sub(x) {
            case .null: return .null
            case .int(let i): return .int(0 &- i)
            case .double(let d): return .double(-d)
            case let v: throw .type("cannot negate a \(v.typeName)")
            }
        case .isNull(let x, let negated):
            return .bool(try sub(x).isNull != negated)
        case .inList(let a, let b):
            let v = try sub(a), l = try sub(b)
            if l.isNull { return .null }
            guard case .list(let items) = l else { throw .type("IN needs a list on its right, not a \(l.typeName)") }
            var unknown = false
            for item in items {
                switch v.equals(item) {
                case .some(true): return .bool(true)
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? .null : .bool(false)
        case .string(let op, let a, let b):
            let l = try sub(a), r = try sub(b)
            guard case .string(let s) = l, case .string(let t) = r else {
                if l.isNull || r.isNull { return .null }
                throw .type("\(op.rawValue) compares strings, not \(l.typeName) and \(r.typeName)")
            }
            switch op {
            case .startsWith: return .bool(s.hasPrefix(t))
            case .endsWith: return .bool(s.hasSuffix(t))
            case .contains: return .bool(s.contains(t))
            }
        case .regex(let a, let b):
            let l = try sub(a), r = try sub(b)
            guard case .string(let s) = l, case .string(let pattern) = r else {
                if l.isNull || r.isNull { return .null }
                throw .type("=~ matches a string against a string pattern, not \(l.typeName) and \(r.typeName)")
            }
            let re = try regex(pattern)
            return .bool(re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil)
        case .subscript_(let a, let b):
            let l = try sub(a), i = try sub(b)
            switch (l, i) {
            case (.null, _), (_, .null): return .null
            case (.list(let items), .int(let n)):
                let k = n < 0 ? items.count + n : n
                return items.indices.contains(k) ? items[k] : .null
            case (.map, .string(let k)), (.node, .string(let k)), (.relationship, .string(let k)):
                return try property(l, k)
            default: throw .type("cannot index a \(l.typeName) with a \(i.typeName)")
            }
        case .function(let fn, let args):
            var vs: [Value] = []
            for a in args { vs.append(try sub(a)) }
            return try call(fn, vs)
        case .quantifier(let q, let slot, let list, let pred):
            let l = try sub(list)
            if l.isNull { return .null }
            guard case .list(let items) = l else {
                throw .type("\(q.rawValue)() iterates over a list, not a \(l.typeName)")
            }
            var r = row
            while r.count <= slot { r.append(.null) }
            var trues = 0, unknown = 0
            for item in items {
                r[slot] = item
                switch try truth(try eval(pred, r, aggregates: aggregates), "\(q.rawValue)()") {
                case .some(true): trues += 1
                case nil: unknown += 1
                default: break
                }
                if q == .any && trues > 0 { return .bool(true) }
            }
            let falses = items.count - trues - unknown
            switch q {
            case .any: return unknown > 0 ? .null : .bool(false)
            case .all: return falses > 0 ? .bool(false) : (unknown > 0 ? .null : .bool(true))
            case .none: return trues > 0 ? .bool(false) : (unknown > 0 ? .null : .bool(true))
            case .single: return trues > 1 ? .bool(false) : (unknown > 0 ? .null : .bool(trues == 1))
            }
        case .comprehension(let slot, let list, let pred, let proj):
            let l = try sub(list)
            if l.isNull { return .null }
            guard case .list(let items) = l else { throw .type("a list comprehension iterates over a list, not a \(l.typeName)") }
            var r = row
            while r.count <= slot { r.append(.null) }
            var out: [Value] = []
            for item in items {
                r[slot] = item
                if let pred, try truth(try eval(pred, r, aggregates: aggregates), "WHERE") != true { continue }
                out.append(try proj.map { x throws(ExplorerError) in try eval(x, r, aggregates: aggregates) } ?? item)
            }
            return .list(out)
        case .caseWhen(let conds, let thens, let otherwise):
            for (c, t) in zip(conds, thens) where try truth(try sub(c), "CASE WHEN") == true { return try sub(t) }
            return try otherwise.map { x throws(ExplorerError) in try sub(x) } ?? .null
        }
    }

    /// A predicate's truth: booleans are themselves, null is unknown; anything else is a type error.
    func truth(_ v: Value, _ context: String) throws(ExplorerError) -> Bool? {
        switch v {
        case .bool(let b): return b
        case .null: return nil
        default: throw .type("\(context) needs a boolean, not a \(v.typeName)")
        }
    }

    /// Whether a row passes `WHERE`: only a true predicate keeps it.
    func passes(_ e: CExpr, _ row: [Value]) throws(ExplorerError) -> Bool {
        try truth(try eval(e, row), "WHERE") == true
    }

    func property(_ v: Value, _ key: String) throws(ExplorerError) -> Value {
        switch v {
        case .null: return .null
        case .node(let n): return graph.nodeProperties[Int(n)][key] ?? .null
        case .relationship(let r):
            switch key {
            case "type": return .string(graph.typeNames[Int(graph.edgeType[Int(r)])])
            default: return graph.edgeProperties[Int(r)][key] ?? .null
            }
        case .map(let m): return m[key] ?? .null
        default: throw .type("cannot read property '\(key)' of a \(v.typeName)")
        }
    }

    func compare(_ op: CompareOp, _ a: Value, _ b: Value) -> Value {
        switch op {
        case .eq: return a.equals(b).map(Value.bool) ?? .null
        case .ne: return a.equals(b).map { .bool(!$0) } ?? .null
        default:
            guard let c = a.compare(b) else { return .null }
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        }
    }

    func arithmetic(_ op: ArithmeticOp, _ a: Value, _ b: Value) throws(ExplorerError) -> Value {
        switch (op, a, b) {
        case (_, .null, _), (_, _, .null): return .null
        case (.add, .string(let x), .string(let y)): return .string(x + y)
        case (.add, .string(let x), _): return .string(x + (try call(.tostring, [b]).stringText))
        case (.add, .list(let x), .list(let y)): return .list(x + y)
        case (.add, .list(let x), _): return .list(x + [b])
        case (_, .int(let x), .int(let y)):
            switch op {
            case .add: return .int(x &+ y)
            case .sub: return .int(x &- y)
            case .mul: return .int(x &* y)
            case .div:
                guard y != 0 else { throw .type("division by zero") }
                return .int(y == -1 ? 0 &- x : x / y)
            case .mod:
                guard y != 0 else { throw .type("division by zero") }
                return .int(y == -1 ? 0 : x % y)
            }
        default:
            guard let x = a.number, let y = b.number else {
                throw .type("cannot apply '\(op.rawValue)' to a \(a.typeName) and a \(b.typeName)")
            }
            switch op {
            case .add: return .double(x + y)
            case .sub: return .double(x - y)
            case .mul: return .double(x * y)
            case .div: return .double(x / y)
            case .mod: return .double(x.truncatingRemainder(dividingBy: y))
            }
        }
    }

    private func regex(_ pattern: String) throws(ExplorerError) -> NSRegularExpression {
        if let r = regexes.compiled[pattern] { return r }
        // openCypher's =~ matches the whole string.
        guard pattern.count <= 1000, let r = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else {
            throw .type("'\(pattern.prefix(80))' is not a valid regular expression")
        }
        regexes.compiled[pattern] = r
        return r
    }
}

extension Value {
    /// A string's text (for `+` with a string).
    var stringText: String { if case .string(let s) = self { return s }; return literalText }
}
