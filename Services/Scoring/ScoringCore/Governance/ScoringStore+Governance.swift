import Foundation
import GRDB
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Governance state in `scoring.sqlite`: the rules file in force, the account's currently failing findings (from the
/// assessor's `finding.changed` events), resource tags (from `resource.changed`), findings changed since the last seal
/// (decided at the seal, when the scan's tags are in), every assignment ever made, and when overdue was last checked.
extension ScoringStore {
    public static let governanceCursorName = "governance"

    static let governance = Store.Migration("governance.v1") { db in
        try db.execute(sql: """
            CREATE TABLE gov_rules (id INTEGER PRIMARY KEY CHECK (id = 1), file TEXT NOT NULL, yaml TEXT NOT NULL,
                                    loaded_at REAL NOT NULL);
            CREATE TABLE gov_findings (finding_id TEXT PRIMARY KEY, account TEXT NOT NULL, control_id TEXT NOT NULL,
                                       resource_id TEXT NOT NULL, json BLOB NOT NULL);
            CREATE INDEX gov_findings_account ON gov_findings (account, control_id, resource_id);
            CREATE TABLE gov_tags (resource_id TEXT PRIMARY KEY, tags BLOB NOT NULL);
            CREATE TABLE gov_pending (finding_id TEXT PRIMARY KEY, json BLOB NOT NULL);
            CREATE TABLE gov_assignments (
                id INTEGER PRIMARY KEY AUTOINCREMENT, finding_id TEXT NOT NULL, account TEXT NOT NULL,
                state TEXT NOT NULL, due REAL NOT NULL, grace INTEGER NOT NULL, owner TEXT NOT NULL, rule_id TEXT,
                json BLOB NOT NULL
            );
            CREATE INDEX gov_assignments_finding ON gov_assignments (finding_id, state);
            CREATE INDEX gov_assignments_due ON gov_assignments (state, due);
            CREATE INDEX gov_assignments_account ON gov_assignments (account, state);
            CREATE TABLE gov_clock (id INTEGER PRIMARY KEY CHECK (id = 1), overdue_checked_at REAL NOT NULL);
            """)
    }

    public func governanceCursor() throws -> Int64 {
        try store.read { try ConsumerCursor.load($0, name: Self.governanceCursorName).seq }
    }

    // MARK: - Rules

