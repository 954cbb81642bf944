import Foundation
import GRDB
import PalisadeModel
import PalisadeStore

/// The inventory's changes as events, so that a consumer (the security graph) can keep its own copy from the log
/// instead of asking for the whole inventory at every seal (docs/graph.md § Keeping the graph current).
///
/// Both run inside the seal's transaction, so the events commit exactly when the scan's inventory becomes final,
/// and both come before the seal's `scan.sealed`: a consumer that has applied the log up to a `scan.sealed` holds the
/// account's inventory as that seal left it.
enum ResourceEvents {
    static let chunk = 1_000

    /// `resource.removed` for a resource the seal retires (before or after it is deleted: the payload is taken from
    /// `resource`).
    static func removed(_ db: Database, _ resource: Resource, at now: Date) throws {
        try EventLog.append(db, type: EventType.resourceRemoved,
                            payload: RemovedResource(id: resource.id, account: resource.account, type: resource.type,
                                                     region: resource.region), at: now)
    }

    /// `resource.changed` for every resource the scan found new or changed (`scan_resources.changed`, what ingest
    /// recorded by content hash), as stored now, in id order. Walks the scan's rows through their primary key
    /// `(scan_id, resource_id)` a chunk at a time, so memory follows the chunk and an unchanged rescan costs one
    /// index probe. Returns how many were appended.
    @discardableResult
    static func changed(_ db: Database, scanID: String, at now: Date) throws -> Int {
        var after = ""
        var count = 0
        while true {
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT r.* FROM scan_resources sr JOIN resources r ON r.id = sr.resource_id
                WHERE sr.scan_id = ? AND sr.changed = 1 AND sr.resource_id > ? ORDER BY sr.resource_id LIMIT ?
                """), arguments: [scanID, after, chunk])
            guard let tail = rows.last else { return count }
            after = tail["id"]
            for row in rows {
                try EventLog.append(db, type: EventType.resourceChanged, payload: try Rows.resource(row), at: now)
            }
            count += rows.count
        }
    }
}
