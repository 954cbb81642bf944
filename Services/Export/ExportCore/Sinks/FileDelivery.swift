import Foundation
import PalisadeExport
import PalisadeModel
#if canImport(Glibc)
import Glibc
#endif

/// A file sink: one line per record, appended at the committed length and fsynced, so a crash between the write and
/// the commit is cut back on restart instead of duplicated (exactly once in the file). Rotation by size or age
/// renames the file to `<path>.<UTC time>` and keeps the newest `keep` of those.
public struct FileDelivery: SinkDelivery {
    let config: SinkConfig.File
    let file: FileSink
    let store: ExportStore
    let context: FormatContext

    public init(config: SinkConfig.File, store: ExportStore, context: FormatContext) {
        self.config = config
        self.file = FileSink(name: config.path, url: URL(fileURLWithPath: config.path))
        self.store = store
        self.context = context
    }

    public func recover(_ state: SinkState) throws -> SinkState {
        var s = state
        try finishRename(&s)
        let directory = URL(fileURLWithPath: config.path).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw DeliveryFailure("directory \(directory) of file sink \(state.name) does not exist; create it or change sinks[].file.path")
        }
        try file.recover(committedLength: s.fileLength)
        return s
    }

    public func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState {
        var s = state
        if s.fileOpened == nil { s.fileOpened = now }
        if needsRotation(s, now: now) { try rotate(&s, now: now) }
        var data = Data()
        if s.fileLength == 0, let header = header() { data += header }
        for r in records { data += line(r) }
        do {
            s.fileLength = try file.append(data, committedLength: s.fileLength)
        } catch {
            throw DeliveryFailure("cannot write \(config.path): \(error)")
        }
        return s
    }

    public func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool { false }
    public func close() {}

    func header() -> Data? {
        guard config.format != "records", let format = FindingFormat(rawValue: config.format) else { return nil }
        return FindingDocument.header(format)
    }

    func line(_ r: ExportRecord) -> Data {
        if config.format == "records" {
            return RecordJSON.object(r, context: context).canonicalData() + Data("\n".utf8)
        }
        guard let f = r.finding, let format = FindingFormat(rawValue: config.format) else { return Data() }
        return FindingDocument.line(f, format: format, context: context) ?? Data()
    }

    func needsRotation(_ s: SinkState, now: Date) -> Bool {
        guard s.fileLength > 0 else { return false }
        if let max = config.rotateBytes, s.fileLength >= max { return true }
        if let age = config.rotateSeconds, let opened = s.fileOpened, now.timeIntervalSince(opened) >= age { return true }
        return false
    }

    /// Commits the new generation first, then renames: a crash in between is finished by `recover`.
    func rotate(_ s: inout SinkState, now: Date) throws {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        s.filePendingRename = "\(config.path).\(f.string(from: now)).\(s.fileRotations + 1)"
        s.fileRotations += 1
        s.fileLength = 0
        s.fileOpened = now
        try store.saveSinkState(s)
        try finishRename(&s)
        try store.saveSinkState(s)
        prune()
    }

    func finishRename(_ s: inout SinkState) throws {
        guard let target = s.filePendingRename else { return }
        let fm = FileManager.default
        if !fm.fileExists(atPath: target), fm.fileExists(atPath: config.path) {
            guard rename(config.path, target) == 0 else {
                throw DeliveryFailure("cannot rotate \(config.path) to \(target): \(String(cString: strerror(errno)))")
            }
        }
        s.filePendingRename = nil
        _ = fm.createFile(atPath: config.path, contents: nil)
    }

    /// Deletes rotated files beyond the newest `keep`.
    func prune() {
        let url = URL(fileURLWithPath: config.path)
        let dir = url.deletingLastPathComponent()
        let prefix = url.lastPathComponent + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        let rotated = names.filter { $0.hasPrefix(prefix) && $0.dropFirst(prefix.count).first?.isNumber == true }
            .sorted { rotationNumber($0) > rotationNumber($1) }
        for name in rotated.dropFirst(config.keep) { try? FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
    }

    func rotationNumber(_ name: String) -> Int { Int(name.split(separator: ".").last ?? "") ?? 0 }
}
