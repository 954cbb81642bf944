import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// `graph.sqlite`: the current graph per account (nodes, edges), attack paths per scan, built scans,
/// and the cursor into the assessor's event log.
public final class GraphStore: Sendable {
    public static let cursorName = "graph"
    public let store: Store

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "graph", migrations: [ConsumerCursor.migration, Self.schema])
    }

    static let schema = Store.Migration("graph.v1") { db in
        try db.execute(sql: """
            CREATE TABLE nodes (
                account TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
                PRIMARY KEY (account, id)
            );
            CREATE TABLE edges (
                account TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, kind TEXT NOT NULL,
                evidence TEXT NOT NULL
            );
            CREATE INDEX edges_src_kind ON edges (src, kind);
            CREATE INDEX edges_dst_kind ON edges (dst, kind);
            CREATE INDEX edges_account ON edges (account);
            CREATE TABLE graph_scans (
                scan_id TEXT PRIMARY KEY, account TEXT NOT NULL, seq INTEGER NOT NULL,
                node_count INTEGER NOT NULL, edge_count INTEGER NOT NULL, built_at REAL NOT NULL
            );
            CREATE INDEX graph_scans_seq ON graph_scans (seq);
            CREATE TABLE paths (
                scan_id TEXT NOT NULL, id TEXT NOT NULL, account TEXT NOT NULL, risk_rank INTEGER NOT NULL,
                position INTEGER NOT NULL, json BLOB NOT NULL,
                PRIMARY KEY (scan_id, id)
            );
            """)
    }

    public func position() throws -> ConsumerPosition {
        let c = try store.read { try ConsumerCursor.load($0, name: Self.cursorName) }
        return ConsumerPosition(service: ServiceName.graph, cursor: c.seq, lastScanID: c.lastScanID)
    }

    /// Replaces the account's graph, stores the scan's paths and advances the cursor — one transaction.
    public func commit(scan: ScanSummary, seq: Int64, graph: SecurityGraph, paths: [AttackPath], at now: Date) throws {
        let encoder = Wire.encoder
        try store.write { db in
            let account = scan.account
            try db.execute(sql: "DELETE FROM nodes WHERE account = ?", arguments: [account])
            try db.execute(sql: "DELETE FROM edges WHERE account = ?", arguments: [account])
            for n in graph.nodes {
                try db.execute(sql: "INSERT OR REPLACE INTO nodes (account, id, kind, label) VALUES (?, ?, ?, ?)",
                               arguments: [account, n.id, n.kind, n.label])
            }
            for e in graph.edges {
                try db.execute(sql: "INSERT INTO edges (account, src, dst, kind, evidence) VALUES (?, ?, ?, ?, ?)",
                               arguments: [account, e.src, e.dst, e.kind, e.evidence])
            }
            try db.execute(sql: "DELETE FROM paths WHERE scan_id = ?", arguments: [scan.scanID])
            for (i, p) in paths.enumerated() {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO paths (scan_id, id, account, risk_rank, position, json)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [scan.scanID, p.id, account, p.risk.rank, i, try encoder.encode(p)])
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO graph_scans (scan_id, account, seq, node_count, edge_count, built_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scan.scanID, account, seq, graph.nodes.count, graph.edges.count,
                                 now.timeIntervalSince1970])
            try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: scan.scanID)
        }
    }

    /// Advances the cursor past events this consumer does not act on.
    public func advance(to seq: Int64) throws {
        try store.write { db in
            let current = try ConsumerCursor.load(db, name: Self.cursorName).seq
            guard seq > current else { return }
            try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: nil)
        }
    }

    /// Paths of `scanID`, or of the most recently built scan; ranked by risk.
    public func paths(scanID: String?) throws -> PathsReply {
        try store.read { db in
            let row: Row?
            if let scanID {
                row = try Row.fetchOne(db, sql: "SELECT * FROM graph_scans WHERE scan_id = ?", arguments: [scanID])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM graph_scans ORDER BY seq DESC LIMIT 1")
            }
            guard let row else {
                if let scanID {
                    throw WireError(code: "graph.scan.unknown",
                                    message: "no graph was built for scan \(scanID); check the scan id or wait for the graph to catch up")
                }
                return PathsReply(scanID: nil, nodeCount: 0, edgeCount: 0, paths: [])
            }
            let id: String = row["scan_id"]
            let blobs = try Data.fetchAll(db, sql: """
                SELECT json FROM paths WHERE scan_id = ? ORDER BY risk_rank DESC, position
                """, arguments: [id])
            let paths = try blobs.map { try Wire.decoder.decode(AttackPath.self, from: $0) }
            return PathsReply(scanID: id, nodeCount: row["node_count"], edgeCount: row["edge_count"], paths: paths)
        }
    }

    /// The stored graph of one account (for tests and explorers).
    public func graph(account: String) throws -> SecurityGraph {
        try store.read { db in
            let nodes = try Row.fetchAll(db, sql: "SELECT id, kind, label FROM nodes WHERE account = ? ORDER BY id",
                                         arguments: [account]).map { GraphNode(id: $0["id"], kind: $0["kind"], label: $0["label"]) }
            let edges = try Row.fetchAll(db, sql: """
                SELECT src, dst, kind, evidence FROM edges WHERE account = ? ORDER BY src, kind, dst
                """, arguments: [account]).map {
                GraphEdge(src: $0["src"], dst: $0["dst"], kind: $0["kind"], evidence: $0["evidence"])
            }
            return SecurityGraph(nodes: nodes, edges: edges)
        }
    }
}
