import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// `graph.sqlite`: the current graph per account (nodes, edges), attack paths per scan, built scans,
/// the cursor into the assessor's event log, and what the graph is built from — the account's inventory and
/// failing findings as the log has delivered them (`GraphStore+Log.swift`, docs/graph.md § Keeping the graph
/// current).
public final class GraphStore: Sendable {
    public static let cursorName = "graph"
    public let store: Store

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "graph",
                          migrations: [ConsumerCursor.migration, Self.schema, Self.evidence, Self.logInputs, GraphRows.migration],
                          writerCacheMiB: Self.writerCacheMiB)
    }

    /// The writer's page cache. A rebuild of a large account writes its rows in one transaction (985,590 node and edge
    /// rows, 600 MB, at 100,000 resources); with SQLite's 2 MiB default the index pages being filled were spilled to
    /// the WAL and read back over and over (as in the assessor's seal). Memory follows use.
    static let writerCacheMiB = 256

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

    /// Evidence, insights and path lifecycle: nodes and edges keep their full JSON; every path ever seen in
    /// an account keeps its state (open or resolved) and when it was first and last seen.
    static let evidence = Store.Migration("graph.v2") { db in
        try db.execute(sql: """
            ALTER TABLE nodes ADD COLUMN json BLOB;
            ALTER TABLE edges ADD COLUMN json BLOB;
            ALTER TABLE graph_scans ADD COLUMN problems BLOB;
            ALTER TABLE graph_scans ADD COLUMN analysis BLOB;
            CREATE TABLE path_states (
                account TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, first_seen REAL NOT NULL,
                last_seen REAL NOT NULL, last_scan_id TEXT NOT NULL, json BLOB NOT NULL,
                PRIMARY KEY (account, id)
            );
            """)
    }

    public func position() throws -> ConsumerPosition {
        let c = try store.read { try ConsumerCursor.load($0, name: Self.cursorName) }
        return ConsumerPosition(service: ServiceName.graph, cursor: c.seq, lastScanID: c.lastScanID)
    }

    /// Replaces the account's graph, stores the scan's paths with their lifecycle (new, persisting, reopened;
    /// paths of the account that are gone become resolved), records that the account's graph is now built from what
    /// the store holds (`basis`: builder revision and graph checks; `seed`: inputs fetched from the assessor replace
    /// the stored ones) and advances the cursor — one transaction.
    @discardableResult
    public func commit(scan: ScanSummary, seq: Int64, graph: SecurityGraph, paths: [AttackPath],
                       analysis: PathAnalysis = PathAnalysis(), at now: Date, basis: String = "",
                       verdictsAccepted: Bool = true, seed: GraphInputs? = nil) throws -> GraphRows.Written {
        let encoder = Wire.encoder
        return try store.write { db in
            let account = scan.account
            let stamp = now.timeIntervalSince1970
            if let seed { try Self.replaceInputs(db, account: account, with: seed) }
            let written = try GraphRows.replace(db, account: account, graph: graph)
            try Self.recordPaths(db, account: account, scanID: scan.scanID, paths: paths, stamp: stamp)
            try db.execute(sql: """
                INSERT OR REPLACE INTO graph_scans (scan_id, account, seq, node_count, edge_count, built_at, problems,
                                                    analysis, built_scan_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [scan.scanID, account, seq, graph.nodes.count, graph.edges.count, stamp,
                                 try encoder.encode(graph.problems), try encoder.encode(analysis), scan.scanID])
            try Self.markBuilt(db, account: account, scanID: scan.scanID, basis: basis, verdictsAccepted: verdictsAccepted)
            try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: scan.scanID)
            return written
        }
    }

    /// Stores `paths` as the paths of `scanID` with their lifecycle, from the states the account's previous scans
    /// left: `new` the first time, `persisting` while open, `reopened` after a resolution; open paths not among
    /// them become resolved. The cursor commits in the same transaction, so a scan is applied once.
    static func recordPaths(_ db: Database, account: String, scanID: String, paths: [AttackPath], stamp: Double) throws {
        let encoder = Wire.encoder
        var previous: [String: (state: String, firstSeen: Double)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, state, first_seen FROM path_states WHERE account = ?",
                                    arguments: [account]) {
            previous[row["id"]] = (row["state"], row["first_seen"])
        }
        try db.execute(sql: "DELETE FROM paths WHERE scan_id = ?", arguments: [scanID])
        var current = Set<String>()
        for (i, var p) in paths.enumerated() {
            current.insert(p.id)
            if let prev = previous[p.id] {
                p.firstSeen = prev.firstSeen
                p.lifecycle = prev.state == "open" ? .persisting : .reopened
            } else {
                p.firstSeen = stamp
                p.lifecycle = .new
            }
            let json = try encoder.encode(p)
            try db.execute(sql: """
                INSERT OR REPLACE INTO paths (scan_id, id, account, risk_rank, position, json)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scanID, p.id, account, p.risk.rank, i, json])
            try db.execute(sql: """
                INSERT OR REPLACE INTO path_states (account, id, state, first_seen, last_seen, last_scan_id, json)
                VALUES (?, ?, 'open', ?, ?, ?, ?)
                """, arguments: [account, p.id, p.firstSeen ?? stamp, stamp, scanID, json])
        }
        for (id, prev) in previous where prev.state == "open" && !current.contains(id) {
            try db.execute(sql: "UPDATE path_states SET state = 'resolved', last_scan_id = ? WHERE account = ? AND id = ?",
                           arguments: [scanID, account, id])
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
            let resolved = try Data.fetchAll(db, sql: """
                SELECT json FROM path_states WHERE last_scan_id = ? AND state = 'resolved' ORDER BY id
                """, arguments: [id]).map { data -> AttackPath in
                var p = try Wire.decoder.decode(AttackPath.self, from: data)
                p.lifecycle = .resolved
                return p
            }
            let analysis = try (row["analysis"] as Data?).map { try Wire.decoder.decode(PathAnalysis.self, from: $0) }
                ?? PathAnalysis()
            let problems = try (row["problems"] as Data?).map { try Wire.decoder.decode([GraphProblem].self, from: $0) } ?? []
            return PathsReply(scanID: id, nodeCount: row["node_count"], edgeCount: row["edge_count"], paths: paths,
                              resolved: resolved, chokePoints: analysis.chokePoints, fixPlan: analysis.fixPlan,
                              problems: problems.map { "\($0.resource): \($0.element): \($0.reason)" })
        }
    }

    /// The stored graph of one account (for tests and explorers).
    public func graph(account: String) throws -> SecurityGraph {
        try store.read { db in
            let nodes = try Data.fetchAll(db, sql: "SELECT json FROM nodes WHERE account = ? ORDER BY id",
                                          arguments: [account]).map(GraphRowJSON.node)
            let edges = try Data.fetchAll(db, sql: """
                SELECT json FROM edges WHERE account = ? ORDER BY src, kind, dst
                """, arguments: [account]).map(GraphRowJSON.edge)
            return SecurityGraph(nodes: nodes, edges: edges)
        }
    }
}
