import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Fix runs in export.sqlite: each run's plan (with the configuration each item replaced) is written before the
/// first AWS call and every item's outcome as soon as it is known, so `fix undo` works after any crash.
extension ExportStore {
    static let fixSchema = Store.Migration("export.v4.fixes") { db in
        try db.execute(sql: """
            CREATE TABLE fix_runs (id TEXT PRIMARY KEY, created REAL NOT NULL, run BLOB NOT NULL);
            CREATE INDEX fix_runs_created ON fix_runs (created);
            """)
    }

    public func saveFixRun(_ run: FixRun) throws {
        let blob = try JSONEncoder().encode(run)
        try store.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO fix_runs (id, created, run) VALUES (?, ?, ?)",
                           arguments: [run.id, run.createdAt.timeIntervalSince1970, blob])
        }
    }

    public func fixRun(_ id: String) throws -> FixRun? {
        try store.read { db in
            try Data.fetchOne(db, sql: "SELECT run FROM fix_runs WHERE id = ?", arguments: [id])
                .map { try JSONDecoder().decode(FixRun.self, from: $0) }
        }
    }

    /// Newest first.
    public func fixRuns(limit: Int) throws -> [FixRun] {
        try store.read { db in
            try Data.fetchAll(db, sql: "SELECT run FROM fix_runs ORDER BY created DESC, id DESC LIMIT ?",
                              arguments: [max(1, limit)])
                .map { try JSONDecoder().decode(FixRun.self, from: $0) }
        }
    }
}
