/// A Pratt parser from tokens to `Node`. Precedence, loosest first: `||`, `&&`, comparisons and `in`
/// (non-associative), unary `!` / `-`, then postfix `.member`, `.method(...)`, `[index]`.
struct Parser {
    private let tokens: [Token]
    private var position = 0

    init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ text: String, origin: SourceLocation, continuationColumn: Int? = nil) throws(RuleError) -> Node {
        var lexer = Lexer(text, origin: origin, continuationColumn: continuationColumn)
        var parser = Parser(tokens: try lexer.tokenize())
        if parser.current.kind == .end {
            throw RuleError(code: "rules.syntax", message: "empty expression: expected an expression",
                            location: parser.current.location)
        }
        let node = try parser.expression(0)
        guard parser.current.kind == .end else {
            throw parser.unexpected("an operator ('&&', '||', '==', ...) or the end of the expression")
        }
        return node
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    private func unexpected(_ expected: String) -> RuleError {
        RuleError(code: "rules.syntax", message: "expected \(expected), found \(current.kind.display)",
                  location: current.location)
    }

    private mutating func expect(_ kind: TokenKind, _ what: String) throws(RuleError) {
        guard current.kind == kind else { throw unexpected(what) }
        _ = advance()
    }

    private static func infix(_ kind: TokenKind) -> (BinaryOp, Int)? {
        switch kind {
        case .or: (.or, 1)
        case .and: (.and, 2)
        case .eq: (.eq, 3)
        case .ne: (.ne, 3)
        case .lt: (.lt, 3)
        case .le: (.le, 3)
        case .gt: (.gt, 3)
        case .ge: (.ge, 3)
        case .in: (.in, 3)
        default: nil
        }
    }

    private mutating func expression(_ minPrecedence: Int) throws(RuleError) -> Node {
        var left = try prefix()
        while let (op, precedence) = Self.infix(current.kind), precedence > minPrecedence {
            let opToken = advance()
            let right = try expression(precedence)
            if precedence == 3, let (_, next) = Self.infix(current.kind), next == 3 {
                throw RuleError(
                    code: "rules.syntax",
                    message: "comparisons do not chain: expected '&&' or '||' between them, found \(current.kind.display)",
                    location: current.location)
            }
            left = .binary(op, left, right, opToken.location)
        }
        return left
    }

    private mutating func prefix() throws(RuleError) -> Node {
        let token = current
        switch token.kind {
        case .not:
            _ = advance()
            return .unary(.not, try prefixOperand(), token.location)
        case .minus:
            _ = advance()
            let operand = try prefixOperand()
            if case .literal(.number(let n), _) = operand { return .literal(.number(-n), token.location) }
            return .unary(.negate, operand, token.location)
        default:
            return try postfix(try primary())
        }
    }

    private mutating func prefixOperand() throws(RuleError) -> Node {
        if current.kind == .not || current.kind == .minus { return try prefix() }
        return try postfix(try primary())
    }

    private mutating func primary() throws(RuleError) -> Node {
        let token = advance()
        let at = token.location
        switch token.kind {
        case .string(let s): return .literal(.string(s), at)
        case .number(let n): return .literal(.number(n), at)
        case .true: return .literal(.bool(true), at)
        case .false: return .literal(.bool(false), at)
        case .null: return .literal(.null, at)
        case .lparen:
            let inner = try expression(0)
            try expect(.rparen, "')' to close the '(' at \(at)")
            return inner
        case .lbracket:
            var items: [Node] = []
            if current.kind != .rbracket {
                repeat { items.append(try expression(0)) } while try consumeComma()
            }
            try expect(.rbracket, "',' or ']' to close the list opened at \(at)")
            return .list(items, at)
        case .lbrace:
            var entries: [(String, Node)] = []
            if current.kind != .rbrace {
                repeat {
                    guard case .string(let key) = current.kind else {
                        throw RuleError(code: "rules.syntax", message: "expected a string key in the object opened at \(at), found \(current.kind.display)",
                                        location: current.location)
                    }
                    _ = advance()
                    try expect(.colon, "':' after the key \"\(key)\"")
                    entries.append((key, try expression(0)))
                } while try consumeComma()
            }
            try expect(.rbrace, "',' or '}' to close the object opened at \(at)")
            return .object(entries, at)
        case .identifier(let name):
            if current.kind == .lparen {
                _ = advance()
                return .call(name, receiver: nil, try arguments(openedAt: at), at)
            }
            return .identifier(name, at)
        default:
            throw RuleError(code: "rules.syntax",
                            message: "expected a value (literal, path, function call, '(', '[' or '{'), found \(token.kind.display)",
                            location: at)
        }
    }

    private mutating func consumeComma() throws(RuleError) -> Bool {
        guard current.kind == .comma else { return false }
        _ = advance()
        return true
    }

    private mutating func arguments(openedAt: SourceLocation) throws(RuleError) -> [Node] {
        var args: [Node] = []
        if current.kind != .rparen {
            repeat { args.append(try expression(0)) } while try consumeComma()
        }
        try expect(.rparen, "',' or ')' to close the call opened at \(openedAt)")
        return args
    }

    private mutating func postfix(_ base: Node) throws(RuleError) -> Node {
        var node = base
        while true {
            switch current.kind {
            case .dot:
                _ = advance()
                guard case .identifier(let name) = current.kind else {
                    throw unexpected("a property or method name after '.'")
                }
                let nameToken = advance()
                if current.kind == .lparen {
                    _ = advance()
                    node = .call(name, receiver: node, try arguments(openedAt: nameToken.location), nameToken.location)
                } else {
                    node = .member(node, name, nameToken.location)
                }
            case .lbracket:
                let open = advance()
                let index = try expression(0)
                try expect(.rbracket, "']' to close the index opened at \(open.location)")
                node = .index(node, index, open.location)
            default:
                return node
            }
        }
    }
}
