import Foundation
import GRDB

/// One service's SQLite database: WAL mode (DatabasePool), versioned migrations applied at open.
public final class Store: Sendable {
    public let pool: DatabasePool
    public let path: URL

    /// A named, ordered schema step. Ids are never reused or edited once shipped; add new ones.
    public struct Migration: Sendable {
        public var id: String
        public var apply: @Sendable (Database) throws -> Void
        public init(_ id: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
            self.id = id
            self.apply = apply
        }
    }

    /// Opens (creating if needed) `<directory>/<name>.sqlite` and migrates it. `writerCacheMiB` sizes the page cache
    /// of the one writing connection (SQLite's default is 2 MiB); readers keep the default.
    public init(directory: URL, name: String, migrations: [Migration], writerCacheMiB: Int? = nil) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("\(name).sqlite")
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if let writerCacheMiB, !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(writerCacheMiB * 1024)")
            }
        }
        do {
            pool = try DatabasePool(path: path.path, configuration: config)
        } catch {
            throw StoreError(code: "store.open", message: "cannot open database \(path.path): \(error)")
        }
        var migrator = DatabaseMigrator()
        for m in migrations { migrator.registerMigration(m.id, migrate: m.apply) }
        do { try migrator.migrate(pool) } catch {
            throw StoreError(code: "store.migrate", message: "migrating \(path.path) failed: \(error)")
        }
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T { try pool.read(body) }
    public func write<T>(_ body: (Database) throws -> T) throws -> T { try pool.write(body) }
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code): \(message)" }
}
