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

    /// Applies a page; returns the accounts whose grace state changed outside a seal's scoring (none here: a seal's
    /// score is computed after this consumer has passed it).
    public func apply(_ events: [EventRecord]) throws {
        let at = now()
        try store.store.write { db in
            var cursor = try ConsumerCursor.load(db, name: ScoringStore.governanceCursorName).seq
            var lastScan: String?
            for e in events where e.seq > cursor {
                switch e.type {
                case EventType.findingChanged: try findingChanged(db, e)
                case EventType.resourceChanged: try resourceChanged(db, e)
                case EventType.resourceRemoved:
                    if let id = e.payload["id"]?.stringValue {
                        try db.execute(sql: "DELETE FROM gov_tags WHERE resource_id = ?", arguments: [id])
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

    private func findingChanged(_ db: Database, _ e: EventRecord) throws {
        // Most changes of a first assessment are passes that never failed: read two fields, not the whole finding.
        guard let id = e.payload["id"]?.stringValue else { return }
        let failing = e.payload["status"]?.stringValue == FindingStatus.fail.rawValue
            && e.payload["lifecycle"]?.stringValue != FindingLifecycle.resolved.rawValue
        if !failing {
            let tracked = try Int.fetchOne(db, sql: "SELECT 1 FROM gov_findings WHERE finding_id = ?", arguments: [id]) != nil
            let assigned = try store.openAssignment(db, findingID: id) != nil
            guard tracked || assigned else { return }
        }
        let finding: Finding
        do { finding = try e.decodePayload(Finding.self) } catch {
            logger.error("finding.changed payload did not decode; skipping", metadata: ["event.seq": "\(e.seq)", "error": "\(error)"])
            return
        }
        let json = try Wire.encoder.encode(finding)
        if failing { try store.upsertFailing(db, finding, json: json) } else {
            try db.execute(sql: "DELETE FROM gov_findings WHERE finding_id = ?", arguments: [id])
        }
        try db.execute(sql: "INSERT OR REPLACE INTO gov_pending (finding_id, json) VALUES (?, ?)", arguments: [id, json])
    }

    private func resourceChanged(_ db: Database, _ e: EventRecord) throws {
        guard let id = e.payload["id"]?.stringValue else { return }
        var tags: [String: String] = [:]
        if case .object(let map)? = e.payload["tags"] {
            for (k, v) in map { if let s = v.stringValue { tags[k] = s } }
        }
        if tags.isEmpty {
            try db.execute(sql: "DELETE FROM gov_tags WHERE resource_id = ?", arguments: [id])
        } else {
            try db.execute(sql: "INSERT OR REPLACE INTO gov_tags (resource_id, tags) VALUES (?, ?)",
                           arguments: [id, try Wire.encoder.encode(tags)])
        }
    }

    /// The seal made the scan's findings and tags final: decide every finding queued since the previous seal.
    private func decidePending(_ db: Database, at now: Date) throws {
        let rules = try store.rules(db)?.rules ?? []
        let pending = try Data.fetchAll(db, sql: "SELECT json FROM gov_pending ORDER BY finding_id")
        for json in pending {
            let finding = try Wire.decoder.decode(Finding.self, from: json)
            let current = try store.openAssignment(db, findingID: finding.id)?.assignment
            let decision = GovernancePlanner.decide(finding: finding, tags: try store.tags(db, resourceID: finding.resourceID),
                                                    rules: rules, current: current, now: now)
            try store.apply(db, decision, at: now)
        }
        try db.execute(sql: "DELETE FROM gov_pending")
    }
}
