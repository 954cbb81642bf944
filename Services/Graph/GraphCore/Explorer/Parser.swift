/// Recursive-descent parser for the explorer's openCypher subset (grammar in docs/explorer.md). Pure. Every
/// failure is a `graph.query.syntax` error naming the line, the column, what was expected and what was found;
/// nesting deeper than `maxDepth` is refused rather than recursed into.
struct Parser {
    static let maxDepth = 256
    /// Variable-length relationships may span at most this many hops (`*1..8`).
    static let maxHops = 8
    /// Relationships per pattern and patterns per MATCH (the executor recurses once per element).
    static let maxSteps = 32
    static let maxParts = 16

    private var tokens: [Token]
    private var at = 0
    private var depth = 0

    static let reserved: Set<String> = [
        "MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "DISTINCT", "ORDER", "BY", "ASC", "ASCENDING", "DESC",
        "DESCENDING", "SKIP", "LIMIT", "AND", "OR", "XOR", "NOT", "IN", "STARTS", "ENDS", "CONTAINS", "IS", "NULL",
        "TRUE", "FALSE", "AS", "CASE", "WHEN", "THEN", "ELSE", "END", "CREATE", "DELETE", "SET", "MERGE", "REMOVE",
        "DETACH", "UNWIND", "UNION", "CALL",
    ]
    /// Clauses of openCypher that change the graph or that the explorer does not offer: named in the error.
    static let unsupported: Set<String> = ["CREATE", "DELETE", "SET", "MERGE", "REMOVE", "DETACH", "UNWIND", "UNION", "CALL"]

    init(_ text: String) throws(ExplorerError) {
        tokens = try Lexer.tokens(text)
    }

    static func parse(_ text: String) throws(ExplorerError) -> Query {
        var p = try Parser(text)
        return try p.query()
    }

    // MARK: tokens

    private var current: Token { tokens[min(at, tokens.count - 1)] }
    private var next: Token { tokens[min(at + 1, tokens.count - 1)] }
    private mutating func bump() { if at < tokens.count - 1 { at += 1 } }

    private func fail(_ expected: String) -> ExplorerError {
        .syntax("expected \(expected) but found \(current.shown)", at: current.position)
    }

    private mutating func accept(keyword k: String) -> Bool {
        guard current.isKeyword(k) else { return false }
        bump()
        return true
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        bump()
        return true
    }

    private mutating func expect(_ symbol: String, or others: [String] = []) throws(ExplorerError) {
        guard accept(symbol) else { throw fail(([symbol] + others).map { "'\($0)'" }.joinedAsAlternatives) }
    }

    private mutating func expect(keyword k: String) throws(ExplorerError) {
        guard accept(keyword: k) else { throw fail(k) }
    }

