import GRDB
import PalisadeBenchmark
import PalisadeModel

/// The inventory as relations see it during a seal: resources read from the database on demand (cached for the
/// seal), and every id a resource's relations asked for recorded as a link — so when a linked resource changes
/// or disappears, the resources that read it are re-assessed.
final class DatabaseInventory: InventoryLookup {
    private let db: Database
    private var byID: [String: Resource?] = [:]
    private var byType: [String: [Resource]] = [:]
    private var byProperty: [String: [String: Resource]] = [:]
    private(set) var requested: Set<String> = []
    /// A database error met while looking up (rethrown by the sealer: a lookup must not silently become unknown).
    private(set) var failure: (any Error)?

    /// Resource types whose scope failed in the scan being sealed, with the reason.
    private let missing: [String: String]

    init(_ db: Database, unavailable: [String: String] = [:]) {
        self.db = db
        self.missing = unavailable
    }

    func unavailable(type: String, account: String) -> String? { missing[type] }

    func resource(id: String) -> Resource? {
        requested.insert(id)
        if let cached = byID[id] { return cached }
        do {
            let r = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM resources WHERE id = ?"), arguments: [id])
                .map(Rows.resource)
            if byID.count > 50_000 { byID.removeAll(keepingCapacity: true) }
            byID[id] = r
            return r
        } catch {
            failure = failure ?? error
            return nil
        }
    }

    func resources(type: String, account: String) -> [Resource] {
        let key = "\(account)/\(type)"
        if let cached = byType[key] { return cached }
        do {
            let all = try Row.fetchAll(db, sql: "SELECT * FROM resources WHERE account = ? AND type = ? ORDER BY id",
                                       arguments: [account, type]).map(Rows.resource)
            byType[key] = all
            return all
        } catch {
            failure = failure ?? error
            return []
        }
    }

    func resource(type: String, account: String, property: String, value: String) -> Resource? {
        requested.insert(Relation.linkKey(type: type, property: property, value: value))
        let key = "\(account)/\(type)/\(property)"
        if byProperty[key] == nil {
            var index: [String: Resource] = [:]
            for r in resources(type: type, account: account) {
                if let v = r.properties[property]?.stringValue, index[v] == nil { index[v] = r }
            }
            byProperty[key] = index
        }
        return byProperty[key]?[value]
    }

    /// Starts recording the ids one resource's relations read.
    func beginRecording() { requested.removeAll(keepingCapacity: true) }
}
