import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// `scheduler.sqlite`: each schedule's state (last run, scan in flight) and the last config text that loaded, so
/// a restart with a broken file keeps the schedules that were in force.
public final class ScheduleStore: Sendable {
    public let store: Store

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "scheduler", migrations: [Self.schema])
    }

    static let schema = Store.Migration("scheduler.v1") { db in
        try db.execute(sql: """
            CREATE TABLE schedule_state (name TEXT PRIMARY KEY, json BLOB NOT NULL);
            CREATE TABLE good_config (id INTEGER PRIMARY KEY CHECK (id = 1), file TEXT NOT NULL, text TEXT NOT NULL);
            """)
    }

    public func states() throws -> [ScheduleState] {
        try store.read { db in
            try Data.fetchAll(db, sql: "SELECT json FROM schedule_state ORDER BY name").map {
                try Wire.decoder.decode(ScheduleState.self, from: $0)
            }
        }
    }

    public func save(_ states: [ScheduleState]) throws {
        guard !states.isEmpty else { return }
        let rows = try states.map { ($0.name, try Wire.encoder.encode($0)) }
        try store.write { db in
            for (name, json) in rows {
                try db.execute(sql: "INSERT OR REPLACE INTO schedule_state (name, json) VALUES (?, ?)",
                               arguments: [name, json])
            }
        }
    }

    /// The config text that last loaded without error.
    public func goodConfig() throws -> (file: String, text: String)? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT file, text FROM good_config WHERE id = 1").map { ($0["file"], $0["text"]) }
        }
    }

    public func saveGoodConfig(file: String, text: String) throws {
        try store.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO good_config (id, file, text) VALUES (1, ?, ?)",
                           arguments: [file, text])
        }
    }
}
