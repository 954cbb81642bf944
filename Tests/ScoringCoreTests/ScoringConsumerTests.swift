import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import ScoringCore
import Testing

/// An assessor answering FindingTallyQuery from fixtures (counted as `SecureScoreCalculator.tallies` counts them;
/// `FindingTallyTests` in AssessorCoreTests holds the assessor's SQL to the same counts).
final class FakeAssessor: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [EventRecord] = []
    private var findings: [Finding] = []
    let bus = InProcessBus()

    init() {
        var router = Router()
        router.on(FindingTallyQuery.self) { [self] q, _ in
            let mine = lock.withLock { findings.filter { $0.account == q.account } }
            return FindingTally(controls: SecureScoreCalculator.tallies(mine), checks: [])
        }
        router.on(EventsPull.self) { [self] q, _ in
            lock.withLock {
                // As the assessor pages a filtered pull: a bounded window of seqs, `through` how far it read.
                let window = events.filter { $0.seq > q.after && $0.seq <= q.after + Self.window }
                let matching = window.filter { q.types?.contains($0.type) ?? true }
                let page = Array(matching.prefix(q.limit))
                let head = Int64(events.count)
                let through = page.count >= q.limit ? page.last!.seq : min(q.after + Self.window, head)
                pulls += 1
                return EventsPage(events: page, headSeq: head, through: q.types == nil ? nil : max(q.after, through))
            }
        }
        router.on(DiffQuery.self) { [self] _, _ in
            guard let d = lock.withLock({ storedDiff }) else {
                throw WireError(code: "assessor.diff.unavailable", message: "no diff in this fake")
            }
            return d
        }
        bus.register(ServiceName.assessor, router)
    }

    /// What the assessor's `DiffQuery` answers (nil: an error).
    var scanDiff: ScanDiff? {
        get { lock.withLock { storedDiff } }
        set { lock.withLock { storedDiff = newValue } }
    }
    private var storedDiff: ScanDiff?

    /// Seqs a filtered pull reads at most (the real assessor: 100,000).
    static let window: Int64 = 5
    private(set) var pulls = 0

    func appendFindingChanged(_ f: Finding) throws {
        let json = try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(f))
        lock.withLock {
            events.append(EventRecord(seq: Int64(events.count + 1), type: EventType.findingChanged, payload: json,
                                      createdAt: Date(timeIntervalSince1970: 0)))
        }
    }

    func setFindings(_ f: [Finding]) { lock.withLock { findings = f } }

    func appendSealed(_ scanID: String, account: String = "111111111111", type: String = EventType.scanSealed,
                      resources: Int = 1, sealedAt: Date = Date(timeIntervalSince1970: 1)) throws {
        let summary = ScanSummary(scanID: scanID, provider: "aws", account: account, state: .sealed,
                                  startedAt: Date(timeIntervalSince1970: 0), sealedAt: sealedAt,
                                  batchesReceived: 1, totalBatches: 1, resourceCount: resources, findingCounts: [:],
                                  scopes: [])
        let json = try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(summary))
        lock.withLock {
            events.append(EventRecord(seq: Int64(events.count + 1), type: type, payload: json,
                                      createdAt: Date(timeIntervalSince1970: 0)))
        }
    }

    func page(after: Int64) -> [EventRecord] { lock.withLock { events.filter { $0.seq > after } } }
}

@Suite struct ScoringConsumerTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-\(UUID().uuidString)")

    @Test func scoresEachSealedScanIdempotently() async throws {
        let assessor = FakeAssessor()
        assessor.setFindings([finding("enable-mfa", "u1", .pass), finding("enable-mfa", "u2", .fail),
                              finding("enable-mfa", "u3", .pass, account: "222222222222")])
        try assessor.appendSealed("scan-1")
        let store = try ScoringStore(directory: dir)
        let consumer = ScoringConsumer(store: store, sender: assessor.bus, logger: Logger(label: "t"),
                                       now: { Date(timeIntervalSince1970: 5) })
        try await consumer.apply(assessor.page(after: 0))
        let first = try #require(try store.score(scanID: nil))
        #expect(first.scanID == "scan-1")
        #expect(first.percentage == 50, "the other account's finding is not mixed in")
        #expect(try store.controlRowCount(scanID: "scan-1") == Control.benchmark.count)
        #expect(try store.position() == ConsumerPosition(service: "scoring", cursor: 1, lastScanID: "scan-1"))

        // Redelivered page and a fresh consumer on the same database: nothing changes.
        try await consumer.apply(assessor.page(after: 0))
        let again = ScoringConsumer(store: try ScoringStore(directory: dir), sender: assessor.bus,
                                    logger: Logger(label: "t"), now: { Date(timeIntervalSince1970: 99) })
        try await again.apply(assessor.page(after: 0))
        #expect(try store.score(scanID: "scan-1") == first)

        assessor.setFindings([finding("enable-mfa", "u1", .pass), finding("enable-mfa", "u2", .pass)])
        try assessor.appendSealed("scan-2")
        try await consumer.apply(assessor.page(after: consumer.cursor()))
        #expect(try store.score(scanID: nil)?.percentage == 100)
        #expect(try store.score(scanID: "scan-1")?.percentage == 50)

        let bus = assessor.bus
        bus.register(ServiceName.scoring, ScoringHandlers.router(store: store))
        #expect(try await bus.call(ScoreQuery(), retry: .none).score?.scanID == "scan-2")
        // The service's position is where both of its consumers (score, compliance history) stand.
        #expect(try await bus.call(ScoringPositionQuery(), retry: .none).cursor == 0, "compliance has read nothing yet")
        try store.advanceCompliance(to: 2)
        #expect(try await bus.call(ScoringPositionQuery(), retry: .none).cursor == 2)
        let e = await #expect(throws: WireError.self) { try await bus.call(ScoreQuery(scanID: "zzz"), retry: .none) }
        #expect(e?.code == "scoring.scan.unknown")
    }

    @Test func failedFetchCommitsNothing() async throws {
        let assessor = FakeAssessor()
        try assessor.appendSealed("scan-1")
        let store = try ScoringStore(directory: dir)
        let consumer = ScoringConsumer(store: store, sender: assessor.bus, logger: Logger(label: "t"))
        assessor.bus.unregister(ServiceName.assessor)
        await #expect(throws: WireError.self) { try await consumer.apply(assessor.page(after: 0)) }
        #expect(try store.position().cursor == 0)
        #expect(try store.score(scanID: nil) == nil)
    }
}
