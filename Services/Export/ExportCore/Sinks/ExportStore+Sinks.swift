import Foundation
import GRDB
import PalisadeModel
import PalisadeStore

extension ExportStore {
    public func sinkState(_ name: String) throws -> SinkState {
        try store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sink_state WHERE name = ?", arguments: [name]) else {
                return SinkState(name: name)
            }
            var s = SinkState(name: name)
            s.cursor = row["cursor"]
            s.delivered = row["delivered"]
            s.attempts = row["attempts"]
            s.lastError = row["last_error"]
            s.lastErrorAt = Self.date(row["last_error_at"])
            s.lastSuccessAt = Self.date(row["last_success_at"])
            s.nextAttemptAt = Self.date(row["next_attempt_at"])
            s.deadLettered = row["dead_lettered"]
            s.snapshotStarted = Self.date(row["snapshot_started"])
            s.snapshotAfter = row["snapshot_after"]
            s.snapshotDone = Self.date(row["snapshot_done"])
            s.fileLength = row["file_length"]
            s.fileOpened = Self.date(row["file_opened"])
            s.fileRotations = row["file_rotations"]
            s.filePendingRename = row["file_pending_rename"]
            return s
        }
    }

    /// A sink that starts on an existing outbox begins at its head, not at the beginning of history (a snapshot, if
    /// configured, brings it the current state). Returns the state, created if needed.
    public func ensureSink(_ name: String, startAtHead: Bool) throws -> SinkState {
        try store.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM sink_state WHERE name = ?", arguments: [name]) == nil {
                let head = startAtHead ? (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM outbox") ?? 0) : 0
                try db.execute(sql: "INSERT INTO sink_state (name, cursor) VALUES (?, ?)", arguments: [name, head])
            }
        }
        return try sinkState(name)
    }

    public func saveSinkState(_ s: SinkState) throws {
        try store.write { db in try Self.save(db, s) }
    }

    static func save(_ db: Database, _ s: SinkState) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO sink_state (name, cursor, delivered, attempts, last_error, last_error_at,
                last_success_at, next_attempt_at, dead_lettered, snapshot_started, snapshot_after, snapshot_done,
                file_length, file_opened, file_rotations, file_pending_rename)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [s.name, s.cursor, s.delivered, s.attempts, s.lastError, s.lastErrorAt?.timeIntervalSince1970,
                             s.lastSuccessAt?.timeIntervalSince1970, s.nextAttemptAt?.timeIntervalSince1970,
                             s.deadLettered, s.snapshotStarted?.timeIntervalSince1970, s.snapshotAfter,
                             s.snapshotDone?.timeIntervalSince1970, s.fileLength, s.fileOpened?.timeIntervalSince1970,
                             s.fileRotations, s.filePendingRename])
    }

    /// Current findings after `id` (by id), for a snapshot page.
    public func findings(after id: String?, limit: Int) throws -> [Finding] {
        try store.read { db in
            let blobs = try Data.fetchAll(db, sql: "SELECT json FROM findings WHERE id > ? ORDER BY id LIMIT ?",
                                          arguments: [id ?? "", limit])
            return blobs.compactMap { blob in (try? JSONText.parse(blob)).flatMap { Finding(json: $0) } }
        }
    }

    static func date(_ v: Double?) -> Date? { v.map { Date(timeIntervalSince1970: $0) } }
}
