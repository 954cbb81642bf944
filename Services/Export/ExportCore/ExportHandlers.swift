import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
#if canImport(Glibc)
import Glibc
#endif

public enum ExportHandlers {
    public static func router(store: ExportStore, config: ExportConfig = ExportConfig(), configError: String? = nil,
                              context: FormatContext = FormatContext(checks: [:]),
                              automation: AutomationEngine? = nil, fixes: FixDesk? = nil) -> Router {
        var router = Router()
        router.on(ExportFindings.self) { request, _ in try exportFindings(request, store: store, context: context) }
        router.on(ExportPositionQuery.self) { _, _ in try store.position() }
        router.on(ExportSinksQuery.self) { _, _ in try sinks(config: config, store: store, configError: configError) }
        if let automation {
            router.on(AutomationListQuery.self) { _, _ in try automation.summaries() }
            router.on(AutomationRunRequest.self) { request, _ in try await automation.runManually(request) }
            router.on(AutomationHistoryQuery.self) { q, _ in try automation.history(rule: q.rule, limit: q.limit) }
        }
        if let fixes {
            router.on(FixApplyRequest.self) { request, _ in try await fixes.apply(request) }
            router.on(FixUndoRequest.self) { request, _ in try await fixes.undo(request) }
            router.on(FixRescanned.self) { request, _ in try fixes.rescanned(request) }
            router.on(FixRunsQuery.self) { query, _ in try fixes.runs(query) }
        }
        return router
    }

    /// Each configured sink's position in the outbox, lag and last error.
    public static func sinks(config: ExportConfig, store: ExportStore, configError: String? = nil,
                             now: Date = Date()) throws -> ExportSinksReply {
        let head = try store.outboxHead()
        var out: [SinkStatus] = []
        for sink in config.sinks {
            let s = try store.sinkState(sink.name)
            let oldest = try store.outboxTime(after: s.cursor)
            out.append(SinkStatus(
                name: sink.name, kind: sink.kind.rawValue, target: sink.target, enabled: sink.enabled, cursor: s.cursor,
                lag: max(0, head - s.cursor), lagSeconds: oldest.map { max(0, now.timeIntervalSince($0)) },
                delivered: s.delivered, deadLettered: s.deadLettered, attempts: s.attempts, lastError: s.lastError,
                lastErrorAt: s.lastErrorAt, lastSuccessAt: s.lastSuccessAt, nextAttemptAt: s.nextAttemptAt,
                snapshotInProgress: s.snapshotStarted != nil, lastSnapshot: s.snapshotDone))
        }
        return ExportSinksReply(head: head, configFile: config.file, configError: configError, sinks: out)
    }

    /// Writes the current findings to `request.path` atomically: a temp file in the same directory,
    /// fsynced, then renamed over the target. Readers see the old file or the new one, never half.
    public static func exportFindings(_ request: ExportFindings, store: ExportStore,
                                      context: FormatContext) throws -> ExportResult {
        let url = try validate(path: request.path)
        var scansAfter: Set<String>?
        if let since = request.sinceScan {
            guard let after = try store.scans(after: since) else {
                throw WireError(code: "export.scan.unknown",
                                message: "scan '\(since)' is not known to the export service; see `palisade scans` for scan ids")
            }
            scansAfter = after
        }
        let findings = try store.findings(status: request.statuses.count == 1 ? request.statuses[0] : request.status)
            .filter { request.matches($0, scansAfter: scansAfter) }
        let format = FindingFormat(rawValue: request.format.rawValue) ?? .jsonl
        let data = FindingDocument.render(findings, format: format, context: context)
        // SARIF carries only the failing, unmuted findings: say how many it holds.
        let written = format == .sarif ? findings.filter { $0.status == .fail }.count : findings.count
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
        return ExportResult(path: url.path, count: written)
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