    private mutating func enter() throws(ExplorerError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw .syntax("the query nests deeper than \(Self.maxDepth) levels", at: current.position)
        }
    }

    /// A variable, alias, property key or function name.
    private mutating func name(_ what: String) throws(ExplorerError) -> String {
        let t = current
        if t.kind == .quotedName { bump(); return t.text }
        guard t.kind == .identifier, !Self.reserved.contains(t.text.uppercased()) else { throw fail(what) }
        bump()
        return t.text
    }

    /// A property key may be any identifier, keywords included (`n.end`).
    private mutating func propertyKey() throws(ExplorerError) -> String {
        let t = current
        guard t.kind == .identifier || t.kind == .quotedName else { throw fail("a property name") }
        bump()
        return t.text
    }

    // MARK: clauses

    private mutating func query() throws(ExplorerError) -> Query {
        var clauses: [Clause] = []
        while true {
            let t = current
            if t.kind == .end || t.isSymbol(";") { break }
            if accept(keyword: "MATCH") {
                clauses.append(.match(try match(optional: false)))
            } else if t.isKeyword("OPTIONAL") {
                bump()
                try expect(keyword: "MATCH")
                clauses.append(.match(try match(optional: true)))
            } else if accept(keyword: "WITH") {
                var p = try projection()
                if accept(keyword: "WHERE") { p.predicate = try expression() }
                clauses.append(.with(p))
            } else if accept(keyword: "RETURN") {
                clauses.append(.return(try projection()))
                guard current.kind == .end || current.isSymbol(";") else {
                    throw fail("end of query after RETURN")
                }
            } else if t.kind == .identifier, Self.unsupported.contains(t.text.uppercased()) {
                throw .syntax("\(t.text.uppercased()) is not supported: the explorer only reads the graph "
                              + "(MATCH, OPTIONAL MATCH, WITH, RETURN)", at: t.position)
            } else {
                throw fail(clauses.isEmpty ? "MATCH or OPTIONAL MATCH" : "MATCH, OPTIONAL MATCH, WITH or RETURN")
            }
        }
        _ = accept(";")
        guard current.kind == .end else { throw fail("end of query") }
        guard case .return = clauses.last else {
            throw .syntax("a query must end with RETURN", at: current.position)
        }
        return Query(clauses: clauses)
    }

    private mutating func match(optional: Bool) throws(ExplorerError) -> MatchClause {
        var parts = [try patternPart()]
        while accept(",") {
            guard parts.count < Self.maxParts else {
                throw .syntax("a MATCH may list at most \(Self.maxParts) patterns", at: current.position)
            }
            parts.append(try patternPart())
        }
        var predicate: Expr?
        if accept(keyword: "WHERE") { predicate = try expression() }
        return MatchClause(optional: optional, patterns: parts, predicate: predicate)
    }

    private mutating func projection() throws(ExplorerError) -> Projection {
        let distinct = accept(keyword: "DISTINCT")
        var star = false
        var items: [ProjectionItem] = []
        if accept("*") {
            star = true
        } else {
            items.append(try projectionItem())
        }
        while accept(",") { items.append(try projectionItem()) }
        var order: [SortItem] = []
        if accept(keyword: "ORDER") {
            try expect(keyword: "BY")
            repeat {
                let e = try expression()
                var desc = false
                if accept(keyword: "DESC") || accept(keyword: "DESCENDING") { desc = true } else {
                    _ = accept(keyword: "ASC") || accept(keyword: "ASCENDING")
                }
                order.append(SortItem(expr: e, descending: desc))
            } while accept(",")
        }
        var skip: Expr?, limit: Expr?
        if accept(keyword: "SKIP") { skip = try expression() }
        if accept(keyword: "LIMIT") { limit = try expression() }
        return Projection(distinct: distinct, star: star, items: items, orderBy: order, skip: skip, limit: limit,
                          predicate: nil)
    }

    private mutating func projectionItem() throws(ExplorerError) -> ProjectionItem {
        let startToken = at
        let e = try expression()
        if accept(keyword: "AS") { return ProjectionItem(expr: e, name: try name("a name after AS")) }
        // Unaliased: the column is named as written (`n.name`, `count(*)`).
        let written = tokens[startToken..<at].map { t -> String in
            switch t.kind {
            case .string: return "'\(t.text)'"
            case .parameter: return "$\(t.text)"
            case .quotedName: return "`\(t.text)`"
            default: return t.text
            }
        }
        return ProjectionItem(expr: e, name: Self.join(written))
    }

    /// Joins tokens as they would be written: no space around `.`, `(`, `)`, `[`, `]`.
    private static func join(_ parts: [String]) -> String {
        var s = ""
        var prev = ""
        for p in parts {
            let tight = [".", "(", ")", "[", "]", ","].contains(p) || [".", "(", "["].contains(prev)
            if !s.isEmpty && !tight { s += " " }
            s += p
            if p == "," { s += " " }
            prev = p
        }
        return s
    }

    // MARK: patterns

    private mutating func patternPart() throws(ExplorerError) -> PatternPart {
        var path: String?
        if (current.kind == .identifier || current.kind == .quotedName), next.isSymbol("=") {
            path = try name("a path name")
            bump()
        }
        let start = try nodePattern()
        var steps: [PatternStep] = []
        while current.isSymbol("-") || current.isSymbol("<-") {
            guard steps.count < Self.maxSteps else {
                throw .syntax("a pattern may have at most \(Self.maxSteps) relationships", at: current.position)
            }
            let rel = try relationshipPattern()
            steps.append(PatternStep(relationship: rel, node: try nodePattern()))
        }
        return PatternPart(path: path, start: start, steps: steps)
    }

    private mutating func nodePattern() throws(ExplorerError) -> NodePattern {
        let pos = current.position
        try expect("(")
        var variable: String?
        if current.kind == .identifier || current.kind == .quotedName { variable = try name("a variable") }
        var labels: [String] = []
        while accept(":") {
            let t = current
            guard t.kind == .identifier || t.kind == .quotedName else { throw fail("a label") }
            labels.append(t.text)
            bump()
        }
        var props: [(String, Expr)] = []
        if current.isSymbol("{") { props = try propertyMap() }
        guard accept(")") else {
            var expected: [String] = []
            if props.isEmpty { expected += ["':'", "'{'"] }
            if variable == nil && labels.isEmpty && props.isEmpty { expected.insert("a variable", at: 0) }
            throw fail((expected + ["')'"]).joinedAsAlternatives)
        }
        return NodePattern(variable: variable, labels: labels, properties: props, position: pos)
    }

    private mutating func propertyMap() throws(ExplorerError) -> [(String, Expr)] {
        try expect("{")
        var out: [(String, Expr)] = []
        if accept("}") { return out }
        repeat {
            let k = try propertyKey()
            try expect(":")
            out.append((k, try expression()))
        } while accept(",")
        try expect("}", or: [","])
        return out
    }

    private mutating func relationshipPattern() throws(ExplorerError) -> RelationshipPattern {
        let pos = current.position
        let leftArrow = accept("<-")
        if !leftArrow { try expect("-") }
        var variable: String?
        var types: [String] = []
        var hops: ClosedRange<Int>?
        var props: [(String, Expr)] = []
        if accept("[") {
            if current.kind == .identifier || current.kind == .quotedName { variable = try name("a variable") }
            if accept(":") {
                repeat {
                    _ = accept(":")
                    let t = current
                    guard t.kind == .identifier || t.kind == .quotedName else { throw fail("a relationship type") }
                    types.append(t.text)
                    bump()
                } while accept("|")
            }
            if current.isSymbol("*") { hops = try hopRange() }
            if current.isSymbol("{") { props = try propertyMap() }
            guard accept("]") else {
                let expected = (types.isEmpty ? ["':'"] : ["'|'"]) + (hops == nil ? ["'*'"] : []) + ["'{'", "']'"]
                throw fail(expected.joinedAsAlternatives)
            }
        }
        let direction: Direction
        if accept("->") {
            guard !leftArrow else {
                throw .syntax("a relationship cannot point both ways (<-…->); use -[…]- for either direction", at: pos)
            }
            direction = .outgoing
        } else if accept("-") {
            direction = leftArrow ? .incoming : .either
        } else {
            throw fail(leftArrow ? "'-'" : "'-' or '->'")
        }
        return RelationshipPattern(variable: variable, types: types, direction: direction, hops: hops,
                                   properties: props, position: pos)
    }

    /// `*N`, `*min..max`, `*..max`. Unbounded (`*`, `*2..`) and spans above `maxHops` are refused.
    private mutating func hopRange() throws(ExplorerError) -> ClosedRange<Int> {
        let star = current.position
        bump()
        func int(_ p: inout Parser) -> Int? {
            guard p.current.kind == .integer, let v = Int(p.current.text) else { return nil }
            p.bump()
            return v
        }
        let lower = int(&self)
        var upper: Int?
        if accept("..") { upper = int(&self) } else { upper = lower }
        guard let upper else {
            throw .syntax("variable-length relationships need an upper bound of at most \(Self.maxHops) hops "
                          + "(write *1..\(Self.maxHops))", at: star)
        }
        let low = lower ?? 1
        guard upper <= Self.maxHops else {
            throw .syntax("variable-length relationships may span at most \(Self.maxHops) hops, not \(upper)", at: star)
        }
        guard low <= upper else { throw .syntax("the hop range *\(low)..\(upper) is empty", at: star) }
        return low...upper
    }

    // MARK: expressions (lowest precedence first)

    mutating func expression() throws(ExplorerError) -> Expr {
        try enter()
        defer { depth -= 1 }
        return try orExpr()
    }

    private mutating func orExpr() throws(ExplorerError) -> Expr {
        var e = try xorExpr()
        let d = depth
        defer { depth = d }
        while accept(keyword: "OR") {
            try enter()
            e = .or(e, try xorExpr())
        }
        return e
    }

    private mutating func xorExpr() throws(ExplorerError) -> Expr {
        var e = try andExpr()
        let d = depth
        defer { depth = d }
        while accept(keyword: "XOR") {
            try enter()
            e = .xor(e, try andExpr())
        }
        return e
    }

    private mutating func andExpr() throws(ExplorerError) -> Expr {
        var e = try notExpr()
        let d = depth
        defer { depth = d }
        while accept(keyword: "AND") {
            try enter()
            e = .and(e, try notExpr())
        }
        return e
    }

    private mutating func notExpr() throws(ExplorerError) -> Expr {
        if accept(keyword: "NOT") {
            try enter()
            defer { depth -= 1 }
            return .not(try notExpr())
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExplorerError) -> Expr {
        var e = try additive()
        let d = depth
        defer { depth = d }
        while true {
            try enter()
            let t = current
            if t.kind == .symbol, let op = CompareOp(rawValue: t.text) {
                bump()
                e = .compare(op, e, try additive())
            } else if t.isSymbol("=~") {
                bump()
                e = .regex(e, try additive())
            } else if t.isKeyword("IN") {
                bump()
                e = .inList(e, try additive())
            } else if t.isKeyword("STARTS") {
                bump()
                try expect(keyword: "WITH")
                e = .string(.startsWith, e, try additive())
            } else if t.isKeyword("ENDS") {
                bump()
                try expect(keyword: "WITH")
                e = .string(.endsWith, e, try additive())
            } else if t.isKeyword("CONTAINS") {
                bump()
                e = .string(.contains, e, try additive())
            } else if t.isKeyword("IS") {
                bump()
                let negated = accept(keyword: "NOT")
                try expect(keyword: "NULL")
                e = .isNull(e, negated: negated)
            } else {
                return e
            }
        }
    }

    private mutating func additive() throws(ExplorerError) -> Expr {
        var e = try multiplicative()
        let d = depth
        defer { depth = d }
        while true {
            try enter()
            if accept("+") { e = .arithmetic(.add, e, try multiplicative()) } else if accept("-") {
                e = .arithmetic(.sub, e, try multiplicative())
            } else { return e }
        }
    }

    private mutating func multiplicative() throws(ExplorerError) -> Expr {
        var e = try unary()
        let d = depth
        defer { depth = d }
        while true {
            try enter()
            if accept("*") { e = .arithmetic(.mul, e, try unary()) } else if accept("/") {
                e = .arithmetic(.div, e, try unary())
            } else if accept("%") { e = .arithmetic(.mod, e, try unary()) } else { return e }
        }
    }

    private mutating func unary() throws(ExplorerError) -> Expr {
        if accept("-") {
            try enter()
            defer { depth -= 1 }
            return .negate(try unary())
        }
        _ = accept("+")
        return try postfix()
    }

    private mutating func postfix() throws(ExplorerError) -> Expr {
        var e = try atom()
        let d = depth
        defer { depth = d }
        while true {
            try enter()
            if accept(".") {
                e = .property(e, try propertyKey())
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                e = .subscript_(e, index)
            } else {
                return e
            }
        }
    }

    private mutating func atom() throws(ExplorerError) -> Expr {
        let t = current
        switch t.kind {
        case .integer:
            bump()
            guard let v = Int(t.text) else { throw .syntax("the integer \(t.text) is too large", at: t.position) }
            return .literal(.int(v))
        case .float:
            bump()
            return .literal(.double(Double(t.text) ?? 0))
        case .string:
            bump()
            return .literal(.string(t.text))
        case .parameter:
            bump()
            return .parameter(t.text, t.position)
        case .quotedName:
            bump()
            return .variable(t.text, t.position)
        case .symbol:
            if accept("(") {
                let e = try expression()
                try expect(")")
                return e
            }
            if accept("[") {
                var items: [Expr] = []
                if accept("]") { return .list(items) }
                if current.kind == .identifier, next.isKeyword("IN"), !Self.reserved.contains(current.text.uppercased()) {
                    return try comprehension()
                }
                repeat { items.append(try expression()) } while accept(",")
                try expect("]", or: [","])
                return .list(items)
            }
            if current.isSymbol("{") {
                let pairs = try propertyMap()
                return .map(pairs.map(\.0), pairs.map(\.1))
            }
            throw fail("an expression")
        case .identifier:
            let upper = t.text.uppercased()
            if upper == "TRUE" { bump(); return .literal(.bool(true)) }
            if upper == "FALSE" { bump(); return .literal(.bool(false)) }
            if upper == "NULL" { bump(); return .literal(.null) }
            if upper == "CASE" { bump(); return try caseExpr() }
            if next.isSymbol("(") {
                if let q = Quantifier(rawValue: t.text.lowercased()), tokens[min(at + 3, tokens.count - 1)].isKeyword("IN") {
                    bump()
                    bump()
                    return try quantifier(q)
                }
                guard !Self.reserved.contains(upper) else { throw fail("an expression") }
                bump()
                bump()
                return try call(t)
            }
            guard !Self.reserved.contains(upper) else { throw fail("an expression") }
            bump()
            return .variable(t.text, t.position)
        case .end:
            throw fail("an expression")
        }
    }

    private mutating func call(_ fn: Token) throws(ExplorerError) -> Expr {
        try enter()
        defer { depth -= 1 }
        if accept("*") {
            try expect(")")
            return .call(fn.text, [], distinct: false, star: true, fn.position)
        }
        let distinct = accept(keyword: "DISTINCT")
        var args: [Expr] = []
        if !accept(")") {
            repeat { args.append(try expression()) } while accept(",")
            try expect(")", or: [","])
        }
        return .call(fn.text, args, distinct: distinct, star: false, fn.position)
    }

    /// `any(x IN list WHERE predicate)`.
    private mutating func quantifier(_ q: Quantifier) throws(ExplorerError) -> Expr {
        let v = try name("a variable")
        try expect(keyword: "IN")
        let list = try expression()
        try expect(keyword: "WHERE")
        let predicate = try expression()
        try expect(")")
        return .quantifier(q, v, list, predicate)
    }

    /// `[x IN list WHERE predicate | projection]`, after the `[`.
    private mutating func comprehension() throws(ExplorerError) -> Expr {
        try enter()
        defer { depth -= 1 }
        let v = try name("a variable")
        try expect(keyword: "IN")
        let list = try expression()
        var predicate: Expr?, projection: Expr?
        if accept(keyword: "WHERE") { predicate = try expression() }
        if accept("|") { projection = try expression() }
        guard accept("]") else { throw fail(predicate == nil && projection == nil ? "WHERE, '|' or ']'" : "'|' or ']'") }
        return .comprehension(v, list, predicate, projection)
    }

    private mutating func caseExpr() throws(ExplorerError) -> Expr {
        try enter()
        defer { depth -= 1 }
        var whens: [(Expr, Expr)] = []
        while accept(keyword: "WHEN") {
            let c = try expression()
            try expect(keyword: "THEN")
            whens.append((c, try expression()))
        }
        guard !whens.isEmpty else { throw fail("WHEN") }
        var otherwise: Expr?
        if accept(keyword: "ELSE") { otherwise = try expression() }
        try expect(keyword: "END")
        return .caseWhen(whens, otherwise)
    }
}

extension Array where Element == String {
    /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
    var joinedAsAlternatives: String {
        guard count > 1 else { return first ?? "" }
        return dropLast().joined(separator: ", ") + " or " + (last ?? "")
    }
}
