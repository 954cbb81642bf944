import Foundation
import GRDB
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Automation state in export.sqlite: the cursor into the outbox, each rule's throttle/batch gate, runs decided but
/// not yet carried out (so a crash repeats them instead of losing them), every action's outcome, when scheduled rules
/// last ran, and the tickets opened.
extension ExportStore {
    public static let automationCursor = "export.automation"

    static let automationSchema = Store.Migration("export.v3.automation") { db in
        try db.execute(sql: """
            CREATE TABLE automation_gates (rule TEXT PRIMARY KEY, state BLOB NOT NULL);
            CREATE TABLE automation_pending (
                id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, trigger TEXT NOT NULL, keys BLOB NOT NULL,
                created REAL NOT NULL
            );
            CREATE TABLE automation_outcomes (
                id INTEGER PRIMARY KEY AUTOINCREMENT, rule TEXT NOT NULL, trigger TEXT NOT NULL, keys BLOB NOT NULL,
                action TEXT NOT NULL, result TEXT NOT NULL, detail TEXT NOT NULL, at REAL NOT NULL
            );
            CREATE INDEX automation_outcomes_rule ON automation_outcomes (rule, id);
            CREATE TABLE automation_schedule (rule TEXT PRIMARY KEY, last_run REAL, first_seen REAL NOT NULL);
            CREATE TABLE tickets (
                correlation_id TEXT PRIMARY KEY, system TEXT NOT NULL, finding_id TEXT NOT NULL, ticket BLOB NOT NULL,
                open INTEGER NOT NULL, updated REAL NOT NULL
            );
            """)
    }

    public struct PendingRun: Sendable, Hashable {
        public var id: Int64
        public var rule: String
        public var trigger: String
        public var keys: [String]
    }

    public func automationCursorValue() throws -> Int64 {
        try store.read { try ConsumerCursor.load($0, name: Self.automationCursor).seq }
    }

    public func gate(_ rule: String) throws -> AutomationGate {
        try store.read { db in
            guard let blob = try Data.fetchOne(db, sql: "SELECT state FROM automation_gates WHERE rule = ?", arguments: [rule])
            else { return AutomationGate() }
            return (try? JSONDecoder().decode(AutomationGate.self, from: blob)) ?? AutomationGate()
        }
    }

    /// Moves the automation cursor, saves the gates and queues the runs — one transaction.
    public func commitAutomation(cursor: Int64?, gates: [String: AutomationGate],
                                 runs: [(rule: String, trigger: String, keys: [String])],
                                 outcomes: [AutomationOutcome] = []) throws {
        try store.write { db in
            for (rule, gate) in gates {
                try db.execute(sql: "INSERT OR REPLACE INTO automation_gates (rule, state) VALUES (?, ?)",
                               arguments: [rule, try JSONEncoder().encode(gate)])
            }
            for run in runs {
                try db.execute(sql: "INSERT INTO automation_pending (rule, trigger, keys, created) VALUES (?, ?, ?, ?)",
                               arguments: [run.rule, run.trigger, try JSONEncoder().encode(run.keys),
                                           Date().timeIntervalSince1970])
            }
            for o in outcomes { try Self.insert(db, o) }
            if let cursor { try ConsumerCursor.save(db, name: Self.automationCursor, seq: cursor, lastScanID: nil) }
        }
    }

