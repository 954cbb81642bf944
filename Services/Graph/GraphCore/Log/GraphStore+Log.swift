import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// What one account's graph is built from.
public struct GraphInputs: Sendable, Hashable {
    /// Ordered by id, as the assessor's inventory is.
    public var resources: [Resource]
    /// The account's failing findings, ordered by id.
    public var findings: [Finding]

    public init(resources: [Resource], findings: [Finding]) {
        self.resources = resources
        self.findings = findings
    }
}

/// The graph's own copy of what it is built from, kept current from the assessor's event log
/// (docs/graph.md § Keeping the graph current): per account its resources (`resource.changed` / `resource.removed`)
/// and failing findings (`finding.changed`, latest version per id, dropped when no longer failing), plus per account
/// whether anything the graph reads changed since it was last built (`graph_accounts.dirty`).
extension GraphStore {
    static let logInputs = Store.Migration("graph.v3") { db in
        try db.execute(sql: """
            CREATE TABLE inventory (
                id TEXT PRIMARY KEY, account TEXT NOT NULL, json BLOB NOT NULL
            );
            CREATE INDEX inventory_account ON inventory (account, id);
            CREATE TABLE failing_findings (
                id TEXT PRIMARY KEY, account TEXT NOT NULL, resource_id TEXT NOT NULL, check_id TEXT NOT NULL,
                severity TEXT NOT NULL, version INTEGER NOT NULL, json BLOB NOT NULL
            );
            CREATE INDEX failing_findings_account ON failing_findings (account, id);
            CREATE TABLE graph_accounts (
                account TEXT PRIMARY KEY,
                dirty INTEGER NOT NULL DEFAULT 1,
                resource_events INTEGER NOT NULL DEFAULT 0,
                seals INTEGER NOT NULL DEFAULT 0,
                needs_seed INTEGER NOT NULL DEFAULT 0,
                built_scan_id TEXT,
                basis TEXT,
                verdicts_accepted INTEGER NOT NULL DEFAULT 1
            );
            ALTER TABLE graph_scans ADD COLUMN built_scan_id TEXT;
            INSERT INTO graph_accounts (account, dirty, seals, needs_seed)
            SELECT account, 1, COUNT(*), 1 FROM graph_scans GROUP BY account;
            """)
        // Accounts built before this migration were built from the assessor's inventory; the log before it carries no
        // resource events, so their next seal seeds the inputs once from the assessor (`needs_seed`).
    }

    /// Per account: what the consumer needs to decide whether a seal must rebuild the graph.
    public struct AccountState: Sendable, Hashable {
        /// A resource or failing finding the graph reads changed since the last build.
        public var dirty = true
        /// Some resource event of the account has been applied (a log written before resource events existed has
        /// none: its first seal seeds the inputs from the assessor).
        public var resourceEvents = false
        /// Seals processed for the account (built or carried over).
        public var seals = 0
        public var needsSeed = false
        /// The scan whose seal last built the graph.
        public var builtScanID: String?
        /// The builder revision and graph checks of that build (`GraphBasis`).
        public var basis: String?
        /// The assessor accepted that build's verdicts (a rejected set is sent again with the next build).
        public var verdictsAccepted = true
    }

