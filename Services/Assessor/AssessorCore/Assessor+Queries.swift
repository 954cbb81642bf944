import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

extension Assessor {
    /// Scan summaries, newest first (or the one asked for).
    public func scans(_ q: ScansQuery) throws -> [ScanSummary] {
        try store.store.read { db in
            let rows: [Row]
            if let id = q.scanID {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM scans WHERE id = ?", arguments: [id])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM scans ORDER BY started DESC, id DESC LIMIT ?",
                                        arguments: [max(1, min(q.limit, 1000))])
            }
            return try rows.map { row in
                if let text: String = row["summary"] { return try Rows.decode(ScanSummary.self, text) }
                let id: String = row["id"]
                let batches = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM batches WHERE scan_id = ?", arguments: [id]) ?? 0
                let resources = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scan_resources WHERE scan_id = ?",
                                                 arguments: [id]) ?? 0
                return ScanSummary(
                    scanID: id, provider: row["provider"], account: row["account"],
                    state: ScanState(rawValue: row["state"]) ?? .collecting,
                    startedAt: Date(timeIntervalSince1970: row["started"]), sealedAt: nil, batchesReceived: batches,
                    totalBatches: row["total_batches"], resourceCount: resources, findingCounts: [:],
                    scopes: try Rows.decode([ScopeResult].self, row["scopes"]))
            }
        }
    }

    /// The current inventory, filtered by type and account, ordered by id.
    public func inventory(_ q: InventoryQuery) throws -> [InventoryItem] {
        var (sql, args) = try Self.inventoryFilter(
            q, select: "resources.*, s.last_seen, s.last_scan_id",
            join: "LEFT JOIN resource_sightings s ON s.id = resources.id")
        sql += " ORDER BY resources.id"
        if let limit = q.limit { sql += " LIMIT ?"; args.append(max(0, limit)) }
        return try store.store.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { try Rows.inventoryItem($0) }
        }
    }

    /// Resources per type under the inventory filters.
    public func inventoryCounts(_ q: InventoryCountsQuery) throws -> [String: Int] {
        var (sql, args) = try Self.inventoryFilter(q.filter, select: "type, COUNT(*) AS n")
        sql += " GROUP BY type"
        return try store.store.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args))
                .map { ($0["type"] as String, $0["n"] as Int) })
        }
    }

    /// The WHERE clause of an inventory query: exact or glob type, account, provider, region, tags.
    static func inventoryFilter(_ q: InventoryQuery, select: String, join: String = "") throws
        -> (String, [any DatabaseValueConvertible])
    {
        var sql = "SELECT \(select) FROM resources \(join) WHERE 1 = 1"
        var args: [any DatabaseValueConvertible] = []
        if let t = q.type {
            if t.contains("*") || t.contains("?") { sql += " AND type GLOB ?" } else { sql += " AND type = ?" }
            args.append(t)
        }
        if let a = q.account { sql += " AND account = ?"; args.append(a) }
        if let p = q.provider { sql += " AND provider = ?"; args.append(p) }
        if let r = q.region { sql += " AND region = ?"; args.append(r) }
        for tag in q.tags {
            let parts = tag.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let key = parts.first, !key.isEmpty else {
                throw WireError(code: "assessor.query.invalid",
                                message: "tag filter '\(tag)' has no key; use key=value or key")
            }
            // json_each over the tags object: keys are matched exactly, whatever characters they hold.
            if parts.count == 2 {
                sql += " AND EXISTS (SELECT 1 FROM json_each(resources.tags) WHERE key = ? AND value = ?)"
                args += [key, parts[1]]
            } else {
                sql += " AND EXISTS (SELECT 1 FROM json_each(resources.tags) WHERE key = ?)"
                args.append(key)
            }
        }
        return (sql, args)
    }

    /// Current findings, filtered, ordered by id. A finding carried over by incremental assessment was confirmed
    /// when its resource was last collected: `lastSeen` is the later of the two.
    public func findings(_ q: FindingsQuery) throws -> [Finding] {
        var sql = """
            SELECT f.*, max(f.last_seen, coalesce(r.last_seen, f.last_seen)) AS seen FROM findings f
            LEFT JOIN resource_sightings r ON r.id = f.resource_id WHERE 1 = 1
            """
        var args: [any DatabaseValueConvertible] = []
        if let s = q.status { sql += " AND f.status = ?"; args.append(s.rawValue) }
        if let s = q.severity { sql += " AND f.severity = ?"; args.append(s.rawValue) }
        if let c = q.checkID { sql += " AND f.check_id = ?"; args.append(c) }
        if let a = q.account { sql += " AND f.account = ?"; args.append(a) }
        sql += " ORDER BY f.id"
        return try store.store.read { db in
            let latest = try FindingReconciler.latestSealedScans(db)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                var f = try Rows.finding(row)
                f.lastSeen = Date(timeIntervalSince1970: row["seen"])
                f.lifecycle = FindingReconciler.lifecycle(of: f, latestScan: latest[FindingReconciler.AccountKey(f.provider, f.account)])
                return f
            }
        }
    }

    /// Events after `after` (exclusive), at most `limit` (1...5000), with the log's head.
    /// The same page as `events(_:)`, as the reply body: stored payloads copied in, not parsed and re-encoded
    /// (`EventLog.readPageJSON`).
    public func eventsPageJSON(_ q: EventsPull) throws -> Data {
        try store.store.read { db in try EventLog.readPageJSON(db, after: q.after, limit: max(1, min(q.limit, 5000)), types: q.types) }
    }

    public func events(_ q: EventsPull) throws -> EventsPage {
        try store.store.read { db in
            let limit = max(1, min(q.limit, 5000))
            let events = try EventLog.read(db, after: q.after, limit: limit, types: q.types)
            let head = try EventLog.head(db)
            return EventsPage(events: events, headSeq: head,
                              through: EventLog.Selection(after: q.after, limit: limit, types: q.types)
                                .through(count: events.count, last: events.last?.seq, head: head))
        }
    }
}
