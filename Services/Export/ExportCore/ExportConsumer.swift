import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import PalisadeProtocol

/// Continuous export of `finding.changed` events to `<dataDir>/export/findings.jsonl` and
/// `findings.ocsf.jsonl`, exactly once per (finding id, version):
/// 1. cut each file back to its committed length (discarding an uncommitted attempt),
/// 2. append the page's new lines and fsync,
/// 3. commit materialized findings + new file lengths + cursor in one transaction.
/// A crash between 2 and 3 leaves extra bytes that step 1 removes on the next attempt or restart.
public struct ExportConsumer: Sendable {
    public static let jsonlSink = "findings.jsonl"
    public static let ocsfSink = "findings.ocsf.jsonl"

    let store: ExportStore
    let jsonl: FileSink
    let ocsf: FileSink
    let logger: Logger
    /// Called after a commit added outbox records (wakes the sinks and automations).
    let onOutbox: (@Sendable () -> Void)?

    /// Check metadata for the OCSF lines (descriptions, requirements).
    let context: FormatContext

    public init(store: ExportStore, directory: URL, logger: Logger, context: FormatContext = .empty,
                onOutbox: (@Sendable () -> Void)? = nil) {
        self.onOutbox = onOutbox
        self.context = context
        self.store = store
        let dir = directory.appendingPathComponent("export", isDirectory: true)
        jsonl = FileSink(name: Self.jsonlSink, url: dir.appendingPathComponent(Self.jsonlSink))
        ocsf = FileSink(name: Self.ocsfSink, url: dir.appendingPathComponent(Self.ocsfSink))
        self.logger = logger
    }

    public var sinkURLs: [URL] { [jsonl.url, ocsf.url] }

    /// Startup: truncate both sinks to their committed lengths.
    public func recover() throws {
        for sink in [jsonl, ocsf] { try sink.recover(committedLength: try store.sinkLength(sink.name)) }
    }

    public func cursor() throws -> Int64 { try store.position().cursor }

    public func apply(_ events: [EventRecord]) async throws {
        let committed = try cursor()
        let fresh = events.filter { $0.seq > committed }
        guard let last = fresh.last else { return }
        var changed: [Finding] = []
        var lastScanID: String?
        var tags: [(String, [String: String])] = []
        var scans: [(id: String, seq: Int64, account: String)] = []
        for event in fresh {
            switch event.type {
            case EventType.findingChanged:
                if let f = Finding(json: event.payload) { changed.append(f); continue }
                do { changed.append(try event.decodePayload(Finding.self)) } catch {
                    logger.error("finding.changed payload did not decode; skipping",
                                 metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
                }
            case EventType.resourceChanged:
                if let r = Resource(json: event.payload) ?? (try? event.decodePayload(Resource.self)) {
                    tags.append((r.id, r.tags))
                }
            case EventType.resourceRemoved:
                if let id = event.payload["id"]?.stringValue { tags.append((id, [:])) }
            case EventType.scanSealed:
                if let summary = try? event.decodePayload(ScanSummary.self) {
                    lastScanID = summary.scanID
                    scans.append((summary.scanID, event.seq, summary.account))
                }
            default: break
            }
        }
        // Dedupe on (id, version) against what is materialized and within the page.
        var known = try store.versions(of: changed.map(\.id))
        var new: [Finding] = []
        for f in changed where f.version > (known[f.id] ?? Int.min) {
            known[f.id] = f.version
            new.append(f)
        }
        var jsonlData = Data(), ocsfData = Data()
        var writer = FindingJSON()
        for f in new {
            jsonlData += writer.encode(f)
            jsonlData += Data("\n".utf8)
            ocsfData += OCSF.detectionFinding(f, context: context).canonicalData()
            ocsfData += Data("\n".utf8)
        }
        let lengths = [
            jsonl.name: try jsonl.append(jsonlData, committedLength: try store.sinkLength(jsonl.name)),
            ocsf.name: try ocsf.append(ocsfData, committedLength: try store.sinkLength(ocsf.name)),
        ]
        try store.commit(findings: new, sinkLengths: lengths, cursor: last.seq, lastScanID: lastScanID,
                         records: new.map(OutboxRecords.finding), tags: tags, scans: scans)
        if !new.isEmpty { onOutbox?() }
        if !new.isEmpty {
            logger.info("findings exported", metadata: ["export.count": "\(new.count)", "event.seq": "\(last.seq)"])
        }
    }

    /// A finding's line in `findings.jsonl`: the object `Wire.encoder` makes of it, written by `FindingJSON`.
    static func line(_ f: Finding) -> Data {
        var writer = FindingJSON()
        return writer.encode(f)
    }
}
