import PalisadeModel

/// Turns the AST into a closure tree. Names are resolved here once: macro variables get slots, paths are
/// pre-split, functions are looked up and their arity checked.
struct Compiler {
    private var scope: [String: Int] = [:]
    private var depth = 0
    private(set) var relatedNames: Set<String> = []
    /// The expression reads the clock (`days_since`): its value can change while the resource does not.
    private(set) var usesClock = false

    static let resourceFields: Set<String> = ["id", "type", "name", "region", "account", "provider"]

    mutating func compile(_ node: Node) throws(RuleError) -> Eval {
        if let constant = Self.constant(node) { return { _ in constant } }
        switch node {
        case .literal(let v, _):
            return { _ in v }
        case .list(let items, let at):
            let evals = try items.map { (n) throws(RuleError) -> Eval in try compile(n) }
            return { frame throws(EvalError) in
                var out: [JSONValue] = []
                out.reserveCapacity(evals.count)
                for e in evals {
                    let v = try e(frame)
                    if case .unknown = v { return v }
                    guard let j = v.json else { throw EvalError("a list literal cannot hold a \(v.typeName)", at: at) }
                    out.append(j)
                }
                return .list(out)
            }
        case .object(let entries, let at):
            let evals = try entries.map { (e) throws(RuleError) -> (String, Eval) in (e.0, try compile(e.1)) }
            return { frame throws(EvalError) in
                var out: [String: JSONValue] = [:]
                for (key, e) in evals {
                    let v = try e(frame)
                    if case .unknown = v { return v }
                    guard let j = v.json else { throw EvalError("an object literal cannot hold a \(v.typeName)", at: at) }
                    out[key] = j
                }
                return .object(out)
            }
        case .identifier, .member:
            return try path(node)
        case .index(let base, let key, let at):
            let b = try compile(base)
            let k = try compile(key)
            return { frame throws(EvalError) in try Ops.index(try b(frame), try k(frame), at: at) }
        case .unary(.not, let operand, let at):
            let e = try compile(operand)
            return { frame throws(EvalError) in
                switch try e(frame) {
                case .bool(let b): return .bool(!b)
                case .unknown(let r): return .unknown(r)
                case let other: throw EvalError("'!' expects a bool, got a \(other.typeName)", at: at)
                }
            }
        case .unary(.negate, let operand, let at):
            let e = try compile(operand)
            return { frame throws(EvalError) in
                switch try e(frame) {
                case .number(let n): return .number(-n)
                case .unknown(let r): return .unknown(r)
                case let other: throw EvalError("'-' expects a number, got a \(other.typeName)", at: at)
                }
            }
        case .binary(.in, let l, let r, let at):
            if case .list(let items)? = Self.constant(r) { return Ops.member(of: Set(items), try compile(l), at: at) }
            return Ops.binary(.in, try compile(l), try compile(r), at: at)
        case .binary(let op, let l, let r, let at) where op == .eq || op == .ne:
            if let c = Self.constant(r) { return Ops.equals(try compile(l), constant: c, negated: op == .ne, at: at) }
            if let c = Self.constant(l) { return Ops.equals(try compile(r), constant: c, negated: op == .ne, at: at) }
            return Ops.binary(op, try compile(l), try compile(r), at: at)
        case .binary(let op, let l, let r, let at):
            return Ops.binary(op, try compile(l), try compile(r), at: at)
        case .call(let name, let receiver, let args, let at):
            if Macros.names.contains(name) { return try macro(name, receiver: receiver, args: args, at: at) }
            return try call(name, receiver: receiver, args: args, at: at)
        }
    }

    /// The value of a node that reads nothing (a literal, or a list or object literal of constants), folded at
    /// compile time so it is not rebuilt on every evaluation.
    static func constant(_ node: Node) -> Value? {
        switch node {
        case .literal(let v, _): return v
        case .list(let items, _):
            var out: [JSONValue] = []
            for item in items {
                guard let j = constant(item)?.json else { return nil }
                out.append(j)
            }
            return .list(out)
        case .object(let entries, _):
            var out: [String: JSONValue] = [:]
            for (key, item) in entries {
                guard let j = constant(item)?.json else { return nil }
                out[key] = j
            }
            return .object(out)
        default: return nil
        }
    }

