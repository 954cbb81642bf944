@testable import GraphCore
import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore
import Testing

/// A graph database written before the graph kept its own inventory (graph.v2) migrates and seeds once.
@Suite struct GraphUpgradeTests {
    @Test func anAccountBuiltBeforeTheMigrationIsSeededOnceAtItsNextSeal() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graph-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let assessor = FakeAssessor()
        // The old log: a seal and nothing about resources; the old graph built it from the inventory query.
        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("old-1"))
        do {
            let old = try Store(directory: dir, name: "graph",
                                migrations: [ConsumerCursor.migration, GraphStore.schema, GraphStore.evidence])
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO graph_scans (scan_id, account, seq, node_count, edge_count, built_at) VALUES ('old-1', ?, 1, 14, 20, 0)
                    """, arguments: [Estate.account])
                try ConsumerCursor.save(db, name: GraphStore.cursorName, seq: 1, lastScanID: "old-1")
            }
        }
        let replica = try GraphReplica(assessor, dir: dir, checks: [])
        #expect(try replica.store.accountState(Estate.account).needsSeed)

        // After the upgrade the assessor logs only what changes: here the security group.
        let fixed = LogHistory.webFixed
        assessor.setInventory(fixed)
        let sg = try #require(fixed.first { $0.type == "aws.ec2.security_group" })
        try assessor.append(type: EventType.resourceChanged, payload: sg)
        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("new-2"))
        try await replica.catchUp(assessor)
        #expect(assessor.snapshots == 2, "seeded once: inventory and failing findings")
        #expect(try replica.store.inputs(account: Estate.account).resources == fixed.sorted { $0.id < $1.id })
        #expect(try replica.store.paths(scanID: "new-2").nodeCount == 14, "the whole account, not only what changed")
        #expect(try replica.store.paths(scanID: "new-2").paths.isEmpty)

        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("new-3"))
        try await replica.catchUp(assessor)
        #expect(assessor.snapshots == 2)
        #expect(try replica.store.builtScan(of: "new-3") == "new-2")
    }
}
