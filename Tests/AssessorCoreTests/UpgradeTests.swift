@testable import AssessorCore
import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore
import Testing

/// A database written by an earlier version opens, migrates and keeps what it knew.
@Suite struct UpgradeTests {
    @Test func sightingsMoveOutOfTheResourceRowAndKeepWhenEachResourceWasLastSeen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assessor-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            // The schema as of assessor.v4, with one resource last seen in scan "old" at 1,700,000,000.
            let old = try Store(directory: dir, name: "assessor",
                                migrations: [EventLog.migration, AssessorStore.schemaV1, AssessorStore.schemaV2,
                                             AssessorStore.schemaV3, AssessorStore.schemaV4])
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO resources (id, provider, account, region, type, name, tags, properties, unknown, content_hash,
                                           first_seen, last_seen, last_scan_id)
                    VALUES ('vol-1', 'aws', ?, 'us-east-1', 'aws.ec2.volume', 'vol-1', '{}', '{"encrypted":true}', '{}',
                            'h', 1600000000, 1700000000, 'old')
                    """, arguments: [Harness.account])
            }
        }
        let h = try Harness(dir: dir)
        let items = try await h.call(InventoryQuery())
        #expect(items.map(\.resource.id) == ["vol-1"])
        #expect(items.first?.firstSeen == Date(timeIntervalSince1970: 1_600_000_000))
        #expect(items.first?.lastSeen == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(items.first?.lastScanID == "old")

        // Seen again: the sighting moves, the first sighting stays.
        let volume = Resource(id: "vol-1", account: Harness.account, region: "us-east-1", type: "aws.ec2.volume",
                              name: "vol-1", properties: ["encrypted": true])
        _ = try await h.call(Harness.batch("new", 0, [volume]))
        let after = try await h.call(InventoryQuery())
        #expect(after.first?.lastScanID == "new")
        #expect(after.first?.lastSeen == h.now)
        #expect(after.first?.firstSeen == Date(timeIntervalSince1970: 1_600_000_000))
    }
}
