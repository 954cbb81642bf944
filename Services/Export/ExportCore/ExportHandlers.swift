import Foundation
import PalisadeModel
import PalisadeProtocol
#if canImport(Glibc)
import Glibc
#endif

public enum ExportHandlers {
    public static func router(store: ExportStore) -> Router {
        var router = Router()
        router.on(ExportFindings.self) { request, _ in try exportFindings(request, store: store) }
        router.on(ExportPositionQuery.self) { _, _ in try store.position() }
        return router
    }

    /// Writes the current findings to `request.path` atomically: a temp file in the same directory,
    /// fsynced, then renamed over the target. Readers see the old file or the new one, never half.
    public static func exportFindings(_ request: ExportFindings, store: ExportStore) throws -> ExportResult {
        let url = try validate(path: request.path)
        let findings = try store.findings(status: request.status)
        var data = Data()
        for f in findings {
            switch request.format {
            case .jsonl: data += ExportConsumer.line(f)
            case .ocsf: data += OCSF.detectionFinding(f, context: .empty).canonicalData()
            }
            data += Data("\n".utf8)
        }
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil) else {
            throw invalid("cannot create a file in \(url.deletingLastPathComponent().path) (permission denied?); choose a writable directory")
        }
        do {
            let handle = try FileHandle(forWritingTo: temp)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temp.path, url.path) == 0 else {
                throw invalid("cannot replace \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            if let e = error as? WireError { throw e }
            throw invalid("writing \(url.path) failed: \(error)")
        }
        return ExportResult(path: url.path, count: findings.count)
    }

    static func validate(path: String) throws -> URL {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw invalid("the export path is empty; give an absolute file path such as /tmp/findings.jsonl")
        }
        guard path.hasPrefix("/") else {
            throw invalid("'\(path)' is relative; the export service writes on its own host, so give an absolute path")
        }
        guard !path.hasSuffix("/") else { throw invalid("'\(path)' names a directory; add a file name") }
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        let parent = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDir), isDir.boolValue else {
            throw invalid("directory \(parent) does not exist; create it first or pick another path")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
            throw invalid("'\(path)' is a directory; add a file name")
        }
        return url
    }

    static func invalid(_ message: String) -> WireError { WireError(code: "export.path.invalid", message: message) }
}
