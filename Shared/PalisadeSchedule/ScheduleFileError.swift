import Foundation

/// A schedules section that cannot be used: where (file, line, column) and what is wrong.
public struct ScheduleFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `scheduler.config.unreadable`, `.syntax` or `.invalid`.
    public var code: String
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(code: String, file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message) [\(code)]"
    }
}
