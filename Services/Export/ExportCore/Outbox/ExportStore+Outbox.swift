import Foundation
import GRDB
import PalisadeExport
import PalisadeModel
import PalisadeStore

/// The outbox: every change Palisade tells the outside world, in one order, each under a stable key. The source
/// consumers append to it in the transaction that moves their cursor (and `key` is unique, so a replayed page adds
/// nothing); sinks and automations read it from their own cursors.
extension ExportStore {
    static let outboxSchema = Store.Migration("export.v2.outbox") { db in
        try db.execute(sql: """
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, time REAL NOT NULL,
                provider TEXT NOT NULL, account TEXT NOT NULL, severity TEXT, title TEXT NOT NULL, finding BLOB,
                data BLOB, snapshot INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE resource_tags (resource_id TEXT PRIMARY KEY, tags BLOB NOT NULL);
            CREATE TABLE scans (scan_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, account TEXT NOT NULL);
            CREATE TABLE attack_paths (id TEXT PRIMARY KEY, account TEXT NOT NULL, summary BLOB NOT NULL);
            CREATE INDEX attack_paths_account ON attack_paths (account);
            CREATE TABLE sink_state (
                name TEXT PRIMARY KEY, cursor INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_error_at REAL, last_success_at REAL,
                next_attempt_at REAL, dead_lettered INTEGER NOT NULL DEFAULT 0,
                snapshot_started REAL, snapshot_after TEXT, snapshot_done REAL,
                file_length INTEGER NOT NULL DEFAULT 0, file_opened REAL, file_rotations INTEGER NOT NULL DEFAULT 0,
                file_pending_rename TEXT
            );
            CREATE TABLE securityhub_sent (sink TEXT NOT NULL, finding_id TEXT NOT NULL, PRIMARY KEY (sink, finding_id));
            """)
    }

    /// Appends records not yet in the outbox (by key) inside `db`; returns how many were new.
    @discardableResult
    static func append(_ db: Database, _ records: [ExportRecord]) throws -> Int {
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO outbox (key, kind, time, provider, account, severity, title, finding, data, snapshot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var writer = FindingJSON()
        var added = 0
        for r in records {
            try insert.execute(arguments: [
                r.key, r.kind.rawValue, r.time.timeIntervalSince1970, r.provider, r.account, r.severity?.rawValue,
                r.title, r.finding.map { writer.encode($0) }, r.data.isNull ? nil : r.data.canonicalData(),
                r.snapshot ? 1 : 0,
            ])
            added += db.changesCount
        }
        return added
    }

    /// Records after `seq`, oldest first.
    public func outbox(after seq: Int64, limit: Int) throws -> [ExportRecord] {
        try store.read { db in try Self.outbox(db, after: seq, limit: limit) }
    }

    static func outbox(_ db: Database, after seq: Int64, limit: Int) throws -> [ExportRecord] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"),
                         arguments: [seq, limit]).compactMap(record)
    }

    public func outboxRecord(key: String) throws -> ExportRecord? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE key = ?", arguments: [key]).flatMap(Self.record)
        }
    }

    /// The newest record of a finding (any kind), for a manual automation run.
    public func latestRecord(findingID: String) throws -> ExportRecord? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE key LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT 1",
                             arguments: ["finding/" + Self.likeEscaped(findingID) + "/v%"]).flatMap(Self.record)
        }
    }

    static func likeEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    public func outboxHead() throws -> Int64 {
        try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox") ?? 0 }
    }

    /// The time of the first record after `seq` (how far behind a sink is), nil when there is none.
    public func outboxTime(after seq: Int64) throws -> Date? {
        try store.read { db in
            try Double.fetchOne(db, sql: "SELECT time FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1", arguments: [seq])
                .map { Date(timeIntervalSince1970: $0) }
        }
    }

    static func record(_ row: Row) -> ExportRecord? {
        guard let kind = ExportRecord.Kind(rawValue: row["kind"]) else { return nil }
        var finding: Finding?
        if let blob: Data = row["finding"] {
            guard let value = try? JSONText.parse(blob), let f = Finding(json: value) else { return nil }
            finding = f
        }
        var data = JSONValue.null
        if let blob: Data = row["data"], let value = try? JSONText.parse(blob) { data = value }
        return ExportRecord(seq: row["seq"], key: row["key"], kind: kind,
                            time: Date(timeIntervalSince1970: row["time"]), provider: row["provider"],
                            account: row["account"], severity: (row["severity"] as String?).flatMap(Severity.init),
                            title: row["title"], finding: finding, data: data, snapshot: (row["snapshot"] as Int) != 0)
    }

    // MARK: Resource tags (for filters and triggers on tags)

    static func saveTags(_ db: Database, resourceID: String, tags: [String: String]) throws {
        if tags.isEmpty {
            try db.execute(sql: "DELETE FROM resource_tags WHERE resource_id = ?", arguments: [resourceID])
        } else {
            let json = JSONValue.object(tags.mapValues { .string($0) }).canonicalData()
            try db.execute(sql: "INSERT OR REPLACE INTO resource_tags (resource_id, tags) VALUES (?, ?)",
                           arguments: [resourceID, json])
        }
    }

    public func tags(resourceID: String) throws -> [String: String] {
        try store.read { db in
            guard let blob = try Data.fetchOne(db, sql: "SELECT tags FROM resource_tags WHERE resource_id = ?",
                                               arguments: [resourceID]),
                  let v = try? JSONText.parse(blob) else { return [:] }
            return JSONValue.strings(v) ?? [:]
        }
    }

    /// Tags of the resource a record is about (none for records that are not about one resource).
    public func tags(for r: ExportRecord) throws -> [String: String] {
        guard let id = r.finding?.resourceID else { return [:] }
        return try tags(resourceID: id)
    }

    // MARK: Scans, in seal order (for `--since SCAN`)

    static func saveScan(_ db: Database, scanID: String, seq: Int64, account: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO scans (scan_id, seq, account) VALUES (?, ?, ?)",
                       arguments: [scanID, seq, account])
    }

    /// Scans sealed after `scanID` (nil when it is unknown to export).
    public func scans(after scanID: String) throws -> Set<String>? {
        try store.read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM scans WHERE scan_id = ?", arguments: [scanID])
            else { return nil }
            return Set(try String.fetchAll(db, sql: "SELECT scan_id FROM scans WHERE seq > ?", arguments: [seq]))
        }
    }
}
