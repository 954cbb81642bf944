import Foundation

/// An append-only file whose committed length lives in the export database. Before every append (and
/// at startup) the file is cut back to the committed length, so bytes written by an attempt that
/// crashed or failed before its commit are discarded instead of duplicated.
public struct FileSink: Sendable {
    public let name: String
    public let url: URL

    public init(name: String, url: URL) {
        self.name = name
        self.url = url
    }

    /// Creates the file if needed and truncates it to `committedLength`.
    public func recover(committedLength: Int64) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        if size < UInt64(committedLength) {
            throw ExportError(code: "export.sink.short",
                              message: "\(url.path) is \(size) bytes but \(committedLength) were committed; the file was truncated or replaced outside Palisade — restore it or reset the export cursor")
        }
        if size > UInt64(committedLength) {
            try handle.truncate(atOffset: UInt64(committedLength))
            try handle.synchronize()
        }
    }

    /// Appends `data` at `committedLength` and fsyncs; returns the new length to commit.
    public func append(_ data: Data, committedLength: Int64) throws -> Int64 {
        try recover(committedLength: committedLength)
        guard !data.isEmpty else { return committedLength }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(committedLength))
        try handle.write(contentsOf: data)
        try handle.synchronize()
        return committedLength + Int64(data.count)
    }
}

public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}
