import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// `scoring.sqlite`: one score per scan (with per-control rows, the scan's size and seal time: the history), the cursor
/// into the assessor's log, and scoring's own event log (`score.changed`).
public final class ScoringStore: Sendable {
    public static let cursorName = "scoring"
    public let store: Store

    public init(directory: URL) throws {
        store = try Store(directory: directory, name: "scoring",
                          migrations: [ConsumerCursor.migration, Self.schema, EventLog.migration, Self.history,
                                       Self.compliance, Self.governance])
    }

    static let schema = Store.Migration("scoring.v1") { db in
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

    public func position() throws -> ConsumerPosition {
        let c = try store.read { try ConsumerCursor.load($0, name: Self.cursorName) }
        return ConsumerPosition(service: ServiceName.scoring, cursor: c.seq, lastScanID: c.lastScanID)
    }

    /// Where the service as a whole stands: the score and the compliance history consume the seals with a cursor each,
    /// and the service has processed what both have (so `palisade scan` waits for both).
    public func servicePosition() throws -> ConsumerPosition {
        let (score, compliance) = try store.read {
            (try ConsumerCursor.load($0, name: Self.cursorName), try ConsumerCursor.load($0, name: Self.complianceCursorName))
        }
        let behind = compliance.seq < score.seq ? compliance : score
        return ConsumerPosition(service: ServiceName.scoring, cursor: behind.seq, lastScanID: behind.lastScanID)
    }

    /// Stores the scan's score (replacing a previous one for the same scan) and the cursor, atomically; appends
    /// `score.changed` in the same transaction when the account's score moved (see `ScoreChange`). `summary` is the
    /// seal's (or rescore's) scan summary: its resource count and seal time go into the history.
    /// `moveCursor: false` re-scores a scan outside the event stream (a governance grace period ended, rules changed):
    /// the score and its `score.changed` are committed, the cursor and the scan's resource count stay.
    public func commit(_ score: SecureScore, account: String, seq: Int64, summary: ScanSummary? = nil,
                       moveCursor: Bool = true) throws {
        let json = try Wire.encoder.encode(score)
        try store.write { db in
            let previous = try Self.previous(db, scanID: score.scanID, account: account)
            try db.execute(sql: """
                INSERT INTO scores (scan_id, account, seq, computed_at, percentage, json, resource_count, sealed_at, seal_seq)
                VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, 0), ?, ?)
                ON CONFLICT(scan_id) DO UPDATE SET account = excluded.account, seq = excluded.seq,
                    computed_at = excluded.computed_at, percentage = excluded.percentage, json = excluded.json,
                    resource_count = CASE WHEN ? IS NULL THEN scores.resource_count ELSE excluded.resource_count END,
                    sealed_at = COALESCE(excluded.sealed_at, scores.sealed_at),
                    seal_seq = MIN(COALESCE(scores.seal_seq, excluded.seal_seq), excluded.seal_seq)
                """, arguments: [score.scanID, account, seq, score.computedAt.timeIntervalSince1970,
                                 score.percentage, json, summary?.resourceCount,
                                 summary?.sealedAt?.timeIntervalSince1970, seq, summary?.resourceCount])
            try db.execute(sql: "DELETE FROM control_scores WHERE scan_id = ?", arguments: [score.scanID])
            for c in score.controls {
                try db.execute(sql: """
                    INSERT INTO control_scores (scan_id, control_id, max_points, healthy, unhealthy, not_evaluated, current)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [score.scanID, c.controlID, c.maxPoints, c.healthy, c.unhealthy, c.notEvaluated,
                                     c.current])
            }
            if let change = ScoreChange.event(previous: previous, new: score, account: account) {
                try EventLog.append(db, type: ScoreChanged.type, payload: change, at: score.computedAt)
            }
            if moveCursor { try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: score.scanID) }
        }
    }

    /// What `score` replaces: the scan's own earlier score (a rescore), else the account's latest other scan.
    static func previous(_ db: Database, scanID: String, account: String) throws -> SecureScore? {
        let data = try Data.fetchOne(db, sql: "SELECT json FROM scores WHERE scan_id = ?", arguments: [scanID])
            ?? Data.fetchOne(db, sql: """
                SELECT json FROM scores WHERE account = ? AND scan_id != ? ORDER BY seal_seq DESC LIMIT 1
                """, arguments: [account, scanID])
        return try data.map { try Wire.decoder.decode(SecureScore.self, from: $0) }
    }

    public func advance(to seq: Int64) throws {
        try store.write { db in
            guard seq > (try ConsumerCursor.load(db, name: Self.cursorName).seq) else { return }
            try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: nil)
        }
    }

    /// The score of `scanID`, or the most recently scored scan; nil when nothing was scored yet.
    public func score(scanID: String?) throws -> SecureScore? {
        try store.read { db in
            let data: Data?
            if let scanID {
                data = try Data.fetchOne(db, sql: "SELECT json FROM scores WHERE scan_id = ?", arguments: [scanID])
                guard data != nil else {
                    throw WireError(code: "scoring.scan.unknown",
                                    message: "scan \(scanID) has not been scored; check the id or wait for scoring to catch up")
                }
            } else {
                data = try Data.fetchOne(db, sql: "SELECT json FROM scores ORDER BY seq DESC LIMIT 1")
            }
            return try data.map { try Wire.decoder.decode(SecureScore.self, from: $0) }
        }
    }

    public func controlRowCount(scanID: String) throws -> Int {
        try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM control_scores WHERE scan_id = ?",
                                          arguments: [scanID]) ?? 0 }
    }
}
