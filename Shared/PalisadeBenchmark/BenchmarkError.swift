/// A check file or directory that cannot be loaded: what is wrong and where (`file:line:column`).
public struct BenchmarkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `benchmark.check.invalid`, `benchmark.check.duplicate`, `benchmark.directory.unreadable`, ...
    public var code: String
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(code: String, file: String, line: Int = 0, column: Int = 0, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
