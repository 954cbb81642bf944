import Foundation
import GRDB
import Logging
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Keeps governance current from the assessor's event log, with its own cursor (`governance`):
/// `finding.changed` updates the set of failing findings and queues the finding; `resource.changed` / `.removed` keep
/// resource tags (rule scopes and owners read them); at `scan.sealed` / `scan.rescored` every queued finding is decided
/// by the rules in force — assigned, reassigned (overwrite rules), completed when it stopped failing — and each
/// decision is an event in scoring's log. A page is one transaction with the cursor; redelivery changes nothing.
public struct GovernanceConsumer: Sendable {
    let store: ScoringStore
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: ScoringStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.logger = logger
        self.now = now
    }

    public static let eventTypes = [EventType.findingChanged, EventType.resourceChanged, EventType.resourceRemoved,
                                    EventType.scanSealed, EventType.scanRescored]

    public func cursor() throws -> Int64 { try store.governanceCursor() }

    public func advance(to seq: Int64) throws {
        try store.store.write { db in
            guard seq > (try ConsumerCursor.load(db, name: ScoringStore.governanceCursorName).seq) else { return }
            try ConsumerCursor.save(db, name: ScoringStore.governanceCursorName, seq: seq, lastScanID: nil)
        }
    }

    /// Applies a page in one transaction with the cursor.
    public func apply(_ events: [EventRecord]) throws {
        let at = now()
        try store.store.write { db in
            var cursor = try ConsumerCursor.load(db, name: ScoringStore.governanceCursorName).seq
            var lastScan: String?
            var writer = FindingJSON()
            for e in events where e.seq > cursor {
                switch e.type {
                case EventType.findingChanged: try findingChanged(db, e, &writer)
                case EventType.resourceChanged: try resourceChanged(db, e)
                case EventType.resourceRemoved:
                    if let id = e.payload["id"]?.stringValue {
                        try db.cachedStatement(sql: "DELETE FROM gov_tags WHERE resource_id = ?").execute(arguments: [id])
                    }
                case EventType.scanSealed, EventType.scanRescored:
                    try decidePending(db, at: at)
                    lastScan = e.payload["scanID"]?.stringValue
                default: break
                }
                cursor = e.seq
            }
            try ConsumerCursor.save(db, name: ScoringStore.governanceCursorName, seq: cursor, lastScanID: lastScan)
        }
    }

    private func findingChanged(_ db: Database, _ e: EventRecord, _ writer: inout FindingJSON) throws {
        // Most changes of a first assessment are passes seen for the first time: nothing governance tracks, decided
        // from two fields without a query. A pass that is not new may end a failure governance holds: one lookup.
        guard let id = e.payload["id"]?.stringValue else { return }
        let lifecycle = e.payload["lifecycle"]?.stringValue
        let failing = e.payload["status"]?.stringValue == FindingStatus.fail.rawValue
            && lifecycle != FindingLifecycle.resolved.rawValue
        if !failing {
            if lifecycle == FindingLifecycle.new.rawValue { return }
            let tracked = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM gov_findings WHERE finding_id = ?)
                    OR EXISTS (SELECT 1 FROM gov_assignments WHERE finding_id = ? AND state = 'open')
                """), arguments: [id, id]) ?? false
            guard tracked else { return }
        }
        let finding: Finding
        do { finding = try e.decodePayload(Finding.self) } catch {
            logger.error("finding.changed payload did not decode; skipping", metadata: ["event.seq": "\(e.seq)", "error": "\(error)"])
            return
        }
        let json = writer.encode(finding)
        if failing {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO gov_findings (finding_id, account, control_id, resource_id, json) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [finding.id, finding.account, finding.controlID, finding.resourceID, json])
        } else {
            try db.cachedStatement(sql: "DELETE FROM gov_findings WHERE finding_id = ?").execute(arguments: [id])
        }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO gov_pending (finding_id, json) VALUES (?, ?)")
            .execute(arguments: [id, json])
    }

    private func resourceChanged(_ db: Database, _ e: EventRecord) throws {
        guard let id = e.payload["id"]?.stringValue else { return }
        var tags: [String: String] = [:]
        if case .object(let map)? = e.payload["tags"] {
            for (k, v) in map { if let s = v.stringValue { tags[k] = s } }
        }
        if tags.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM gov_tags WHERE resource_id = ?").execute(arguments: [id])
        } else {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO gov_tags (resource_id, tags) VALUES (?, ?)")
                .execute(arguments: [id, try Wire.encoder.encode(tags)])
        }
    }

    /// The seal made the scan's findings and tags final: decide every finding queued since the previous seal.
    private func decidePending(_ db: Database, at now: Date) throws {
        let rules = try store.rules(db)?.rules ?? []
        let pending = try Data.fetchAll(db, sql: "SELECT json FROM gov_pending ORDER BY finding_id")
        for json in pending {
            guard let finding = Finding(json: try JSONText.parse(json)) else { continue }
            // Without rules a failing finding stays as it is (assigned by hand, or unassigned): no lookups.
            if rules.isEmpty && GovernancePlanner.isFailing(finding) { continue }
            let current = try store.openAssignment(db, findingID: finding.id)?.assignment
            if current == nil && !GovernancePlanner.isFailing(finding) { continue }
            let decision = GovernancePlanner.decide(finding: finding, tags: try store.tags(db, resourceID: finding.resourceID),
                                                    rules: rules, current: current, now: now)
            try store.apply(db, decision, at: now)
        }
        try db.execute(sql: "DELETE FROM gov_pending")
    }
}
