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
        try append(db, type: type, encodedPayload: try encoder.encode(payload), at: date)
    }

    /// Appends an event whose payload the caller already encoded as JSON (the bytes `append(_:type:payload:at:)` would
    /// store, or the same value in another key order or spacing: readers decode it). For producers that write many
    /// events of one shape: `JSONEncoder` per event was the largest cost of a first assessment (decision 0011). The
    /// caller vouches for the JSON; it is stored as is.
    @discardableResult
    public static func append(_ db: Database, type: String, encodedPayload: Data, at date: Date = Date()) throws -> Int64 {
        let statement = try db.cachedStatement(sql: "INSERT INTO events (type, payload, created_at) VALUES (?, ?, ?)")
        statement.setUncheckedArguments([type, encodedPayload, date.timeIntervalSince1970])
        try statement.execute()
        return db.lastInsertedRowID
    }

    /// Up to `limit` events after `after`. Payloads are parsed with `JSONText` (a consumer pulling a first assessment
    /// reads millions of them). With `types`, only events of those types (see `Selection`).
    public static func read(_ db: Database, after: Int64, limit: Int, types: [String]? = nil) throws -> [EventRecord] {
        let selection = Selection(after: after, limit: limit, types: types)
        return try Row.fetchAll(db.cachedStatement(sql: selection.sql), arguments: selection.arguments).map { row in
            let data: Data = row["payload"]
            return EventRecord(seq: row["seq"], type: row["type"],
                               payload: (try? JSONText.parse(data)) ?? .null,
                               createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    /// Which rows a page reads. Without `types`, the next `limit` events. With `types`, the events of those types among
    /// the next `window` seqs: a consumer that wants only seals (scoring) skips a first assessment's millions of
    /// `finding.changed` events in a few dozen pulls that each read a bounded range of the log, instead of receiving
    /// and decoding every one. `through(…)` is the seq the consumer has then seen everything up to.
    public struct Selection: Sendable {
        public static let window: Int64 = 100_000
        let after: Int64
        let limit: Int
        let types: [String]?

        public init(after: Int64, limit: Int, types: [String]?) {
            self.after = after
            self.limit = limit
            self.types = types
        }

        var sql: String {
            guard let types else { return "SELECT seq, type, payload, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?" }
            let marks = types.isEmpty ? "NULL" : Array(repeating: "?", count: types.count).joined(separator: ", ")
            return "SELECT seq, type, payload, created_at FROM events WHERE seq > ? AND seq <= ? AND type IN (\(marks)) ORDER BY seq LIMIT ?"
        }

        var arguments: StatementArguments {
            guard let types else { return [after, limit] }
            return StatementArguments([after, after + Self.window] + types + [limit])
        }

        /// After a filtered read that returned `count` events, the last at `last`: everything up to this seq was read
        /// (a full page ends at its last event; a short one covered the whole window, or the log up to its head).
        public func through(count: Int, last: Int64?, head: Int64) -> Int64? {
            guard types != nil else { return nil }
            if count >= limit, let last { return last }
            return max(after, min(after + Self.window, head))
        }
    }

    /// Up to `limit` events after `after` as an `EventsPage` reply body — `{"events":[{"createdAt":…,"payload":…,
    /// "seq":…,"type":…}…],"headSeq":…}`, the JSON `Wire.encoder` makes of the page — with each stored payload copied
    /// in as it is, neither parsed nor re-encoded. Three consumers each pull every event of a first assessment
    /// (6,000,000 at 1,000,000 resources); parsing and re-encoding each payload for each of them was most of what the
    /// assessor spent answering them. Payloads are JSON by construction (`append` encodes them).
    public static func readPageJSON(_ db: Database, after: Int64, limit: Int, types: [String]? = nil) throws -> Data {
        let selection = Selection(after: after, limit: limit, types: types)
        var out: [UInt8] = []
        out.reserveCapacity(limit * 700 + 64)
        out.append(contentsOf: #"{"events":["#.utf8)
        var first = true
        var lastDate: (Int64, [UInt8])?
        let rows = try Row.fetchCursor(db.cachedStatement(sql: selection.sql), arguments: selection.arguments)
        var count = 0
        var last: Int64?
        while let row = try rows.next() {
            count += 1
            last = row[0]
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            let seconds = Int64((row[3] as Double).rounded(.down))
            let date: [UInt8]
            if let lastDate, lastDate.0 == seconds { date = lastDate.1 } else {
                date = JSONText.iso8601(seconds)
                lastDate = (seconds, date)
            }
            out.append(contentsOf: #"{"createdAt":"#.utf8)
            out.append(contentsOf: date)
            out.append(contentsOf: #","payload":"#.utf8)
            let payload: Data = row[2]
            if payload.isEmpty { out.append(contentsOf: "null".utf8) } else { out.append(contentsOf: payload) }
            out.append(contentsOf: #","seq":"#.utf8)
            out.append(contentsOf: String(row[0] as Int64).utf8)
            out.append(contentsOf: #","type":"#.utf8)
            JSONText.writeString(row[1], &out)
            out.append(UInt8(ascii: "}"))
        }
        let head = try head(db)
        out.append(contentsOf: #"],"headSeq":"#.utf8)
        out.append(contentsOf: String(head).utf8)
        if let through = selection.through(count: count, last: last, head: head) {
            out.append(contentsOf: #","through":"#.utf8)
            out.append(contentsOf: String(through).utf8)
        }
        out.append(UInt8(ascii: "}"))
        return Data(out)
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