    // MARK: paths

    /// Flattens `a.b.c` into root `a` and keys `[b, c]`.
    private func flatten(_ node: Node) -> (root: String, rootAt: SourceLocation, keys: [(String, SourceLocation)])? {
        switch node {
        case .identifier(let name, let at): return (name, at, [])
        case .member(let base, let key, let at):
            guard var f = flatten(base) else { return nil }
            f.keys.append((key, at))
            return f
        default: return nil
        }
    }

    private mutating func path(_ node: Node) throws(RuleError) -> Eval {
        guard let (root, rootAt, keys) = flatten(node) else {
            guard case .member(let base, let key, let at) = node else {
                throw RuleError(code: "rules.semantic", message: "expected a path", location: node.location)
            }
            let b = try compile(base)
            return { frame throws(EvalError) in try Ops.member(try b(frame), key, at: at) }
        }
        let names = keys.map(\.0)
        let locs = keys.map(\.1)
        @Sendable func walk(_ start: Value, from: Int, _ frame: Subject) throws(EvalError) -> Value {
            var v = start
            var i = from
            while i < names.count {
                if case .object(let o) = v {
                    return try Self.walkJSON(o[names[i]], names, locs, from: i + 1)
                }
                v = try Ops.member(v, names[i], at: locs[i])
                i += 1
            }
            return v
        }
        if let slot = scope[root] {
            return { frame throws(EvalError) in try walk(frame.locals[slot], from: 0, frame) }
        }
        switch root {
        case "resource":
            guard let (field, at) = keys.first else {
                throw RuleError(code: "rules.semantic",
                                message: "expected 'resource.<field>' (one of \(Self.resourceFields.sorted().joined(separator: ", ")))",
                                location: rootAt)
            }
            guard Self.resourceFields.contains(field) else {
                throw RuleError(code: "rules.semantic",
                                message: "unknown resource field '\(field)': expected one of \(Self.resourceFields.sorted().joined(separator: ", "))",
                                location: at)
            }
            let get: @Sendable (Resource) -> String =
                switch field {
                case "id": { $0.id }
                case "type": { $0.type }
                case "name": { $0.name }
                case "region": { $0.region }
                case "account": { $0.account }
                default: { $0.provider }
                }
            return { frame throws(EvalError) in try walk(.string(get(frame.resource)), from: 1, frame) }
        case "tags":
            if let (tag, _) = keys.first {
                return { frame throws(EvalError) in
                    try walk(frame.resource.tags[tag].map { .string($0) } ?? .null, from: 1, frame)
                }
            }
            return { frame in .object(frame.resource.tags.mapValues { .string($0) }) }
        case "related":
            guard let (name, _) = keys.first else {
                throw RuleError(code: "rules.semantic", message: "expected 'related.<relation>'", location: rootAt)
            }
            relatedNames.insert(name)
            return { frame throws(EvalError) in
                try walk(frame.related[name] ?? .unknown("related '\(name)' was not resolved for this resource"),
                         from: 1, frame)
            }
        case "properties":
            guard let (key, _) = keys.first else {
                return { frame in .object(frame.properties) }
            }
            return Self.propertyPath(key, Array(names.dropFirst()), Array(locs.dropFirst()))
        default:
            return Self.propertyPath(root, names, locs)
        }
    }

    /// `key.k1.k2…` into the resource's properties. The steps are taken on the JSON itself (a dictionary lookup
    /// each, no intermediate values); only the last value becomes a `Value`. An unknown property is unknown.
    private static func propertyPath(_ key: String, _ names: [String], _ locs: [SourceLocation]) -> Eval {
        { frame throws(EvalError) in
            if frame.anyUnknown, let reason = frame.resource.unknown[key] { return .unknown("\(key) is unknown: \(reason)") }
            return try walkJSON(frame.properties[key], names, locs, from: 0)
        }
    }

