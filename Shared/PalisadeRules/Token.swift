/// A lexical token of the check language.
enum TokenKind: Sendable, Equatable {
    case identifier(String)
    case string(String)
    case number(Double)
    case `true`, `false`, null, `in`
    case dot, comma, colon, lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case and, or, not
    case eq, ne, lt, le, gt, ge
    case minus
    case end

    var display: String {
        switch self {
        case .identifier(let s): "identifier '\(s)'"
        case .string(let s): "string \"\(s)\""
        case .number(let n): "number \(n)"
        case .true: "'true'"
        case .false: "'false'"
        case .null: "'null'"
        case .in: "'in'"
        case .dot: "'.'"
        case .comma: "','"
        case .colon: "':'"
        case .lbrace: "'{'"
        case .rbrace: "'}'"
        case .lparen: "'('"
        case .rparen: "')'"
        case .lbracket: "'['"
        case .rbracket: "']'"
        case .and: "'&&'"
        case .or: "'||'"
        case .not: "'!'"
        case .eq: "'=='"
        case .ne: "'!='"
        case .lt: "'<'"
        case .le: "'<='"
        case .gt: "'>'"
        case .ge: "'>='"
        case .minus: "'-'"
        case .end: "end of expression"
        }
    }
}

struct Token: Sendable {
    var kind: TokenKind
    var location: SourceLocation
}
