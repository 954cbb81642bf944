/// Why a query could not run. `code` is stable and travels on the bus (docs/explorer.md § Errors); `line` and
/// `column` (1-based) point into the query text for syntax errors.
public struct ExplorerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(code: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(code): \(message)" }

    public static let syntaxCode = "graph.query.syntax"
    public static let unknownLabelCode = "graph.query.unknown-label"
    public static let unknownTypeCode = "graph.query.unknown-type"
    public static let unknownVariableCode = "graph.query.unknown-variable"
    public static let budgetCode = "graph.query.budget"
    public static let typeCode = "graph.query.type"
    public static let parameterCode = "graph.query.parameter"
    public static let unknownTemplateCode = "graph.query.unknown-template"

    /// `line 1, column 17: expected ')' or ',' but found 'WHERE'`.
    static func syntax(_ what: String, at p: SourcePosition) -> ExplorerError {
        ExplorerError(code: syntaxCode, message: "line \(p.line), column \(p.column): \(what)", line: p.line,
                      column: p.column)
    }

    static func type(_ what: String) -> ExplorerError { ExplorerError(code: typeCode, message: what) }
}

/// A place in the query text (1-based line and column).
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