    public func accountState(_ account: String) throws -> AccountState {
        try store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM graph_accounts WHERE account = ?",
                                             arguments: [account]) else { return AccountState() }
            return AccountState(dirty: row["dirty"] as Bool, resourceEvents: row["resource_events"] as Bool,
                                seals: row["seals"], needsSeed: row["needs_seed"] as Bool,
                                builtScanID: row["built_scan_id"], basis: row["basis"],
                                verdictsAccepted: row["verdicts_accepted"] as Bool)
        }
    }

    /// The account's resources and failing findings as the log has delivered them, ordered by id.
    public func inputs(account: String) throws -> GraphInputs {
        try store.read { db in
            // Read with `JSONText` and `ModelJSON` (a 1,000,000-resource account is read whole at every rebuild);
            // a row of another shape (written by an older version) through `JSONDecoder`.
            let resources = try Data.fetchAll(db, sql: "SELECT json FROM inventory WHERE account = ? ORDER BY id",
                                              arguments: [account]).map { data in
                try (try? JSONText.parse(data)).flatMap(Resource.init(json:))
                    ?? Wire.decoder.decode(Resource.self, from: data)
            }
            let findings = try Data.fetchAll(db, sql: "SELECT json FROM failing_findings WHERE account = ? ORDER BY id",
                                             arguments: [account]).map { data in
                try (try? JSONText.parse(data)).flatMap(Finding.init(json:))
                    ?? Wire.decoder.decode(Finding.self, from: data)
            }
            return GraphInputs(resources: resources, findings: findings)
        }
    }

    /// Applies a run of events that contains no seal to be built — resource and finding changes (anything else is
    /// passed over) — and moves the cursor to the run's last event, in one transaction. A payload that does not
    /// decode is reported through `undecodable` and skipped. Applying the same events again changes nothing: an
    /// event at or below the cursor is skipped, and a payload equal to what is stored does not mark the account dirty.
    public func apply(_ events: [EventRecord], undecodable: (EventRecord, any Error) -> Void) throws {
        guard let last = events.last?.seq else { return }
        try store.write { db in
            let cursor = try ConsumerCursor.load(db, name: Self.cursorName).seq
            for event in events where event.seq > cursor {
                do {
                    switch event.type {
                    case EventType.resourceChanged: try Self.resourceChanged(db, try event.decodePayload(Resource.self))
                    case EventType.resourceRemoved: try Self.resourceRemoved(db, try event.decodePayload(RemovedResource.self))
                    case EventType.findingChanged:
                        // Most findings of a scan are not failing: those only need their id, so they skip the full
                        // decode (a first seal of 1,000,000 resources logs about 6,000,000 finding events).
                        if let id = event.payload["id"]?.stringValue, let status = event.payload["status"]?.stringValue,
                           FindingStatus(rawValue: status) != nil, status != FindingStatus.fail.rawValue {
                            try Self.findingStoppedFailing(db, id: id)
                        } else {
                            try Self.findingChanged(db, try event.decodePayload(Finding.self))
                        }
                    default: break
                    }
                } catch let error as DecodingError {
                    undecodable(event, error)
                }
            }
            if last > cursor { try ConsumerCursor.save(db, name: Self.cursorName, seq: last, lastScanID: nil) }
        }
    }

    static func resourceChanged(_ db: Database, _ resource: Resource) throws {
        let json = try JSONText.data(resource.json)
        let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT account, json FROM inventory WHERE id = ?"),
                                      arguments: [resource.id])
        try touch(db, resource.account, dirty: false, resourceEvent: true)
        if let stored, (stored["json"] as Data) == json { return }
        if let stored, (stored["account"] as String) != resource.account {
            try touch(db, stored["account"], dirty: true, resourceEvent: true)
        }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO inventory (id, account, json) VALUES (?, ?, ?)")
            .execute(arguments: [resource.id, resource.account, json])
        try touch(db, resource.account, dirty: true, resourceEvent: true)
    }

    static func resourceRemoved(_ db: Database, _ removed: RemovedResource) throws {
        try touch(db, removed.account, dirty: false, resourceEvent: true)
        guard let account = try String.fetchOne(db.cachedStatement(sql: "SELECT account FROM inventory WHERE id = ?"),
                                                arguments: [removed.id]) else { return }
        try db.cachedStatement(sql: "DELETE FROM inventory WHERE id = ?").execute(arguments: [removed.id])
        try touch(db, account, dirty: true, resourceEvent: true)
    }

    /// A failing finding is kept at its latest version; one that stops failing is dropped. Only what the graph reads
    /// (which resource, which check, the severity, failing or not) marks the account dirty: a failing finding whose
    /// reason changed is stored but does not rebuild the graph.
    static func findingChanged(_ db: Database, _ finding: Finding) throws {
        guard finding.status == .fail else { return try findingStoppedFailing(db, id: finding.id) }
        let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT account, resource_id, check_id, severity, version FROM failing_findings WHERE id = ?
            """), arguments: [finding.id])
        if let stored, (stored["version"] as Int) > finding.version { return }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO failing_findings (id, account, resource_id, check_id, severity, version, json)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [finding.id, finding.account, finding.resourceID, finding.checkID,
                                     finding.severity.rawValue, finding.version, Self.findingJSON(finding)])
        let same = stored.map {
            ($0["account"] as String) == finding.account && ($0["resource_id"] as String) == finding.resourceID
                && ($0["check_id"] as String) == finding.checkID && ($0["severity"] as String) == finding.severity.rawValue
        } ?? false
        if !same {
            if let stored, (stored["account"] as String) != finding.account {
                try touch(db, stored["account"], dirty: true, resourceEvent: false)
            }
            try touch(db, finding.account, dirty: true, resourceEvent: false)
        }
    }

    static func findingJSON(_ finding: Finding) -> Data {
        var writer = FindingJSON()
        return writer.encode(finding)
    }

    /// A finding that is not failing (any more): dropped, and its account dirty when it was stored.
    static func findingStoppedFailing(_ db: Database, id: String) throws {
        guard let account = try String.fetchOne(db.cachedStatement(sql: "SELECT account FROM failing_findings WHERE id = ?"),
                                                arguments: [id]) else { return }
        try db.cachedStatement(sql: "DELETE FROM failing_findings WHERE id = ?").execute(arguments: [id])
        try touch(db, account, dirty: true, resourceEvent: false)
    }

    /// Notes that something arrived for the account; `dirty` when it changes what its graph is built from.
    static func touch(_ db: Database, _ account: String, dirty: Bool, resourceEvent: Bool) throws {
        try db.cachedStatement(sql: """
            INSERT INTO graph_accounts (account, dirty, resource_events) VALUES (?, ?, ?)
            ON CONFLICT(account) DO UPDATE SET dirty = max(dirty, excluded.dirty),
                resource_events = max(resource_events, excluded.resource_events)
            """).execute(arguments: [account, dirty, resourceEvent])
    }

    /// The inputs fetched from the assessor replace the account's stored ones (a log without resource events).
    static func replaceInputs(_ db: Database, account: String, with inputs: GraphInputs) throws {
        try db.execute(sql: "DELETE FROM inventory WHERE account = ?", arguments: [account])
        try db.execute(sql: "DELETE FROM failing_findings WHERE account = ?", arguments: [account])
        for r in inputs.resources where r.account == account { try resourceChanged(db, r) }
        for f in inputs.findings where f.account == account { try findingChanged(db, f) }
    }

    /// After a build: the account's graph matches its inputs.
    static func markBuilt(_ db: Database, account: String, scanID: String, basis: String, verdictsAccepted: Bool) throws {
        try db.execute(sql: """
            INSERT INTO graph_accounts (account, dirty, seals, needs_seed, built_scan_id, basis, verdicts_accepted)
            VALUES (?, 0, 1, 0, ?, ?, ?)
            ON CONFLICT(account) DO UPDATE SET dirty = 0, seals = seals + 1, needs_seed = 0,
                built_scan_id = excluded.built_scan_id, basis = excluded.basis,
                verdicts_accepted = excluded.verdicts_accepted
            """, arguments: [account, scanID, basis, verdictsAccepted])
    }

    /// A seal that changed nothing the account's graph is built from: the graph stays as built, and the scan takes
    /// the previous scan's paths, analysis and problems, with the lifecycle advanced as a rebuild would
    /// (`recordPaths`: open paths persist; those already resolved stay resolved in the scan that resolved them).
    /// Returns false, writing nothing, when the account has no earlier scan to carry over.
    public func carryOver(scan: ScanSummary, seq: Int64, at now: Date) throws -> Bool {
        try store.write { db in
            let account = scan.account
            guard let previous = try Row.fetchOne(db, sql: """
                SELECT * FROM graph_scans WHERE account = ? AND scan_id != ? ORDER BY seq DESC LIMIT 1
                """, arguments: [account, scan.scanID]) else { return false }
            let previousID: String = previous["scan_id"]
            let paths = try Data.fetchAll(db, sql: "SELECT json FROM paths WHERE scan_id = ? ORDER BY position",
                                          arguments: [previousID]).map { try Wire.decoder.decode(AttackPath.self, from: $0) }
            let stamp = now.timeIntervalSince1970
            try Self.recordPaths(db, account: account, scanID: scan.scanID, paths: paths, stamp: stamp)
            try db.execute(sql: """
                INSERT OR REPLACE INTO graph_scans (scan_id, account, seq, node_count, edge_count, built_at, problems,
                                                    analysis, built_scan_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [scan.scanID, account, seq, previous["node_count"] as Int, previous["edge_count"] as Int,
                                 stamp, previous["problems"] as Data?, previous["analysis"] as Data?,
                                 (previous["built_scan_id"] as String?) ?? previousID])
            try db.execute(sql: "UPDATE graph_accounts SET seals = seals + 1 WHERE account = ?", arguments: [account])
            try ConsumerCursor.save(db, name: Self.cursorName, seq: seq, lastScanID: scan.scanID)
            return true
        }
    }

    /// The scan whose seal built the graph that `scanID` shows: itself when its seal rebuilt the graph, an earlier
    /// scan when nothing the graph reads changed since. Nil for a scan the graph has not processed.
    public func builtScan(of scanID: String) throws -> String? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT scan_id, built_scan_id FROM graph_scans WHERE scan_id = ?",
                             arguments: [scanID]).map { ($0["built_scan_id"] as String?) ?? $0["scan_id"] }
        }
    }
}
