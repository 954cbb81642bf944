/// Where in a check file an expression (or a token in it) sits. Lines and columns are 1-based.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A check expression that does not compile: what was expected, and where (line/column in the check file).
public struct RuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `rules.syntax` (lexing/parsing), `rules.semantic` (unknown function, wrong argument count, bad regex).
    public var code: String
    public var message: String
    public var location: SourceLocation

    public init(code: String, message: String, location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
