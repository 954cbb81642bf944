import Foundation
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import ScoringCore
import Synchronization
import Testing

/// An assessor whose per-check counts the test sets.
final class TallyAssessor: Sendable {
    let checks = Mutex<[CheckTally]>([])
    let bus = InProcessBus()

    init() {
        var router = Router()
        router.on(FindingTallyQuery.self) { [self] _, _ in FindingTally(controls: [], checks: checks.withLock { $0 }) }
        bus.register(ServiceName.assessor, router)
    }
}

@Suite struct ComplianceHistoryTests {
    static let benchmark = try! Benchmark.load()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pal-compliance-\(UUID().uuidString)")
    var logger: Logger { var l = Logger(label: "t"); l.logLevel = .critical; return l }
    let account = "123456789012"

    func seal(_ seq: Int64, _ scanID: String, type: String = EventType.scanSealed) throws -> EventRecord {
        let summary = ScanSummary(scanID: scanID, provider: "aws", account: account, state: .sealed, startedAt: Date(),
                                  sealedAt: Date(), batchesReceived: 1, totalBatches: 1, resourceCount: 3,
                                  findingCounts: [:], scopes: [])
        return EventRecord(seq: seq, type: type, payload: try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(summary)),
                           createdAt: Date())
    }

    /// A CIS requirement decided by checks, and one of them.
    var automated: (requirement: String, check: Check) {
        let cis = Self.benchmark.standard(id: "cis-aws-3.0")!
        for r in cis.requirements where !r.manual {
            if let c = Self.benchmark.checks(for: StandardRef(standard: cis.id, requirement: r.id)).first { return (r.id, c) }
        }
        fatalError("no automated CIS requirement")
    }

    func tally(_ c: Check, _ counts: [FindingStatus: Int]) -> CheckTally {
        CheckTally(checkID: c.id, controlID: c.metadata.controlID, counts: counts)
    }

    func changes(_ store: ScoringStore) throws -> [ComplianceChange] {
        try store.events(after: 0, limit: 1_000).events.filter { $0.type == ScoringStore.complianceChangedEvent }.map {
            try Wire.decoder.decode(ComplianceChange.self, from: Wire.encoder.encode($0.payload))
        }
    }

    @Test func everySealIsKeptAndAStateChangeBecomesOneEvent() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ScoringStore(directory: dir)
        let assessor = TallyAssessor()
        let consumer = ComplianceConsumer(store: store, benchmark: Self.benchmark, sender: assessor.bus, logger: logger)
        let (req, check) = automated

        assessor.checks.withLock { $0 = [tally(check, [.pass: 2])] }
        try await consumer.apply([try seal(1, "scan-1")])
        #expect(try changes(store).isEmpty, "the first assessment is the baseline, not a change")

        assessor.checks.withLock { $0 = [tally(check, [.pass: 1, .fail: 1])] }
        try await consumer.apply([try seal(2, "scan-2")])
        let moved = try changes(store).filter { $0.standard == "cis-aws-3.0" && $0.requirement == req }
        #expect(moved.map(\.from) == [.passed] && moved.map(\.to) == [.failed] && moved.first?.scanID == "scan-2")

        // Redelivered seals change nothing: no new snapshot, no new event.
        let before = try changes(store).count
        try await consumer.apply([try seal(1, "scan-1"), try seal(2, "scan-2")])
        #expect(try changes(store).count == before)

        let history = try store.complianceHistory(account: account, standard: "cis-aws-3.0", since: nil)
        #expect(history.map(\.scanID) == ["scan-1", "scan-2"])
        #expect((history[1].counts[.failed] ?? 0) == (history[0].counts[.failed] ?? 0) + 1)
        #expect(try store.complianceCursor() == 2)

        // A rescore of scan-2 that fixes nothing appends nothing; one that flips the requirement back says so.
        try await consumer.apply([try seal(3, "scan-2", type: EventType.scanRescored)])
        #expect(try changes(store).count == before)
        assessor.checks.withLock { $0 = [tally(check, [.pass: 2])] }
        try await consumer.apply([try seal(4, "scan-2", type: EventType.scanRescored)])
        #expect(try changes(store).last.map { [$0.from, $0.to] } == [.failed, .passed])
        #expect(try store.complianceHistory(account: account, standard: "cis-aws-3.0", since: nil).count == 2,
                "a rescore replaces its scan's point")
    }

    @Test func aSwitchedOffStandardIsNeitherAssessedNorKept() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ScoringStore(directory: dir)
        let assessor = TallyAssessor()
        try store.setStandard("aws-fsbp", enabled: false, account: account, at: Date())
        let consumer = ComplianceConsumer(store: store, benchmark: Self.benchmark, sender: assessor.bus, logger: logger)
        try await consumer.apply([try seal(1, "scan-1")])
        #expect(try store.complianceHistory(account: account, standard: "aws-fsbp", since: nil).isEmpty)
        #expect(try store.complianceHistory(account: account, standard: "cis-aws-3.0", since: nil).count == 1)
    }
}

