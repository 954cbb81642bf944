import Foundation
import GRDB
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeStore
import ScoringCore
import Testing

/// A scoring database from before history (`scoring.v1`) opens with its scores as the first points.
@Suite struct ScoreHistoryMigrationTests {
    @Test func scoresKeptBeforeHistoryBecomeTheFirstPoints() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-\(UUID().uuidString)")
        let v1 = Store.Migration("scoring.v1") { db in
            try db.execute(sql: """
                CREATE TABLE scores (
                    scan_id TEXT PRIMARY KEY, account TEXT NOT NULL, seq INTEGER NOT NULL,
                    computed_at REAL NOT NULL, percentage REAL NOT NULL, json BLOB NOT NULL
                );
                CREATE INDEX scores_seq ON scores (seq);
                CREATE INDEX scores_account ON scores (account, seq);
                CREATE TABLE control_scores (
                    scan_id TEXT NOT NULL, control_id TEXT NOT NULL, max_points INTEGER NOT NULL,
                    healthy INTEGER NOT NULL, unhealthy INTEGER NOT NULL, not_evaluated INTEGER NOT NULL,
                    current REAL NOT NULL,
                    PRIMARY KEY (scan_id, control_id)
                );
                """)
        }
        let old = SecureScoreCalculator.score(scanID: "old-1", findings: [finding("enable-mfa", "u0", .fail)],
                                              at: Date(timeIntervalSince1970: 500))
        do {
            let store = try Store(directory: dir, name: "scoring", migrations: [ConsumerCursor.migration, v1])
            try store.write { db in
                try db.execute(sql: "INSERT INTO scores VALUES ('old-1', '111111111111', 1, 500, 0, ?)",
                               arguments: [try Wire.encoder.encode(old)])
                try ConsumerCursor.save(db, name: ScoringStore.cursorName, seq: 1, lastScanID: "old-1")
            }
        }

        let store = try ScoringStore(directory: dir)
        let assessor = FakeAssessor()
        // Event 1 was the old seal (already past the cursor); event 2 seals a new scan.
        try assessor.appendSealed("old-1")
        assessor.setFindings([finding("enable-mfa", "u0", .pass)])
        try assessor.appendSealed("new-1", resources: 7, sealedAt: Date(timeIntervalSince1970: 900))
        let consumer = ScoringConsumer(store: store, sender: assessor.bus, logger: Logger(label: "t"),
                                       now: { Date(timeIntervalSince1970: 1_000) })
        try await consumer.apply(assessor.page(after: consumer.cursor()))

        let points = try store.history()[0].points
        #expect(points.map(\.scanID) == ["old-1", "new-1"])
        #expect(points[0].sealedAt == nil && points[0].time == Date(timeIntervalSince1970: 500) && points[0].resourceCount == 0)
        #expect(points[1].resourceCount == 7 && points[1].percentage == 100)
        let change = try #require(try store.events(after: 0, limit: 10).events.first)
        #expect(try change.decodePayload(ScoreChanged.self).previousScanID == "old-1")
    }
}
