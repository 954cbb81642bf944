import Foundation
import GRDB
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// `export.sqlite`: findings materialized from `finding.changed` events, committed sink lengths and
/// the cursor into the assessor's log.
public final class ExportStore: Sendable {
    public static let cursorName = "export"
    public let store: Store

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "export", migrations: [ConsumerCursor.migration, Self.schema, Self.outboxSchema,
                                                                               Self.automationSchema, Self.fixSchema])
    }

    static let schema = Store.Migration("export.v1") { db in
        try db.execute(sql: """
            CREATE TABLE findings (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL, json BLOB NOT NULL
            );
            CREATE INDEX findings_status ON findings (status);
            CREATE TABLE sinks (name TEXT PRIMARY KEY, length INTEGER NOT NULL);
            """)
    }

    public func position() throws -> ConsumerPosition {
        let c = try store.read { try ConsumerCursor.load($0, name: Self.cursorName) }
        return ConsumerPosition(service: ServiceName.export, cursor: c.seq, lastScanID: c.lastScanID)
    }

    public func sinkLength(_ name: String) throws -> Int64 {
        try store.read { try Int64.fetchOne($0, sql: "SELECT length FROM sinks WHERE name = ?", arguments: [name]) ?? 0 }
    }

    /// Versions already materialized for these finding ids.
    public func versions(of ids: [String]) throws -> [String: Int] {
        try store.read { db in
            var out: [String: Int] = [:]
            for id in ids {
                if let v = try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM findings WHERE id = ?"),
                                            arguments: [id]) {
                    out[id] = v
                }
            }
            return out
        }
    }

    /// Commits the new findings, the sink lengths, the outbox records, resource tags, sealed scans and the cursor in
    /// one transaction.
    public func commit(findings: [Finding], sinkLengths: [String: Int64], cursor: Int64, lastScanID: String?,
                       records: [ExportRecord] = [], tags: [(String, [String: String])] = [],
                       scans: [(id: String, seq: Int64, account: String)] = []) throws {
        try store.write { db in
            try Self.append(db, records)
            for (id, t) in tags { try Self.saveTags(db, resourceID: id, tags: t) }
            for s in scans { try Self.saveScan(db, scanID: s.id, seq: s.seq, account: s.account) }
            var writer = FindingJSON()
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO findings (id, version, status, json) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET version = excluded.version, status = excluded.status,
                    json = excluded.json WHERE excluded.version > findings.version
                """)
            for f in findings {
                try upsert.execute(arguments: [f.id, f.version, f.status.rawValue, writer.encode(f)])
            }
            for (name, length) in sinkLengths {
                try db.execute(sql: """
                    INSERT INTO sinks (name, length) VALUES (?, ?)
                    ON CONFLICT(name) DO UPDATE SET length = excluded.length
                    """, arguments: [name, length])
            }
            try ConsumerCursor.save(db, name: Self.cursorName, seq: cursor, lastScanID: lastScanID)
        }
    }

    /// Current materialized findings, optionally of one status, ordered by id.
    public func findings(status: FindingStatus?) throws -> [Finding] {
        try store.read { db in
            let blobs: [Data]
            if let status {
                blobs = try Data.fetchAll(db, sql: "SELECT json FROM findings WHERE status = ? ORDER BY id",
                                          arguments: [status.rawValue])
            } else {
                blobs = try Data.fetchAll(db, sql: "SELECT json FROM findings ORDER BY id")
            }
            return try blobs.map { try Wire.decoder.decode(Finding.self, from: $0) }
        }
    }
}
