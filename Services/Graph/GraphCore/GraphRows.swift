import Crypto
import Foundation
import GRDB
import PalisadeModel
import PalisadeStore

/// One account's `nodes` and `edges` rows, written as the difference from what is stored (docs/graph.md § Storage).
///
/// Each row carries a digest: SHA-256 (first 16 bytes) of its JSON, which holds its key. A rebuild encodes every node and edge,
/// keeps the rows whose digest is already stored, inserts the new ones and deletes the ones no longer built — so a
/// rescan that changes 1 % of an estate rewrites about 1 % of the rows, not all 885,585 edges of a 100,000-resource
/// account (16 s of a rescan's 42 s before). A cryptographic digest, not a fast hash: a resource name chosen to
/// collide must not be able to keep a stale edge in the store.
public enum GraphRows {
    /// The digest column, and one edge index that serves the only edge read (`WHERE account = ? ORDER BY src, kind,
    /// dst`) instead of three (by source, by destination, by account) that every rebuild maintained and no query used.
    static let migration = Store.Migration("graph.v4") { db in
        try db.execute(sql: """
            DROP INDEX IF EXISTS edges_src_kind;
            DROP INDEX IF EXISTS edges_dst_kind;
            DROP INDEX IF EXISTS edges_account;
            CREATE INDEX edges_account_order ON edges (account, src, kind, dst);
            ALTER TABLE nodes ADD COLUMN digest BLOB;
            ALTER TABLE edges ADD COLUMN digest BLOB;
            """)
    }

    public struct Written: Equatable, Sendable {
        public var nodesWritten = 0, nodesRemoved = 0, edgesWritten = 0, edgesRemoved = 0
    }

    /// Makes the stored rows of `account` exactly `graph`'s nodes and edges. Runs inside the caller's transaction.
    @discardableResult
    static func replace(_ db: Database, account: String, graph: SecurityGraph) throws -> Written {
        var written = Written()

        var storedNodes: [String: Digest] = [:]
        let nodeRows = try Row.fetchCursor(db, sql: "SELECT id, digest FROM nodes WHERE account = ?", arguments: [account])
        while let row = try nodeRows.next() {
            storedNodes[row[0]] = Digest(row[1] as Data?)
        }
        let upsertNode = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO nodes (account, id, kind, label, json, digest) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for n in graph.nodes {
            let json = GraphRowJSON.data(n)
            let digest = Digest(of: json)
            if storedNodes.removeValue(forKey: n.id) == digest { continue }
            try upsertNode.execute(arguments: [account, n.id, n.kind, n.label, json, digest.data])
            written.nodesWritten += 1
        }
        let deleteNode = try db.cachedStatement(sql: "DELETE FROM nodes WHERE account = ? AND id = ?")
        for id in storedNodes.keys {
            try deleteNode.execute(arguments: [account, id])
            written.nodesRemoved += 1
        }

        // Edges have no unique key (the builder merges per source, destination, kind and method; the row keeps the
        // first three): match by digest, each stored row used once.
        var storedEdges: [Digest: Int64] = [:]
        var sameDigest: [Digest: [Int64]] = [:]
        let edgeRows = try Row.fetchCursor(db, sql: "SELECT rowid, digest FROM edges WHERE account = ?", arguments: [account])
        while let row = try edgeRows.next() {
            let digest = Digest(row[1] as Data?), rowid: Int64 = row[0]
            if let earlier = storedEdges.updateValue(rowid, forKey: digest) { sameDigest[digest, default: []].append(earlier) }
        }
        let insertEdge = try db.cachedStatement(sql: """
            INSERT INTO edges (account, src, dst, kind, evidence, json, digest) VALUES (?, ?, ?, ?, '', ?, ?)
            """)
        for e in graph.edges {
            let json = GraphRowJSON.data(e)
            let digest = Digest(of: json)
            if sameDigest[digest]?.popLast() != nil { continue }
            if storedEdges.removeValue(forKey: digest) != nil { continue }
            try insertEdge.execute(arguments: [account, e.src, e.dst, e.kind, json, digest.data])
            written.edgesWritten += 1
        }
        let deleteEdge = try db.cachedStatement(sql: "DELETE FROM edges WHERE rowid = ?")
        for rowid in Array(storedEdges.values) + sameDigest.values.joined() {
            try deleteEdge.execute(arguments: [rowid])
            written.edgesRemoved += 1
        }
        return written
    }

    /// The first 16 bytes of the SHA-256 of a row's JSON (which holds the row's key fields too). A row an older
    /// version wrote has none: `Digest(nil)` matches no new row.
    struct Digest: Hashable {
        var high: UInt64, low: UInt64

        init(of json: Data) {
            let hash = SHA256.hash(data: json)
            var high: UInt64 = 0, low: UInt64 = 0
            hash.withUnsafeBytes { raw in
                for i in 0..<8 { high = high << 8 | UInt64(raw[i]) }
                for i in 8..<16 { low = low << 8 | UInt64(raw[i]) }
            }
            (self.high, self.low) = (high, low)
        }

        /// From the stored column; anything but 16 bytes is "no digest" (never equal to a computed one, which is
        /// astronomically unlikely to be all zero).
        init(_ stored: Data?) {
            guard let stored, stored.count == 16 else {
                (high, low) = (0, 0)
                return
            }
            var high: UInt64 = 0, low: UInt64 = 0
            for (i, b) in stored.enumerated() {
                if i < 8 { high = high << 8 | UInt64(b) } else { low = low << 8 | UInt64(b) }
            }
            (self.high, self.low) = (high, low)
        }

        var data: Data {
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<8 {
                bytes[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * i))
                bytes[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * i))
            }
            return Data(bytes)
        }
    }
}
