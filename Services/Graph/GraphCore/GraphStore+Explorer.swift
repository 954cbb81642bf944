import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// One account's stored graph as of one built scan; a new scan is a new version.
public struct GraphVersion: Hashable, Sendable {
    public var account: String
    public var scanID: String
    public var seq: Int64
}

extension GraphStore {
    /// The latest version of each account's graph, by account.
    public func graphVersions() throws -> [GraphVersion] {
        try store.read { try Self.versions($0) }
    }

    /// The graphs of `accounts` (every account when nil) with the versions they were read at, in one read
    /// transaction so graph and version agree.
    public func explorerSnapshot(account: String?) throws -> (versions: [GraphVersion], graphs: [SecurityGraph]) {
        try store.read { db in
            let versions = try Self.versions(db).filter { account == nil || $0.account == account }
            var graphs: [SecurityGraph] = []
            for v in versions {
                let nodes = try Data.fetchAll(db, sql: "SELECT json FROM nodes WHERE account = ? ORDER BY id",
                                              arguments: [v.account]).map(GraphRowJSON.node)
                let edges = try Data.fetchAll(db, sql: "SELECT json FROM edges WHERE account = ? ORDER BY src, kind, dst",
                                              arguments: [v.account]).map(GraphRowJSON.edge)
                graphs.append(SecurityGraph(nodes: nodes, edges: edges))
            }
            return (versions, graphs)
        }
    }

    private static func versions(_ db: Database) throws -> [GraphVersion] {
        try Row.fetchAll(db, sql: """
            SELECT account, scan_id, MAX(seq) AS seq FROM graph_scans GROUP BY account ORDER BY account
            """).map { GraphVersion(account: $0["account"], scanID: $0["scan_id"], seq: $0["seq"]) }
    }
}
