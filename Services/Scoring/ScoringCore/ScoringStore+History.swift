import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// The scores kept per scan, read as a history.
extension ScoringStore {
    /// A stored score with where it sits in the assessor's log: `sealSeq` (the seal that first scored it) and `seq`
    /// (the last seal or rescore it reflects).
    public struct StoredScore: Sendable, Hashable {
        public var point: ScorePoint
        public var score: SecureScore
        public var seq: Int64
        public var sealSeq: Int64
    }

    /// Every account's points, oldest first per account (by seal order), accounts sorted.
    public func history(account: String? = nil, controls: Bool = false) throws -> [ScoreSeries] {
        let rows = try stored(where: account.map { _ in "account = ?" }, arguments: account.map { [$0] } ?? [])
        let byAccount = Dictionary(grouping: rows.map { Self.point($0, controls: controls) }, by: \.account)
        return byAccount.keys.sorted().map { ScoreSeries(account: $0, points: byAccount[$0]!) }
    }

    /// Each account's latest point (by seal order).
    public func latestPerAccount() throws -> [ScorePoint] {
        try stored(where: "seal_seq = (SELECT MAX(seal_seq) FROM scores AS s WHERE s.account = scores.account)",
                   arguments: []).map { Self.point($0, controls: false) }
    }

    public func stored(scanID: String) throws -> StoredScore? {
        try stored(where: "scan_id = ?", arguments: [scanID]).first
    }

    /// The account's scores, oldest first.
    public func stored(account: String) throws -> [StoredScore] {
        try stored(where: "account = ?", arguments: [account])
    }

    func stored(where condition: String?, arguments: StatementArguments) throws -> [StoredScore] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT scan_id, account, seq, seal_seq, resource_count, sealed_at, json FROM scores
                \(condition.map { "WHERE " + $0 } ?? "") ORDER BY account, seal_seq, scan_id
                """, arguments: arguments).map { row in
                let score = try Wire.decoder.decode(SecureScore.self, from: row["json"] as Data)
                let sealedAt = (row["sealed_at"] as Double?).map { Date(timeIntervalSince1970: $0) }
                let point = ScorePoint(scanID: row["scan_id"], account: row["account"], sealedAt: sealedAt,
                                       computedAt: score.computedAt, percentage: score.percentage,
                                       current: score.current, max: score.max, resourceCount: row["resource_count"],
                                       controls: score.controls.map {
                                           ControlPoint(controlID: $0.controlID, current: $0.current, max: $0.maxPoints,
                                                        healthy: $0.healthy, unhealthy: $0.unhealthy)
                                       })
                let seq: Int64 = row["seq"]
                return StoredScore(point: point, score: score, seq: seq, sealSeq: row["seal_seq"] ?? seq)
            }
        }
    }

    static func point(_ s: StoredScore, controls: Bool) -> ScorePoint {
        var p = s.point
        if !controls { p.controls = nil }
        return p
    }
}