    /// Follows `names` from a JSON value: a missing key or a null on the way gives null.
    private static func walkJSON(_ start: JSONValue?, _ names: [String], _ locs: [SourceLocation], from: Int)
        throws(EvalError) -> Value
    {
        guard var json = start else { return .null }
        var i = from
        while i < names.count {
            switch json {
            case .object(let o):
                guard let next = o[names[i]] else { return .null }
                json = next
            case .null: return .null
            default: throw EvalError("cannot read '.\(names[i])' of a \(Value(json).typeName)", at: locs[i])
            }
            i += 1
        }
        return Value(json)
    }

    // MARK: macros and calls

    private mutating func macro(_ name: String, receiver: Node?, args: [Node], at: SourceLocation) throws(RuleError)
        -> Eval
    {
        guard let receiver else {
            throw RuleError(code: "rules.semantic", message: "'\(name)' is a list macro: expected '<list>.\(name)(x, <predicate>)'",
                            location: at)
        }
        guard args.count == 2, case .identifier(let variable, _) = args[0] else {
            throw RuleError(code: "rules.semantic",
                            message: "expected '\(name)(<variable>, <predicate>)' with a variable name first", location: at)
        }
        let list = try compile(receiver)
        let slot = depth
        guard slot < Subject.maxLocals else {
            throw RuleError(code: "rules.semantic",
                            message: "list macros nest deeper than \(Subject.maxLocals): split the check into simpler ones",
                            location: at)
        }
        depth += 1
        let saved = scope[variable]
        scope[variable] = slot
        let predicate = try compile(args[1])
        scope[variable] = saved
        depth -= 1
        return Macros.make(name, list: list, slot: slot, predicate: predicate, at: at)
    }

    private mutating func call(_ name: String, receiver: Node?, args: [Node], at: SourceLocation) throws(RuleError)
        -> Eval
    {
        let all = (receiver.map { [$0] } ?? []) + args
        if Builtins.clockFunctions.contains(name) { usesClock = true }
        guard let builtin = Builtins.table[name] else {
            throw RuleError(code: "rules.semantic",
                            message: "unknown function '\(name)': expected one of \((Builtins.table.keys.sorted() + Macros.names.sorted()).joined(separator: ", "))",
                            location: at)
        }
        guard builtin.arity.contains(all.count) else {
            let want = builtin.arity.lowerBound == builtin.arity.upperBound
                ? "\(builtin.arity.lowerBound)" : "\(builtin.arity.lowerBound)...\(builtin.arity.upperBound)"
            throw RuleError(code: "rules.semantic",
                            message: "'\(name)' takes \(want) argument(s) (a method receiver counts as the first), got \(all.count)",
                            location: at)
        }
        if name == "matches", case .literal(.string(let pattern), let patternAt) = all[1] {
            let regex = try Builtins.compileRegex(pattern, at: patternAt)
            let subject = try compile(all[0])
            return { frame throws(EvalError) in
                switch try subject(frame) {
                case .string(let s): return .bool(regex.matches(s))
                case .unknown(let r): return .unknown(r)
                case let other: throw EvalError("'matches' expects a string, got a \(other.typeName)", at: at)
                }
            }
        }
        let evals = try all.map { (n) throws(RuleError) -> Eval in try compile(n) }
        let impl = builtin.impl
        let count = evals.count
        return { frame throws(EvalError) in
            try withUnsafeTemporaryAllocation(of: Value.self, capacity: count) { (buffer) throws(EvalError) -> Value in
                var filled = 0
                defer { _ = buffer[..<filled].deinitialize() }
                for e in evals {
                    let v = try e(frame)
                    if case .unknown = v { return v }
                    buffer.initializeElement(at: filled, to: v)
                    filled += 1
                }
                return try impl(Args(values: buffer), at, frame)
            }
        }
    }
}
