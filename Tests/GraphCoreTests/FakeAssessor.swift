import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit

/// An assessor answering EventsPull and InventoryQuery from fixtures.
final class FakeAssessor: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [EventRecord] = []
    private var inventory: [Resource] = []
    private var findings: [Finding] = []
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
                inventory.filter { q.account == nil || $0.account == q.account }.map {
                    InventoryItem(resource: $0, firstSeen: Date(timeIntervalSince1970: 0),
                                  lastSeen: Date(timeIntervalSince1970: 0), lastScanID: "scan-1")
                }
            }
        }
        router.on(FindingsQuery.self) { [self] q, _ in
            lock.withLock { findings.filter { (q.account == nil || $0.account == q.account) && (q.status == nil || $0.status == q.status) } }
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

    /// All events after `after` (what a puller would deliver).
    func page(after: Int64) -> [EventRecord] { lock.withLock { events.filter { $0.seq > after } } }

    static func sealed(_ scanID: String, account: String = Estate.account) -> ScanSummary {
        ScanSummary(scanID: scanID, provider: "aws", account: account, state: .sealed,
                    startedAt: Date(timeIntervalSince1970: 1_700_000_000),
                    sealedAt: Date(timeIntervalSince1970: 1_700_000_060), batchesReceived: 1, totalBatches: 1,
                    resourceCount: 6, findingCounts: [:], scopes: [])
    }
}
