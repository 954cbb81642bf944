import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Compliance state in `scoring.sqlite`: per scan and standard the requirement states (the history), attestations
/// (every one kept; the latest unexpired per requirement is in force), which standards each account has switched off,
/// and the compliance consumer's own cursor.
extension ScoringStore {
    public static let complianceCursorName = "compliance"

    static let compliance = Store.Migration("compliance.v1") { db in
        try db.execute(sql: """
            CREATE TABLE compliance_snapshots (
                scan_id TEXT NOT NULL, standard TEXT NOT NULL, account TEXT NOT NULL, seq INTEGER NOT NULL,
                computed_at REAL NOT NULL, counts BLOB NOT NULL,
                PRIMARY KEY (scan_id, standard)
            );
            CREATE INDEX compliance_snapshots_account ON compliance_snapshots (account, standard, seq);
            CREATE TABLE compliance_requirements (
                scan_id TEXT NOT NULL, standard TEXT NOT NULL, requirement TEXT NOT NULL, state TEXT NOT NULL,
                PRIMARY KEY (scan_id, standard, requirement)
            );
            CREATE TABLE attestations (
                id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, standard TEXT NOT NULL,
                requirement TEXT NOT NULL, json BLOB NOT NULL, attested_at REAL NOT NULL, expires_at REAL NOT NULL
            );
            CREATE INDEX attestations_requirement ON attestations (account, standard, requirement, attested_at);
            CREATE TABLE standard_selection (
                account TEXT NOT NULL, standard TEXT NOT NULL, enabled INTEGER NOT NULL, changed_at REAL NOT NULL,
                PRIMARY KEY (account, standard)
            );
            """)
    }

    public func complianceCursor() throws -> Int64 {
        try store.read { try ConsumerCursor.load($0, name: Self.complianceCursorName).seq }
    }

    public func advanceCompliance(to seq: Int64) throws {
        try store.write { db in
            guard seq > (try ConsumerCursor.load(db, name: Self.complianceCursorName).seq) else { return }
            try ConsumerCursor.save(db, name: Self.complianceCursorName, seq: seq, lastScanID: nil)
        }
    }