    public func pendingRuns() throws -> [PendingRun] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM automation_pending ORDER BY id").map { row in
                PendingRun(id: row["id"], rule: row["rule"], trigger: row["trigger"],
                           keys: (try? JSONDecoder().decode([String].self, from: row["keys"] as Data)) ?? [])
            }
        }
    }

    /// Records the run's outcomes and removes it from the pending list, in one transaction.
    public func finish(_ run: PendingRun, outcomes: [AutomationOutcome]) throws {
        try store.write { db in
            for o in outcomes { try Self.insert(db, o) }
            try db.execute(sql: "DELETE FROM automation_pending WHERE id = ?", arguments: [run.id])
        }
    }

    public func record(_ outcomes: [AutomationOutcome]) throws {
        try store.write { db in for o in outcomes { try Self.insert(db, o) } }
    }

    static func insert(_ db: Database, _ o: AutomationOutcome) throws {
        try db.execute(sql: """
            INSERT INTO automation_outcomes (rule, trigger, keys, action, result, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [o.rule, o.trigger, try JSONEncoder().encode(o.records), o.action, o.result.rawValue,
                             o.detail, o.at.timeIntervalSince1970])
    }

    public func outcomes(rule: String?, limit: Int) throws -> [AutomationOutcome] {
        try store.read { db in
            let rows: [Row]
            if let rule {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM automation_outcomes WHERE rule = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [rule, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM automation_outcomes ORDER BY id DESC LIMIT ?",
                                        arguments: [limit])
            }
            return rows.map { row in
                AutomationOutcome(id: row["id"], rule: row["rule"], trigger: row["trigger"],
                                  records: (try? JSONDecoder().decode([String].self, from: row["keys"] as Data)) ?? [],
                                  action: row["action"],
                                  result: AutomationOutcome.Result(rawValue: row["result"]) ?? .failed,
                                  detail: row["detail"], at: Date(timeIntervalSince1970: row["at"]))
            }
        }
    }

    public func runStats(rule: String) throws -> (count: Int, last: Date?) {
        try store.read { db in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM automation_outcomes WHERE rule = ?", arguments: [rule]) ?? 0
            let last = try Double.fetchOne(db, sql: "SELECT MAX(at) FROM automation_outcomes WHERE rule = ?", arguments: [rule])
            return (n, last.map { Date(timeIntervalSince1970: $0) })
        }
    }

    // MARK: Scheduled rules

    public func schedule(rule: String, now: Date) throws -> (lastRun: Date?, firstSeen: Date) {
        try store.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM automation_schedule WHERE rule = ?", arguments: [rule]) {
                return (Self.date(row["last_run"]), Date(timeIntervalSince1970: row["first_seen"]))
            }
            try db.execute(sql: "INSERT INTO automation_schedule (rule, first_seen) VALUES (?, ?)",
                           arguments: [rule, now.timeIntervalSince1970])
            return (nil, now)
        }
    }

    /// Marks a scheduled rule as run at `at` and queues its run — together, so it runs once per due time.
    public func queueScheduled(rule: String, at: Date) throws {
        try store.write { db in
            try db.execute(sql: "UPDATE automation_schedule SET last_run = ? WHERE rule = ?",
                           arguments: [at.timeIntervalSince1970, rule])
            try db.execute(sql: "INSERT INTO automation_pending (rule, trigger, keys, created) VALUES (?, 'schedule', ?, ?)",
                           arguments: [rule, try JSONEncoder().encode([String]()), at.timeIntervalSince1970])
        }
    }

    // MARK: Tickets

    public func ticket(correlationID: String) throws -> Ticket? {
        try store.read { db in
            try Data.fetchOne(db, sql: "SELECT ticket FROM tickets WHERE correlation_id = ?", arguments: [correlationID])
                .flatMap { try? JSONDecoder().decode(Ticket.self, from: $0) }
        }
    }

    public func saveTicket(_ t: Ticket, correlationID: String, findingID: String, now: Date) throws {
        try store.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO tickets (correlation_id, system, finding_id, ticket, open, updated)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [correlationID, t.system, findingID, try JSONEncoder().encode(t), t.isClosed ? 0 : 1,
                                 now.timeIntervalSince1970])
        }
    }

    public func openTickets() throws -> [(correlationID: String, findingID: String, ticket: Ticket)] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tickets WHERE open = 1 ORDER BY correlation_id").compactMap { row in
                guard let t = try? JSONDecoder().decode(Ticket.self, from: row["ticket"] as Data) else { return nil }
                return (row["correlation_id"], row["finding_id"], t)
            }
        }
    }
}
