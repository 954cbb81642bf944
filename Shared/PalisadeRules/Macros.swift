import PalisadeModel

/// List macros: `list.exists(x, p)`, `list.all(x, p)`, `list.filter(x, p)`. A null list is empty;
/// an unknown list is unknown. `exists`/`all` combine their predicates with Kleene OR/AND.
enum Macros {
    static let names: Set<String> = ["exists", "all", "filter"]

    static func make(_ name: String, list: @escaping Eval, slot: Int, predicate: @escaping Eval, at: SourceLocation)
        -> Eval
    {
        { frame throws(EvalError) in
            let l = try list(frame)
            if case .unknown = l { return l }
            guard let count = l.elementCount else {
                throw EvalError("'\(name)' expects a list, got a \(l.typeName)", at: at)
            }
            switch name {
            case "exists": return try quantify(l, count, slot, predicate, frame, decisive: true, at: at)
            case "all": return try quantify(l, count, slot, predicate, frame, decisive: false, at: at)
            default: return try filter(l, count, slot, predicate, frame, at: at)
            }
        }
    }

    /// exists: `decisive` = true (one true decides); all: `decisive` = false (one false decides).
    private static func quantify(_ l: Value, _ count: Int, _ slot: Int, _ p: Eval, _ frame: Subject, decisive: Bool,
                                 at: SourceLocation) throws(EvalError) -> Value {
        var unknown: String?
        var failure: EvalError?
        for i in 0..<count {
            frame.locals[slot] = l.element(i)
            do {
                switch try p(frame) {
                case .bool(let b): if b == decisive { return .bool(decisive) }
                case .unknown(let r): if unknown == nil { unknown = r }
                case let other:
                    if failure == nil { failure = EvalError("the predicate must give a bool, got a \(other.typeName)", at: at) }
                }
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
        if let unknown { return .unknown(unknown) }
        return .bool(!decisive)
    }

    /// Keeps the elements whose predicate is true; an unknown predicate makes the whole result unknown.
    private static func filter(_ l: Value, _ count: Int, _ slot: Int, _ p: Eval, _ frame: Subject, at: SourceLocation)
        throws(EvalError) -> Value
    {
        var kept: [Int] = []
        for i in 0..<count {
            frame.locals[slot] = l.element(i)
            switch try p(frame) {
            case .bool(true): kept.append(i)
            case .bool(false): break
            case .unknown(let r): return .unknown(r)
            case let other: throw EvalError("the filter predicate must give a bool, got a \(other.typeName)", at: at)
            }
        }
        switch l {
        case .resources(let r): return .resources(kept.map { r[$0] })
        case .list(let a): return .list(kept.map { a[$0] })
        default: return .list([])
        }
    }
}
