import ExportCore
import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule
import Testing

/// A destination that records what it was given and fails on command.
final class ScriptedDelivery: SinkDelivery, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var batches: [(id: String, keys: [String])] = []
    private(set) var deadLetters: [(id: String, keys: [String], reason: String)] = []
    var failures: [DeliveryFailure] = []
    let hasDeadLetter: Bool

    init(hasDeadLetter: Bool = true) { self.hasDeadLetter = hasDeadLetter }

    func recover(_ state: SinkState) throws -> SinkState { state }

    func deliver(_ records: [ExportRecord], batchID: String, state: SinkState, now: Date) async throws -> SinkState {
        try lock.withLock {
            batches.append((batchID, records.map(\.key)))
            if !failures.isEmpty { throw failures.removeFirst() }
        }
        return state
    }

    func deadLetter(_ records: [ExportRecord], batchID: String, reason: String, now: Date) throws -> Bool {
        guard hasDeadLetter else { return false }
        lock.withLock { deadLetters.append((batchID, records.map(\.key), reason)) }
        return true
    }

    func close() {}
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { t } }
    func advance(_ s: Double) { lock.withLock { t = t.addingTimeInterval(s) } }
}

@Suite struct SinkRunnerTests {
    let dir = tempDir()
    let clock = TestClock()

    func store(records n: Int) throws -> ExportStore {
        let store = try ExportStore(directory: dir)
        let records = (1...n).map { i in
            OutboxRecords.finding(finding(i, severity: i.isMultiple(of: 2) ? .critical : .low))
        }
        try store.commitSource("test", cursor: 1, records: records)
        return store
    }

    func runner(_ store: ExportStore, _ delivery: any SinkDelivery, filter: ExportFilter = .all, batch: Int = 3,
                maxAttempts: Int = 3, snapshot: Bool = false) -> SinkRunner {
        let sink = SinkConfig(name: "hooks", destination: .webhook(.init(url: "https://x", secret: nil, maxAttempts: maxAttempts,
                                                                         deadLetter: nil, ocsf: false)),
                              filter: filter, snapshot: snapshot ? .every(seconds: 3_600) : nil, batchSize: batch)
        let clock = self.clock
        return SinkRunner(sink: sink, delivery: delivery, store: store, signal: OutboxSignal(), logger: Logger(label: "t"),
                          now: { clock.now })
    }

    /// A sink created now starts at the outbox head; tests start it at the beginning instead.
    func state(_ store: ExportStore) throws -> SinkState {
        var s = try store.ensureSink("hooks", startAtHead: false)
        s.cursor = 0
        try store.saveSinkState(s)
        return s
    }

    @Test func deliversInBatchesAndTheFilterSkipsWithoutStopping() async throws {
        let store = try store(records: 7)
        let delivery = ScriptedDelivery()
        let critical = ExportFilter(ruleSets: [[.init(property: "severity", op: .equals, value: "critical")]])
        let r = runner(store, delivery, filter: critical, batch: 2)
        var s = try state(store)
        while try await r.step(&s) == .worked {}
        #expect(delivery.batches.map(\.keys.count) == [2, 1])
        #expect(delivery.batches.flatMap(\.keys).allSatisfy { $0.contains("bucket-2/") || $0.contains("bucket-4/") || $0.contains("bucket-6/") })
        #expect(try store.sinkState("hooks").cursor == 7)
        #expect(try store.sinkState("hooks").delivered == 3)
    }

    @Test func aFailedBatchIsRetriedFromTheCursorWithTheSameRecordsAfterBackoff() async throws {
        let store = try store(records: 4)
        let delivery = ScriptedDelivery()
        delivery.failures = [DeliveryFailure("HTTP 503 from hooks", retryable: true, retryAfter: .seconds(30))]
        let r = runner(store, delivery)
        var s = try state(store)
        guard case .backoff(let until) = try await r.step(&s) else { Issue.record("no backoff"); return }
        #expect(abs(until.timeIntervalSince(clock.now) - 30) < 0.001, "Retry-After honoured")
        let failed = try store.sinkState("hooks")
        #expect(failed.cursor == 0 && failed.attempts == 1 && failed.lastError == "HTTP 503 from hooks")
        // Still backing off: nothing is sent.
        #expect(try await r.step(&s) == .backoff(until: until))
        clock.advance(31)
        #expect(try await r.step(&s) == .worked)
        #expect(delivery.batches.count == 2 && delivery.batches[0].id == delivery.batches[1].id
                && delivery.batches[0].keys == delivery.batches[1].keys)
        let ok = try store.sinkState("hooks")
        #expect(ok.cursor == 3 && ok.attempts == 0 && ok.nextAttemptAt == nil && ok.lastSuccessAt != nil)
        // The error stays visible after the recovery, with its time.
        #expect(ok.lastError != nil)
    }

    @Test func afterMaxAttemptsOrARefusalTheBatchIsDeadLetteredAndTheSinkMovesOn() async throws {
        let store = try store(records: 6)
        let delivery = ScriptedDelivery()
        delivery.failures = [DeliveryFailure("HTTP 500"), DeliveryFailure("HTTP 500"), DeliveryFailure("HTTP 500"),
                             DeliveryFailure("HTTP 400 bad payload", retryable: false)]
        let r = runner(store, delivery, maxAttempts: 3)
        var s = try state(store)
        for _ in 0..<10 {
            if case .backoff = try await r.step(&s) { clock.advance(600) }
        }
        #expect(delivery.deadLetters.map(\.reason) == ["HTTP 500", "HTTP 400 bad payload"])
        #expect(delivery.deadLetters[0].keys.count == 3 && delivery.deadLetters[1].keys.count == 3)
        let st = try store.sinkState("hooks")
        #expect(st.cursor == 6 && st.deadLettered == 6 && st.delivered == 0)
    }

    @Test func aSinkWithoutDeadLetterKeepsRetrying() async throws {
        let store = try store(records: 2)
        let delivery = ScriptedDelivery(hasDeadLetter: false)
        delivery.failures = Array(repeating: DeliveryFailure("connection refused"), count: 5)
        let r = runner(store, delivery, maxAttempts: 2)
        var s = try state(store)
        for _ in 0..<5 {
            _ = try await r.step(&s)
            clock.advance(3_600)
        }
        #expect(try store.sinkState("hooks").cursor == 0 && delivery.deadLetters.isEmpty)
        #expect(try await r.step(&s) == .worked)
        #expect(try store.sinkState("hooks").cursor == 2)
    }

    @Test func aScheduledSnapshotSendsEveryCurrentFindingOnceThenResumesDeltas() async throws {
        let store = try ExportStore(directory: dir)
        try store.commit(findings: (1...5).map { finding($0) }, sinkLengths: [:], cursor: 5, lastScanID: nil)
        let delivery = ScriptedDelivery()
        let r = runner(store, delivery, batch: 2, snapshot: true)
        var s = try store.ensureSink("hooks", startAtHead: true)
        while try await r.step(&s) == .worked {}
        let keys = delivery.batches.flatMap(\.keys)
        #expect(keys.count == 5 && keys.allSatisfy { $0.hasPrefix("snapshot/hooks/") } && Set(keys).count == 5)
        #expect(try store.sinkState("hooks").snapshotDone != nil)
        // Not due again within the hour.
        clock.advance(1_800)
        #expect(try await r.step(&s) == .idle)
        clock.advance(1_801)
        while try await r.step(&s) == .worked {}
        #expect(delivery.batches.flatMap(\.keys).count == 10)
    }
}