@Suite struct AttestationTests {
    static let benchmark = try! Benchmark.load()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pal-attest-\(UUID().uuidString)")
    let account = "123456789012"

    func service(_ store: ScoringStore, now: Date) -> (ComplianceService, InProcessBus) {
        let assessor = TallyAssessor()
        var router = Router()
        let svc = ComplianceService(benchmark: Self.benchmark, store: store, sender: assessor.bus, now: { now })
        svc.register(on: &router)
        let bus = assessor.bus
        bus.register(ServiceName.scoring, router)
        return (svc, bus)
    }

    var manual: String { Self.benchmark.standard(id: "cis-aws-3.0")!.requirements.first { $0.manual }!.id }
    var automated: String { Self.benchmark.standard(id: "cis-aws-3.0")!.requirements.first { !$0.manual }!.id }

    func attest(_ bus: InProcessBus, _ req: String, evidence: String = "https://wiki.example.com/evidence/1",
                by: String = "Ana Auditor", expires: Date) async throws -> Attestation {
        try await bus.call(ComplianceAttest(account: account, standard: "cis-aws-3.0", requirement: req, status: .passed,
                                            evidence: evidence, attestedBy: by, expiresAt: expires))
    }

    @Test func anAttestationSetsAManualRequirementUntilItExpiresAndIsKept() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ScoringStore(directory: dir)
        let t0 = Date(timeIntervalSince1970: 1_796_000_000)
        let (_, bus) = service(store, now: t0)
        _ = try await attest(bus, manual, expires: t0.addingTimeInterval(86_400))

        let during = try await bus.call(ComplianceQuery(account: account, standard: "cis-aws-3.0"))
        let r = try #require(during.standards.first?.requirements.first { $0.id == manual })
        #expect(r.state == .passed && r.attestation?.attestedBy == "Ana Auditor")

        let (_, later) = service(store, now: t0.addingTimeInterval(86_401))
        let after = try await later.call(ComplianceQuery(account: account, standard: "cis-aws-3.0"))
        #expect(after.standards.first?.requirements.first { $0.id == manual }?.state == .manual, "expired")
        #expect(try await later.call(ComplianceAttestationsQuery(account: account)).count == 1, "kept in history")
    }

    @Test(arguments: ["automated", "unknown", "ftp", "nobody", "past"])
    func badAttestationsAreRefusedWithTheReason(_ bad: String) async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ScoringStore(directory: dir)
        let t0 = Date(timeIntervalSince1970: 1_796_000_000)
        let (_, bus) = service(store, now: t0)
        let tomorrow = t0.addingTimeInterval(86_400)
        let expected: String
        do {
            switch bad {
            case "automated": expected = "only manual requirements"; _ = try await attest(bus, automated, expires: tomorrow)
            case "unknown": expected = "has no requirement '99.99'"; _ = try await attest(bus, "99.99", expires: tomorrow)
            case "ftp": expected = "http(s) URL"; _ = try await attest(bus, manual, evidence: "ftp://x/y", expires: tomorrow)
            case "nobody": expected = "who attests"; _ = try await attest(bus, manual, by: "  ", expires: tomorrow)
            default: expected = "in the future"; _ = try await attest(bus, manual, expires: t0.addingTimeInterval(-1))
            }
            Issue.record("accepted \(bad)")
        } catch let e as WireError {
            #expect(e.code == "scoring.attestation.invalid")
            #expect(e.message.contains(expected), "\(e.message)")
        }
        #expect(try store.attestations(account: account).isEmpty, "nothing stored")
    }
}
