/// Splits expression text into tokens, tracking line and column relative to `origin` (where the
/// expression's first character sits in its file).
struct Lexer {
    private let chars: [Character]
    private var index = 0
    private var line: Int
    private var column: Int
    /// Column at which continuation lines start (block scalars are indented in YAML).
    private let continuationColumn: Int

    init(_ text: String, origin: SourceLocation, continuationColumn: Int? = nil) {
        chars = Array(text)
        line = origin.line
        column = origin.column
        self.continuationColumn = continuationColumn ?? 1
    }

    mutating func tokenize() throws(RuleError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var peek: Character? { index < chars.count ? chars[index] : nil }
    private var peek2: Character? { index + 1 < chars.count ? chars[index + 1] : nil }

    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" {
            line += 1
            column = continuationColumn
        } else {
            column += 1
        }
        return c
    }

    private mutating func skipTrivia() {
        while let c = peek {
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                _ = advance()
            } else if c == "/" && peek2 == "/" {
                while let d = peek, d != "\n" { _ = advance() }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(RuleError) -> Token {
        skipTrivia()
        let start = SourceLocation(line: line, column: column)
        guard let c = peek else { return Token(kind: .end, location: start) }
        func token(_ kind: TokenKind, length: Int) -> Token {
            for _ in 0..<length { _ = advance() }
            return Token(kind: kind, location: start)
        }
        switch c {
        case ".": return token(.dot, length: 1)
        case ",": return token(.comma, length: 1)
        case "(": return token(.lparen, length: 1)
        case ")": return token(.rparen, length: 1)
        case "[": return token(.lbracket, length: 1)
        case "]": return token(.rbracket, length: 1)
        case "{": return token(.lbrace, length: 1)
        case "}": return token(.rbrace, length: 1)
        case ":": return token(.colon, length: 1)
        case "-": return token(.minus, length: 1)
        case "&":
            guard peek2 == "&" else { throw err("expected '&&', found a single '&'", start) }
            return token(.and, length: 2)
        case "|":
            guard peek2 == "|" else { throw err("expected '||', found a single '|'", start) }
            return token(.or, length: 2)
        case "=":
            guard peek2 == "=" else { throw err("expected '==' (comparison), found a single '='", start) }
            return token(.eq, length: 2)
        case "!": return peek2 == "=" ? token(.ne, length: 2) : token(.not, length: 1)
        case "<": return peek2 == "=" ? token(.le, length: 2) : token(.lt, length: 1)
        case ">": return peek2 == "=" ? token(.ge, length: 2) : token(.gt, length: 1)
        case "\"", "'": return try string(quote: c, start: start)
        default:
            if c.isNumber, c.isASCII { return number(start: start) }
            if c.isLetter || c == "_" { return identifier(start: start) }
            throw err("unexpected character '\(c)'", start)
        }
    }

    private mutating func string(quote: Character, start: SourceLocation) throws(RuleError) -> Token {
        _ = advance()
        var out = ""
        while true {
            guard let c = peek else { throw err("unterminated string: expected a closing \(quote)", start) }
            if c == "\n" { throw err("unterminated string: expected a closing \(quote) before the line ends", start) }
            _ = advance()
            if c == quote { return Token(kind: .string(out), location: start) }
            if c == "\\" {
                let escLoc = SourceLocation(line: line, column: column)
                guard let e = peek else { throw err("unterminated string: expected a closing \(quote)", start) }
                _ = advance()
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "'": out.append("'")
                default: throw err("unknown escape '\\\(e)': expected \\n, \\t, \\\\, \\\" or \\'", escLoc)
                }
            } else {
                out.append(c)
            }
        }
    }

    private mutating func number(start: SourceLocation) -> Token {
        var text = ""
        while let c = peek, c.isASCII, c.isNumber { text.append(advance()) }
        if peek == ".", let d = peek2, d.isASCII, d.isNumber {
            text.append(advance())
            while let c = peek, c.isASCII, c.isNumber { text.append(advance()) }
        }
        return Token(kind: .number(Double(text) ?? 0), location: start)
    }

    private mutating func identifier(start: SourceLocation) -> Token {
        var text = ""
        while let c = peek, c.isLetter || c.isNumber || c == "_" { text.append(advance()) }
        let kind: TokenKind =
            switch text {
            case "true": .true
            case "false": .false
            case "null": .null
            case "in": .in
            default: .identifier(text)
            }
        return Token(kind: kind, location: start)
    }

    private func err(_ message: String, _ at: SourceLocation) -> RuleError {
        RuleError(code: "rules.syntax", message: message, location: at)
    }
}
