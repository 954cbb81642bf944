import Foundation
import GRDB
import PalisadeModel

/// A producer's append-only event log (`seq`, type, payload), kept in the producer's own database and
/// appended in the same transaction as the state change it describes.
public enum EventLog {
    public static let migration = Store.Migration("eventlog.v1") { db in
        try db.execute(sql: """
            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                type TEXT NOT NULL,
                payload BLOB NOT NULL,
                created_at REAL NOT NULL
            )
            """)
    }

    @discardableResult
    public static func append(_ db: Database, type: String, payload: some Encodable, at date: Date = Date()) throws
        -> Int64
    {
        let data = try encoder.encode(payload)
        try db.cachedStatement(sql: "INSERT INTO events (type, payload, created_at) VALUES (?, ?, ?)")
            .execute(arguments: [type, data, date.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    public static func read(_ db: Database, after: Int64, limit: Int) throws -> [EventRecord] {
        try Row.fetchAll(db, sql: "SELECT seq, type, payload, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                         arguments: [after, limit]).map { row in
            let data: Data = row["payload"]
            return EventRecord(seq: row["seq"], type: row["type"],
                               payload: (try? decoder.decode(JSONValue.self, from: data)) ?? .null,
                               createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    public static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder = JSONDecoder()
}

/// A consumer's position in another service's event log, committed in the same transaction as the
/// state the events produced: a restart or a duplicate delivery changes nothing.
public enum ConsumerCursor {
    public static let migration = Store.Migration("cursor.v1") { db in
        try db.execute(sql: """
            CREATE TABLE cursors (
                name TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                last_scan_id TEXT
            )
            """)
    }

    public static func load(_ db: Database, name: String) throws -> (seq: Int64, lastScanID: String?) {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, last_scan_id FROM cursors WHERE name = ?",
                                         arguments: [name])
        else { return (0, nil) }
        return (row["seq"], row["last_scan_id"])
    }

    public static func save(_ db: Database, name: String, seq: Int64, lastScanID: String?) throws {
        try db.execute(sql: """
            INSERT INTO cursors (name, seq, last_scan_id) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET seq = excluded.seq,
                last_scan_id = COALESCE(excluded.last_scan_id, cursors.last_scan_id)
            """, arguments: [name, seq, lastScanID])
    }
}
