import Foundation

/// A problem in the `sinks:` or `automations:` section of palisade.yaml (or an automation rules file), with the
/// place it was found (1-based line and column).
public struct ExportFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable dotted code; new codes may be added.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file is YAML but a value is wrong (unknown key, wrong type, out of range, duplicate name...).
        public static let invalid = Code(rawValue: "export.config.invalid")
        /// The file is not valid YAML.
        public static let syntax = Code(rawValue: "export.config.syntax")
        /// The file does not exist or is not UTF-8 text.
        public static let unreadable = Code(rawValue: "export.config.unreadable")
    }

    public var code: Code
    public var file: String
    public var line: Int?
    public var column: Int?
    /// What is wrong and what was expected.
    public var message: String

    public init(code: Code, file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message [code]`.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message) [\(code)]"
    }
}
