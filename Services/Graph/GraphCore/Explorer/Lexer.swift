/// One token of a query: its kind, its text as written, and where it starts.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier      // a name or keyword (keywords are identifiers compared case-insensitively)
        case quotedName      // `backquoted name`
        case string
        case integer
        case float
        case parameter       // $name
        case symbol          // ( ) [ ] { } , : . | + - * / % = <> < <= > >= =~ .. -> <- ;
        case end
    }
    var kind: Kind
    var text: String
    var position: SourcePosition

    /// How the token is named in an error message: `'WHERE'`, `end of query`.
    var shown: String { kind == .end ? "end of query" : "'\(text)'" }

    func isKeyword(_ k: String) -> Bool { kind == .identifier && text.uppercased() == k }
    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}

/// Splits query text into tokens. Comments (`// …` and `/* … */`) and whitespace are skipped. Pure; a bad
/// character or an unterminated string is a syntax error with its position.
enum Lexer {
    static let maxQueryLength = 100_000

    static func tokens(_ source: String) throws(ExplorerError) -> [Token] {
        guard source.utf8.count <= maxQueryLength else {
            throw .syntax("the query is longer than \(maxQueryLength) bytes", at: SourcePosition(line: 1, column: 1))
        }
        var cursor = Cursor(chars: Array(source.unicodeScalars))
        var out: [Token] = []
        while let c = cursor.peek() {
            let start = cursor.position
            if c.properties.isWhitespace { cursor.advance(); continue }
            if c == "/", cursor.peek(1) == "/" {
                while let p = cursor.peek(), p != "\n" { cursor.advance() }
                continue
            }
            if c == "/", cursor.peek(1) == "*" {
                cursor.advance(2)
                while let p = cursor.peek(), !(p == "*" && cursor.peek(1) == "/") { cursor.advance() }
                guard cursor.peek() != nil else { throw .syntax("unterminated comment", at: start) }
                cursor.advance(2)
                continue
            }
            if isIdentStart(c) {
                out.append(Token(kind: .identifier, text: cursor.take(while: isIdentPart), position: start))
                continue
            }
            if c == "`" {
                cursor.advance()
                let s = cursor.take { $0 != "`" }
                guard cursor.peek() == "`" else { throw .syntax("unterminated `quoted name`", at: start) }
                cursor.advance()
                out.append(Token(kind: .quotedName, text: s, position: start))
                continue
            }
            if c == "$" {
                cursor.advance()
                let s = cursor.take(while: isIdentPart)
                guard !s.isEmpty else { throw .syntax("expected a parameter name after '$'", at: start) }
                out.append(Token(kind: .parameter, text: s, position: start))
                continue
            }
            if c == "'" || c == "\"" {
                out.append(Token(kind: .string, text: try string(quote: c, &cursor, start: start), position: start))
                continue
            }
            if isDigit(c) {
                var s = cursor.take(while: isDigit)
                var isFloat = false
                if cursor.peek() == ".", let n = cursor.peek(1), isDigit(n) {
                    isFloat = true
                    cursor.advance()
                    s += "." + cursor.take(while: isDigit)
                }
                if let p = cursor.peek(), isIdentStart(p) {
                    throw .syntax("expected a number but found '\(s)\(Character(p))'", at: start)
                }
                out.append(Token(kind: isFloat ? .float : .integer, text: s, position: start))
                continue
            }
            let two = cursor.peek(1).map { String(Character(c)) + String(Character($0)) } ?? ""
            if ["<>", "<=", ">=", "=~", "..", "->", "<-", "!="].contains(two) {
                cursor.advance(2)
                out.append(Token(kind: .symbol, text: two == "!=" ? "<>" : two, position: start))
                continue
            }
            if "()[]{},:.|+-*/%=<>;^".unicodeScalars.contains(c) {
                cursor.advance()
                out.append(Token(kind: .symbol, text: String(Character(c)), position: start))
                continue
            }
            throw .syntax("unexpected character '\(Character(c))'", at: start)
        }
        out.append(Token(kind: .end, text: "", position: cursor.position))
        return out
    }

    static func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    static func isIdentPart(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || isDigit(c) }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    /// A quoted string with backslash escapes (\n \t \r \uXXXX; any other escaped character stands for itself).
    private static func string(quote: Unicode.Scalar, _ cursor: inout Cursor,
                               start: SourcePosition) throws(ExplorerError) -> String {
        cursor.advance()
        var s = ""
        while let c = cursor.peek(), c != quote {
            cursor.advance()
            guard c == "\\" else {
                s.unicodeScalars.append(c)
                continue
            }
            guard let e = cursor.peek() else { break }
            cursor.advance()
            switch e {
            case "n": s += "\n"
            case "t": s += "\t"
            case "r": s += "\r"
            case "u":
                var hex = ""
                for _ in 0..<4 {
                    guard let h = cursor.peek() else { break }
                    hex.unicodeScalars.append(h)
                    cursor.advance()
                }
                guard let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
                    throw .syntax("bad \\u escape in string", at: start)
                }
                s.unicodeScalars.append(u)
            default: s.unicodeScalars.append(e)
            }
        }
        guard cursor.peek() == quote else { throw .syntax("unterminated string", at: start) }
        cursor.advance()
        return s
    }

    /// Position in the text, counting lines and columns as it moves.
    struct Cursor {
        let chars: [Unicode.Scalar]
        var i = 0
        var position = SourcePosition(line: 1, column: 1)

        func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < chars.count ? chars[i + k] : nil }

        mutating func advance(_ n: Int = 1) {
            for _ in 0..<n where i < chars.count {
                if chars[i] == "\n" {
                    position.line += 1
                    position.column = 1
                } else {
                    position.column += 1
                }
                i += 1
            }
        }

        mutating func take(while ok: (Unicode.Scalar) -> Bool) -> String {
            var s = ""
            while let c = peek(), ok(c) {
                s.unicodeScalars.append(c)
                advance()
            }
            return s
        }
    }
}
