import PalisadeModel

/// Operators of the check language: Kleene logic, comparisons, `in`, member access, indexing.
enum Ops {
    static func binary(_ op: BinaryOp, _ l: @escaping Eval, _ r: @escaping Eval, at: SourceLocation) -> Eval {
        switch op {
        case .and: return { frame throws(EvalError) in try and(l, r, frame, at: at) }
        case .or: return { frame throws(EvalError) in try or(l, r, frame, at: at) }
        case .eq, .ne:
            let negated = op == .ne
            return { frame throws(EvalError) in
                let a = try l(frame), b = try r(frame)
                frame.noteCompared(a, b)
                switch try equals(a, b, at: at) {
                case .bool(let x): return .bool(x != negated)
                case let other: return other
                }
            }
        case .lt, .le, .gt, .ge:
            return { frame throws(EvalError) in
                let a = try l(frame), b = try r(frame)
                frame.noteCompared(a, b)
                return try compare(op, a, b, at: at)
            }
        case .in:
            return { frame throws(EvalError) in
                let item = try l(frame), container = try r(frame)
                if case .list(let list) = container { frame.noteMembership(item, list) }
                return try contains(container, item, at: at)
            }
        }
    }

    /// `x in [constants]`: a set lookup instead of a scan of the list on every evaluation.
    static func member(of set: Set<JSONValue>, _ item: @escaping Eval, at: SourceLocation) -> Eval {
        { frame throws(EvalError) in
            let v = try item(frame)
            if case .unknown = v { return v }
            guard let j = v.json else { throw EvalError("'in' cannot look for a \(v.typeName)", at: at) }
            frame.noteMembership(v, set)
            return .bool(set.contains(j))
        }
    }

    /// `x == constant` / `x != constant`: compares without evaluating (and copying) the constant each time.
    static func equals(_ item: @escaping Eval, constant: Value, negated: Bool, at: SourceLocation) -> Eval {
        { frame throws(EvalError) in
            let v = try item(frame)
            frame.noteCompared(v, constant)
            switch try equals(v, constant, at: at) {
            case .bool(let b): return .bool(b != negated)
            case let other: return other
            }
        }
    }

    /// A logic operand: a bool, unknown (with reason), or a run-time error to rethrow unless the other side decides.
    private enum Logic { case value(Bool), unknown(String), failed(EvalError) }

    private static func logic(_ e: Eval, _ frame: Subject, op: String, at: SourceLocation) -> Logic {
        do {
            switch try e(frame) {
            case .bool(let b): return .value(b)
            case .unknown(let r): return .unknown(r)
            case let other: return .failed(EvalError("'\(op)' expects bools, got a \(other.typeName)", at: at))
            }
        } catch { return .failed(error) }
    }

    /// Kleene AND: false wins over unknown and over errors; otherwise unknown, then errors, propagate.
    static func and(_ l: Eval, _ r: Eval, _ frame: Subject, at: SourceLocation) throws(EvalError) -> Value {
        let left = logic(l, frame, op: "&&", at: at)
        if case .value(false) = left { return .bool(false) }
        let right = logic(r, frame, op: "&&", at: at)
        switch (left, right) {
        case (_, .value(false)): return .bool(false)
        case (.failed(let e), _), (_, .failed(let e)): throw e
        case (.unknown(let why), _), (_, .unknown(let why)): return .unknown(why)
        default: return .bool(true)
        }
    }

    /// Kleene OR: true wins over unknown and over errors.
    static func or(_ l: Eval, _ r: Eval, _ frame: Subject, at: SourceLocation) throws(EvalError) -> Value {
        let left = logic(l, frame, op: "||", at: at)
        if case .value(true) = left { return .bool(true) }
        let right = logic(r, frame, op: "||", at: at)
        switch (left, right) {
        case (_, .value(true)): return .bool(true)
        case (.failed(let e), _), (_, .failed(let e)): throw e
        case (.unknown(let why), _), (_, .unknown(let why)): return .unknown(why)
        default: return .bool(false)
        }
    }

    /// `==`: null compares with anything; otherwise both sides must have the same type.
    static func equals(_ a: Value, _ b: Value, at: SourceLocation) throws(EvalError) -> Value {
        switch (a, b) {
        case (.unknown(let r), _), (_, .unknown(let r)): return .unknown(r)
        case (.null, .null): return .bool(true)
        case (.null, _), (_, .null): return .bool(false)
        case (.bool(let x), .bool(let y)): return .bool(x == y)
        case (.number(let x), .number(let y)): return .bool(x == y)
        case (.string(let x), .string(let y)): return .bool(x == y)
        case (.list(let x), .list(let y)): return .bool(x == y)
        case (.object(let x), .object(let y)): return .bool(x == y)
        default:
            throw EvalError("cannot compare a \(a.typeName) with a \(b.typeName) using '=='/'!='", at: at)
        }
    }

    static func compare(_ op: BinaryOp, _ a: Value, _ b: Value, at: SourceLocation) throws(EvalError) -> Value {
        let ordering: Int
        switch (a, b) {
        case (.unknown(let r), _), (_, .unknown(let r)): return .unknown(r)
        case (.number(let x), .number(let y)): ordering = x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): ordering = x < y ? -1 : (x > y ? 1 : 0)
        default:
            throw EvalError("cannot order a \(a.typeName) and a \(b.typeName) with '\(op.rawValue)' (numbers or strings only)",
                            at: at)
        }
        switch op {
        case .lt: return .bool(ordering < 0)
        case .le: return .bool(ordering <= 0)
        case .gt: return .bool(ordering > 0)
        default: return .bool(ordering >= 0)
        }
    }

    /// `x in container`: list membership, object key, substring. Null container holds nothing.
    static func contains(_ container: Value, _ item: Value, at: SourceLocation) throws(EvalError) -> Value {
        switch (container, item) {
        case (.unknown(let r), _), (_, .unknown(let r)): return .unknown(r)
        case (.null, _): return .bool(false)
        case (.list(let list), _):
            guard let j = item.json else { throw EvalError("'in' cannot look for a \(item.typeName)", at: at) }
            return .bool(list.contains(j))
        case (.object(let o), .string(let key)): return .bool(o[key] != nil)
        case (.string(let s), .string(let sub)): return .bool(s.contains(sub))
        default:
            throw EvalError("'in' cannot look for a \(item.typeName) in a \(container.typeName)", at: at)
        }
    }

    static func member(_ v: Value, _ key: String, at: SourceLocation) throws(EvalError) -> Value {
        switch v {
        case .unknown, .null: return v
        case .object(let o): return o[key].map(Value.init) ?? .null
        case .resource(let r): return Value.property(key, of: r)
        default: throw EvalError("cannot read '.\(key)' of a \(v.typeName)", at: at)
        }
    }

    static func index(_ v: Value, _ k: Value, at: SourceLocation) throws(EvalError) -> Value {
        switch (v, k) {
        case (.unknown, _): return v
        case (_, .unknown): return k
        case (.null, _): return .null
        case (.object(let o), .string(let key)): return o[key].map(Value.init) ?? .null
        case (.resource(let r), .string(let key)): return Value.property(key, of: r)
        case (.list, .number(let n)), (.resources, .number(let n)):
            guard let count = v.elementCount, n.rounded() == n else {
                throw EvalError("a list index must be a whole number", at: at)
            }
            let i = Int(n)
            return i >= 0 && i < count ? v.element(i) : .null
        default: throw EvalError("cannot index a \(v.typeName) with a \(k.typeName)", at: at)
        }
    }
}
