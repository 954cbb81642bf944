import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit

/// An assessor answering EventsPull and InventoryQuery from fixtures; `seal` logs a scan the way the real one does.
final class FakeAssessor: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [EventRecord] = []
    private var inventory: [Resource] = []
    private var findings: [Finding] = []
    private var snapshotQueries = 0
    /// What the log has said so far, per resource and finding id (to log only what changed).
    private var logged: [String: Resource] = [:]
    private var loggedFindings: [String: Finding] = [:]
    private var verdictSets: [GraphVerdicts] = []
    /// What the verdicts handler answers: nil accepts, else this error.
    private var verdictError: WireError?
    let bus = InProcessBus()

    init() {
        var router = Router()
        router.on(EventsPull.self) { [self] q, _ in
            lock.withLock {
                EventsPage(events: Array(events.filter { $0.seq > q.after }.prefix(q.limit)),
                           headSeq: events.last?.seq ?? 0)
            }
        }
        router.on(InventoryQuery.self) { [self] q, _ in
            lock.withLock {
                snapshotQueries += 1
                return inventory.filter { q.account == nil || $0.account == q.account }.map {
                    InventoryItem(resource: $0, firstSeen: Date(timeIntervalSince1970: 0),
                                  lastSeen: Date(timeIntervalSince1970: 0), lastScanID: "scan-1")
                }
            }
        }
        router.on(FindingsQuery.self) { [self] q, _ in
            lock.withLock {
                snapshotQueries += 1
                return findings.filter { (q.account == nil || $0.account == q.account) && (q.status == nil || $0.status == q.status) }
            }
        }
        router.on(GraphVerdicts.self) { [self] m, _ in
            try lock.withLock {
                if let verdictError { throw verdictError }
                let duplicate = verdictSets.contains { $0.scanID == m.scanID && $0.account == m.account }
                if !duplicate { verdictSets.append(m) }
                return GraphVerdictsAck(scanID: m.scanID, outcome: duplicate ? .duplicate : .applied)
            }
        }
        bus.register(ServiceName.assessor, router)
    }

    /// Verdict sets accepted so far (one per scan).
    var verdicts: [GraphVerdicts] { lock.withLock { verdictSets } }
    func failVerdicts(with error: WireError?) { lock.withLock { verdictError = error } }

    func setInventory(_ resources: [Resource]) { lock.withLock { inventory = resources } }
    func setFindings(_ list: [Finding]) { lock.withLock { findings = list } }

    func append(type: String, payload: some Encodable) throws {
        let json = try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(payload))
        lock.withLock {
            events.append(EventRecord(seq: Int64(events.count + 1), type: type, payload: json,
                                      createdAt: Date(timeIntervalSince1970: 1_700_000_000)))
        }
    }

    /// All events after `after` (what a puller would deliver), at most `limit`.
    func page(after: Int64, limit: Int = .max) -> [EventRecord] {
        lock.withLock { Array(events.filter { $0.seq > after }.prefix(limit)) }
    }

    /// How many InventoryQuery / FindingsQuery requests were answered.
    var snapshots: Int { lock.withLock { snapshotQueries } }

    /// Seals a scan of `account` as the assessor logs it: `finding.changed` for each finding that is new or changed
    /// (one that disappears resolves: status notApplicable), `resource.changed` for each new or changed resource,
    /// `resource.removed` for each gone, then `scan.sealed`. The inventory and findings queries answer the same state.
    func seal(_ scanID: String, resources: [Resource], findings current: [Finding] = [],
              account: String = Estate.account) throws {
        let (priorResources, priorFindings) = lock.withLock {
            (logged.values.filter { $0.account == account }, loggedFindings.values.filter { $0.account == account })
        }
        let ids = Set(resources.map(\.id)), findingIDs = Set(current.map(\.id))
        for f in current.sorted(by: { $0.id < $1.id }) where lock.withLock({ loggedFindings[f.id] }) != f {
            try append(type: EventType.findingChanged, payload: f)
        }
        for var f in priorFindings.sorted(by: { $0.id < $1.id }) where !findingIDs.contains(f.id) && f.status != .notApplicable {
            f.status = .notApplicable
            f.version += 1
            try append(type: EventType.findingChanged, payload: f)
            lock.withLock { loggedFindings[f.id] = f }
        }
        for r in resources.sorted(by: { $0.id < $1.id }) where lock.withLock({ logged[r.id] }) != r {
            try append(type: EventType.resourceChanged, payload: r)
        }
        for r in priorResources.sorted(by: { $0.id < $1.id }) where !ids.contains(r.id) {
            try append(type: EventType.resourceRemoved,
                       payload: RemovedResource(id: r.id, account: r.account, type: r.type, region: r.region))
        }
        var summary = Self.sealed(scanID, account: account)
        summary.resourceCount = resources.count
        try append(type: EventType.scanSealed, payload: summary)
        lock.withLock {
            for r in priorResources { logged[r.id] = nil }
            for r in resources { logged[r.id] = r }
            for f in current { loggedFindings[f.id] = f }
            inventory = inventory.filter { $0.account != account } + resources
            findings = findings.filter { $0.account != account } + current
        }
    }

    static func sealed(_ scanID: String, account: String = Estate.account) -> ScanSummary {
        ScanSummary(scanID: scanID, provider: "aws", account: account, state: .sealed,
                    startedAt: Date(timeIntervalSince1970: 1_700_000_000),
                    sealedAt: Date(timeIntervalSince1970: 1_700_000_060), batchesReceived: 1, totalBatches: 1,
                    resourceCount: 6, findingCounts: [:], scopes: [])
    }
}
