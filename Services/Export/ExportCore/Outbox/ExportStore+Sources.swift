import Foundation
import GRDB
import PalisadeExport
import PalisadeModel
import PalisadeStore

/// Cursors of the sources besides the assessor's log, and the attack paths last reported per account.
extension ExportStore {
    public static let scoringCursor = "export.scoring"
    public static let pathsCursor = "export.paths"

    public func sourceCursor(_ name: String) throws -> Int64 {
        try store.read { try ConsumerCursor.load($0, name: name).seq }
    }

    /// Appends the records and moves the named cursor, in one transaction; returns how many records were new.
    @discardableResult
    public func commitSource(_ name: String, cursor: Int64, records: [ExportRecord]) throws -> Int {
        try store.write { db in
            let added = try Self.append(db, records)
            try ConsumerCursor.save(db, name: name, seq: cursor, lastScanID: nil)
            return added
        }
    }

    /// The ids of the attack paths last reported for `account`.
    public func attackPathIDs(account: String) throws -> Set<String> {
        try store.read { db in
            Set(try String.fetchAll(db, sql: "SELECT id FROM attack_paths WHERE account = ?", arguments: [account]))
        }
    }

    public func attackPathSummary(id: String) throws -> JSONValue? {
        try store.read { db in
            try Data.fetchOne(db, sql: "SELECT summary FROM attack_paths WHERE id = ?", arguments: [id])
                .flatMap { try? JSONText.parse($0) }
        }
    }

    /// Replaces an account's reported paths, appends the new/resolved records and moves the paths cursor — one
    /// transaction, so a crash repeats the whole step and the keys keep it from being reported twice.
    public func commitPaths(account: String, current: [String: JSONValue], records: [ExportRecord], cursor: Int64) throws {
        try store.write { db in
            try Self.append(db, records)
            try db.execute(sql: "DELETE FROM attack_paths WHERE account = ?", arguments: [account])
            for (id, summary) in current {
                try db.execute(sql: "INSERT OR REPLACE INTO attack_paths (id, account, summary) VALUES (?, ?, ?)",
                               arguments: [id, account, summary.canonicalData()])
            }
            try ConsumerCursor.save(db, name: Self.pathsCursor, seq: cursor, lastScanID: nil)
        }
    }
}
