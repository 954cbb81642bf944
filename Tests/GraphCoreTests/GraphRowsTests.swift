@testable import GraphCore
import Foundation
import GRDB
import PalisadeModel
import PalisadeStore
import Testing

/// A rebuild writes only the node and edge rows that changed, and the stored graph is exactly the built one.
@Suite struct GraphRowsTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graph-rows-\(UUID().uuidString)")
    let account = ExplorerEstate.account

    func commit(_ store: GraphStore, _ graph: SecurityGraph, scan: String, seq: Int64) throws -> GraphRows.Written {
        try store.commit(scan: FakeAssessor.sealed(scan, account: account), seq: seq, graph: graph, paths: [],
                         at: Date(timeIntervalSince1970: 1_700_000_000))
    }

    /// What `graph(account:)` reads back, in its order.
    func stored(_ graph: SecurityGraph) -> SecurityGraph {
        SecurityGraph(nodes: graph.nodes.sorted { $0.id < $1.id },
                      edges: graph.edges.sorted { ($0.src, $0.kind, $0.dst) < ($1.src, $1.kind, $1.dst) })
    }

    @Test func anUnchangedRebuildWritesNothingAndAChangeWritesOnlyItsRows() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GraphStore(directory: dir)
        var graph = ExplorerEstate.graph()
        graph.nodes.append(GraphNode(id: "arn:aws:s3:::retired", kind: "aws.s3.bucket", label: "retired", account: account))
        let first = try commit(store, graph, scan: "scan-1", seq: 1)
        #expect(first == GraphRows.Written(nodesWritten: graph.nodes.count, edgesWritten: graph.edges.count))
        #expect(try store.graph(account: account) == stored(graph))

        #expect(try commit(store, graph, scan: "scan-2", seq: 2) == GraphRows.Written())
        #expect(try store.graph(account: account) == stored(graph))

        // One edge's evidence changes, one node (with its edges) goes, one edge is new.
        var next = graph
        next.edges[0].evidence += " (changed)"
        next.nodes.removeAll { $0.id == "arn:aws:s3:::retired" }
        let extra = GraphEdge(src: next.edges[1].dst, dst: next.edges[1].src, kind: next.edges[1].kind, evidence: "new")
        next.edges.append(extra)
        let third = try commit(store, next, scan: "scan-3", seq: 3)
        #expect(third == GraphRows.Written(nodesWritten: 0, nodesRemoved: 1, edgesWritten: 2, edgesRemoved: 1))
        #expect(try store.graph(account: account) == stored(next))
    }

    @Test func twoIdenticalEdgeRowsAreKeptAsTwo() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GraphStore(directory: dir)
        var graph = ExplorerEstate.graph()
        graph.edges.append(graph.edges[0])
        #expect(try commit(store, graph, scan: "scan-1", seq: 1).edgesWritten == graph.edges.count)
        graph.edges.removeLast()
        #expect(try commit(store, graph, scan: "scan-2", seq: 2) == GraphRows.Written(edgesRemoved: 1))
        #expect(try store.graph(account: account) == stored(graph))
    }

    /// Rows an older version wrote carry no digest: the first rebuild after the upgrade replaces them all.
    @Test func rowsWithoutADigestAreReplaced() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try GraphStore(directory: dir)
        let graph = ExplorerEstate.graph()
        _ = try commit(store, graph, scan: "scan-1", seq: 1)
        try store.store.write { db in
            try db.execute(sql: "UPDATE nodes SET digest = NULL")
            try db.execute(sql: "UPDATE edges SET digest = NULL")
        }
        let again = try commit(store, graph, scan: "scan-2", seq: 2)
        #expect(again == GraphRows.Written(nodesWritten: graph.nodes.count, nodesRemoved: 0,
                                           edgesWritten: graph.edges.count, edgesRemoved: graph.edges.count))
        #expect(try store.graph(account: account) == stored(graph))
    }
}