    func rules(_ db: Database) throws -> (file: String, loadedAt: Date, rules: [GovernanceRule])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT file, yaml, loaded_at FROM gov_rules WHERE id = 1") else { return nil }
        let file: String = row["file"]
        // The text was parsed before it was stored; it parses again (same library, same text).
        let rules = (try? GovernanceRuleFile.parse(yaml: row["yaml"], file: file)) ?? []
        return (file, Date(timeIntervalSince1970: row["loaded_at"]), rules)
    }

    func saveRules(_ db: Database, file: String, yaml: String, at now: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO gov_rules (id, file, yaml, loaded_at) VALUES (1, ?, ?, ?)",
                       arguments: [file, yaml, now.timeIntervalSince1970])
    }

    // MARK: - Findings and tags

    /// Stored as `FindingJSON` writes it (the assessor's own payload shape), read back without `JSONDecoder`.
    static func finding(_ json: Data) throws -> Finding {
        guard let f = Finding(json: try JSONText.parse(json)) else {
            throw StoreError(code: "scoring.governance.corrupt", message: "a stored finding does not read back")
        }
        return f
    }

    func failingFinding(_ db: Database, id: String) throws -> Finding? {
        try Data.fetchOne(db, sql: "SELECT json FROM gov_findings WHERE finding_id = ?", arguments: [id]).map(Self.finding)
    }

    func failingFindings(_ db: Database, account: String?) throws -> [Finding] {
        try Data.fetchAll(db, sql: "SELECT json FROM gov_findings WHERE (? IS NULL OR account = ?) ORDER BY finding_id",
                          arguments: [account, account]).map(Self.finding)
    }

    func tags(_ db: Database, resourceID: String) throws -> [String: String] {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT tags FROM gov_tags WHERE resource_id = ?"), arguments: [resourceID])
            .map { try Wire.decoder.decode([String: String].self, from: $0) } ?? [:]
    }

    // MARK: - Assignments

    func openAssignment(_ db: Database, findingID: String) throws -> (id: Int64, assignment: GovernanceAssignment)? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, json FROM gov_assignments WHERE finding_id = ? AND state = 'open' ORDER BY id DESC LIMIT 1"),
                         arguments: [findingID]).map { ($0["id"], try Wire.decoder.decode(GovernanceAssignment.self, from: $0["json"] as Data)) }
    }

    func insert(_ db: Database, _ a: GovernanceAssignment) throws {
        try db.execute(sql: """
            INSERT INTO gov_assignments (finding_id, account, state, due, grace, owner, rule_id, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [a.findingID, a.account, a.state.rawValue, a.dueDate.timeIntervalSince1970, a.gracePeriod,
                             a.owner, a.ruleID, try Wire.encoder.encode(a)])
    }

    func update(_ db: Database, id: Int64, _ a: GovernanceAssignment) throws {
        try db.execute(sql: """
            UPDATE gov_assignments SET state = ?, due = ?, grace = ?, owner = ?, rule_id = ?, json = ? WHERE id = ?
            """, arguments: [a.state.rawValue, a.dueDate.timeIntervalSince1970, a.gracePeriod, a.owner, a.ruleID,
                             try Wire.encoder.encode(a), id])
    }

    func assignments(_ db: Database, account: String?, openOnly: Bool) throws -> [GovernanceAssignment] {
        try Data.fetchAll(db, sql: """
            SELECT json FROM gov_assignments WHERE (? IS NULL OR account = ?) AND (? = 0 OR state = 'open') ORDER BY id DESC
            """, arguments: [account, account, openOnly]).map { try Wire.decoder.decode(GovernanceAssignment.self, from: $0) }
    }

    /// Open assignments due in [from, to): the candidates that became overdue between two checks.
    func openDue(_ db: Database, from: Date, to: Date) throws -> [GovernanceAssignment] {
        try Data.fetchAll(db, sql: "SELECT json FROM gov_assignments WHERE state = 'open' AND due >= ? AND due < ?",
                          arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970])
            .map { try Wire.decoder.decode(GovernanceAssignment.self, from: $0) }
    }

    func overdueCheckedAt(_ db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT overdue_checked_at FROM gov_clock WHERE id = 1").map(Date.init(timeIntervalSince1970:))
    }

    func setOverdueCheckedAt(_ db: Database, _ date: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO gov_clock (id, overdue_checked_at) VALUES (1, ?)",
                       arguments: [date.timeIntervalSince1970])
    }

    // MARK: - Grace and the score

    /// For `GovernanceGrace.adjust`: the account's failing findings on every (control, resource) that has at least
    /// one finding in its grace period at `now` — the only resources grace can move.
    public func graceFailing(account: String, at now: Date) throws -> [GovernanceGrace.FailingFinding] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.control_id, f.resource_id,
                       (a.id IS NOT NULL AND a.grace = 1 AND a.due >= ?) AS in_grace
                FROM gov_findings f
                LEFT JOIN gov_assignments a ON a.finding_id = f.finding_id AND a.state = 'open'
                WHERE f.account = ? AND (f.control_id, f.resource_id) IN (
                    SELECT f2.control_id, f2.resource_id FROM gov_findings f2
                    JOIN gov_assignments a2 ON a2.finding_id = f2.finding_id AND a2.state = 'open'
                    WHERE f2.account = ? AND a2.grace = 1 AND a2.due >= ?)
                """, arguments: [now.timeIntervalSince1970, account, account, now.timeIntervalSince1970]).map {
                GovernanceGrace.FailingFinding(controlID: $0["control_id"], resourceID: $0["resource_id"],
                                               inGrace: ($0["in_grace"] as Int) != 0)
            }
        }
    }

    /// Whether grace can change a score at all: a rule in force has a grace period, or an open assignment has one.
    /// When neither, a seal is scored without waiting for governance to read the scan's findings (at 100,000
    /// resources that read is ~700,000 events).
    public func graceInUse() throws -> Bool {
        try store.read { db in
            if try rules(db)?.rules.contains(where: \.gracePeriod) == true { return true }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gov_assignments WHERE state = 'open' AND grace = 1)") ?? false
        }
    }

    /// The account's latest scored scan (what a change of grace re-scores).
    public func latestScore(account: String) throws -> (scanID: String, seq: Int64)? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT scan_id, seq FROM scores WHERE account = ? ORDER BY seal_seq DESC LIMIT 1",
                             arguments: [account]).map { ($0["scan_id"], $0["seq"]) }
        }
    }
}