    /// Requirement states of the account's latest snapshot of `standard` (the one a new scan is compared with).
    func latestStates(_ db: Database, account: String, standard: String) throws -> (scanID: String, states: [String: RequirementState])? {
        guard let scan = try String.fetchOne(db, sql: """
            SELECT scan_id FROM compliance_snapshots WHERE account = ? AND standard = ? ORDER BY seq DESC LIMIT 1
            """, arguments: [account, standard]) else { return nil }
        var states: [String: RequirementState] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT requirement, state FROM compliance_requirements WHERE scan_id = ? AND standard = ?",
                                    arguments: [scan, standard]) {
            states[row["requirement"]] = RequirementState(rawValue: row["state"]) ?? .manual
        }
        return (scan, states)
    }

    /// Stores the scan's compliance (replacing an earlier snapshot of the same scan), appends `compliance.changed` for
    /// every requirement whose state moved since the account's previous snapshot, and the cursor — one transaction.
    /// Returns the changes appended.
    @discardableResult
    public func commitCompliance(_ standards: [StandardCompliance], account: String, scanID: String, seq: Int64,
                                 at now: Date) throws -> [ComplianceChange] {
        try store.write { db in
            var changes: [ComplianceChange] = []
            for s in standards {
                // A rescore of the same scan compares with that scan's own earlier states.
                let previous = try latestStates(db, account: account, standard: s.standardID)
                if let previous {
                    for r in s.requirements {
                        if let from = previous.states[r.id], from != r.state {
                            changes.append(ComplianceChange(account: account, scanID: scanID, standard: s.standardID,
                                                            requirement: r.id, from: from, to: r.state))
                        }
                    }
                }
                var counts: [String: Int] = [:]
                for st in RequirementState.allCases { counts[st.rawValue] = s.count(st) }
                try db.execute(sql: """
                    INSERT OR REPLACE INTO compliance_snapshots (scan_id, standard, account, seq, computed_at, counts)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [scanID, s.standardID, account, seq, now.timeIntervalSince1970,
                                     try Wire.encoder.encode(counts)])
                try db.execute(sql: "DELETE FROM compliance_requirements WHERE scan_id = ? AND standard = ?",
                               arguments: [scanID, s.standardID])
                for r in s.requirements {
                    try db.execute(sql: """
                        INSERT INTO compliance_requirements (scan_id, standard, requirement, state) VALUES (?, ?, ?, ?)
                        """, arguments: [scanID, s.standardID, r.id, r.state.rawValue])
                }
            }
            for c in changes { try EventLog.append(db, type: Self.complianceChangedEvent, payload: c, at: now) }
            try ConsumerCursor.save(db, name: Self.complianceCursorName, seq: seq, lastScanID: scanID)
            return changes
        }
    }

    public static let complianceChangedEvent = "compliance.changed"

    public func complianceHistory(account: String, standard: String, since: Date?) throws -> [ComplianceHistoryPoint] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT scan_id, computed_at, counts FROM compliance_snapshots
                WHERE account = ? AND standard = ? AND computed_at >= ? ORDER BY seq
                """, arguments: [account, standard, since?.timeIntervalSince1970 ?? 0]).map { row in
                let raw = try Wire.decoder.decode([String: Int].self, from: row["counts"] as Data)
                var counts: [RequirementState: Int] = [:]
                for (k, v) in raw { if let st = RequirementState(rawValue: k) { counts[st] = v } }
                return ComplianceHistoryPoint(scanID: row["scan_id"], account: account, standard: standard,
                                              computedAt: Date(timeIntervalSince1970: row["computed_at"]), counts: counts)
            }
        }
    }

    // MARK: - Attestations

    public func attest(_ a: Attestation) throws {
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO attestations (account, standard, requirement, json, attested_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [a.account, a.standard, a.requirement, try Wire.encoder.encode(a),
                                 a.attestedAt.timeIntervalSince1970, a.expiresAt.timeIntervalSince1970])
        }
    }

    /// Every attestation of the account (oldest first), optionally of one standard: the history.
    public func attestations(account: String, standard: String? = nil) throws -> [Attestation] {
        try store.read { db in
            try Data.fetchAll(db, sql: """
                SELECT json FROM attestations WHERE account = ? AND (? IS NULL OR standard = ?) ORDER BY id
                """, arguments: [account, standard, standard]).map { try Wire.decoder.decode(Attestation.self, from: $0) }
        }
    }

    /// The latest attestation per requirement, if it is still in force at `now`.
    public func attestationsInForce(account: String, at now: Date) throws -> [Attestation] {
        var latest: [String: Attestation] = [:]
        for a in try attestations(account: account) { latest["\(a.standard)\u{0}\(a.requirement)"] = a }
        return latest.values.filter { $0.inForce(at: now) }.sorted { ($0.standard, $0.requirement) < ($1.standard, $1.requirement) }
    }

    // MARK: - Standards per account

    public func setStandard(_ standard: String, enabled: Bool, account: String, at now: Date) throws {
        try store.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO standard_selection (account, standard, enabled, changed_at) VALUES (?, ?, ?, ?)
                """, arguments: [account, standard, enabled, now.timeIntervalSince1970])
        }
    }

    /// Standards the account has switched off (every standard is on until switched off).
    public func disabledStandards(account: String) throws -> Set<String> {
        try store.read { db in
            Set(try String.fetchAll(db, sql: "SELECT standard FROM standard_selection WHERE account = ? AND enabled = 0",
                                    arguments: [account]))
        }
    }

    /// The account of the most recently scored scan.
    public func latestScoredAccount() throws -> String? {
        try store.read { try String.fetchOne($0, sql: "SELECT account FROM scores ORDER BY seq DESC LIMIT 1") }
    }
}
