import Foundation
import GRDB
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// The assessor: owns the inventory and the findings. Commits batches, seals scans (evaluating the benchmark),
/// answers queries and serves its event log. Every state change is one SQLite transaction.
public final class Assessor: Sendable {
    public let store: AssessorStore
    public let benchmark: Benchmark
    public let fingerprints: CheckFingerprints
    let muterSource: @Sendable () throws -> any FindingMuter
    let clock: @Sendable () -> Date
    let logger: Logger
    /// Fault injection for crash tests: called at named points inside the seal transaction; throwing aborts it.
    private let failpoint: (@Sendable (String) throws -> Void)?

    public init(store: AssessorStore, benchmark: Benchmark, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                muter: any FindingMuter = NoMutes(), mutes: MuteFile? = nil,
                failpoint: (@Sendable (String) throws -> Void)? = nil) {
        self.store = store
        self.benchmark = benchmark
        self.fingerprints = CheckFingerprints(benchmark)
        if let mutes {
            self.muterSource = { try mutes.current() }
        } else {
            self.muterSource = { muter }
        }
        self.logger = logger
        self.clock = clock
        self.failpoint = failpoint
    }

    /// Typed handlers for every assessor message.
    public var router: Router {
        var r = Router()
        r.on(IngestBatch.self, decode: IngestBatchReader.decode) { [self] m, _ in try ingest(m) }
        r.on(SealScan.self) { [self] m, _ in try seal(m) }
        r.on(GraphVerdicts.self, decode: { try GraphVerdicts.fastDecode($0) ?? Wire.decoder.decode(GraphVerdicts.self, from: $0) }) {
            [self] m, _ in try acceptVerdicts(m)
        }
        r.on(ScansQuery.self) { [self] m, _ in try scans(m) }
        r.on(InventoryQuery.self) { [self] m, _ in try inventory(m) }
        r.on(InventoryCountsQuery.self) { [self] m, _ in try inventoryCounts(m) }
        r.on(FindingsQuery.self) { [self] m, _ in try findings(m) }
        r.on(FindingTallyQuery.self) { [self] m, _ in try tally(m) }
        r.on(EventsPull.self, encodedReply: { [self] m, _ in try eventsPageJSON(m) })
        r.on(ChecksQuery.self) { [self] m, _ in try checks(m) }
        r.on(RecommendationsQuery.self) { [self] m, _ in try recommendations(m) }
        r.on(DiffQuery.self) { [self] m, _ in try diff(m) }
        return r
    }

    // MARK: ingest

    /// Validates, then commits the batch in one transaction, then acknowledges. A batch already committed
    /// is acknowledged as a duplicate without being applied again.
    public func ingest(_ b: IngestBatch) throws -> BatchAck {
        let problems = BatchValidator.problems(b)
        guard problems.isEmpty else { throw WireError.batchInvalid(problems) }
        let now = clock()
        let ack = try store.store.write { db -> BatchAck in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM batches WHERE scan_id = ? AND batch_seq = ?",
                                 arguments: [b.scanID, b.batchSeq]) == true {
                return BatchAck(scanID: b.scanID, batchSeq: b.batchSeq, duplicate: true)
            }
            if let scan = try Row.fetchOne(db, sql: "SELECT provider, account, state FROM scans WHERE id = ?",
                                           arguments: [b.scanID]) {
                let provider: String = scan["provider"], account: String = scan["account"], state: String = scan["state"]
                guard provider == b.provider, account == b.account else {
                    throw WireError.scanMismatch(
                        "scan \(b.scanID) belongs to \(provider)/\(account), the batch says \(b.provider)/\(b.account)")
                }
                guard state != ScanState.sealed.rawValue else { throw WireError.scanSealed(b.scanID, batchSeq: b.batchSeq) }
            } else {
                try db.execute(sql: "INSERT INTO scans (id, provider, account, state, started) VALUES (?, ?, ?, 'collecting', ?)",
                               arguments: [b.scanID, b.provider, b.account, now.timeIntervalSince1970])
            }
            for r in b.resources { try Rows.upsert(r, scanID: b.scanID, now: now, db) }
            try db.execute(sql: "INSERT INTO batches (scan_id, batch_seq, resource_count, received) VALUES (?, ?, ?, ?)",
                           arguments: [b.scanID, b.batchSeq, b.resources.count, now.timeIntervalSince1970])
            return BatchAck(scanID: b.scanID, batchSeq: b.batchSeq, duplicate: false)
        }
        logger.debug("batch committed", metadata: ["scan.id": "\(b.scanID)", "batch.seq": "\(b.batchSeq)",
                                                   "batch.duplicate": "\(ack.duplicate)"])
        return ack
    }

    // MARK: seal

    /// Seals the scan when every batch `0..<totalBatches` is committed (else reports the missing ones),
    /// evaluating the benchmark in the same transaction. Sealing a sealed scan returns its stored summary.
    public func seal(_ s: SealScan) throws -> SealResult {
        guard !s.scanID.isEmpty, !s.account.isEmpty, !s.provider.isEmpty, s.totalBatches >= 0 else {
            throw WireError.sealInvalid("scanID, provider and account must be non-empty and totalBatches >= 0")
        }
        let now = clock()
        let result = try store.store.write { db -> SealResult in
            let row = try Row.fetchOne(db, sql: "SELECT provider, account, state, summary FROM scans WHERE id = ?",
                                       arguments: [s.scanID])
            if let row {
                let provider: String = row["provider"], account: String = row["account"]
                guard provider == s.provider, account == s.account else {
                    throw WireError.scanMismatch("scan \(s.scanID) belongs to \(provider)/\(account), the seal says \(s.provider)/\(s.account)")
                }
                if (row["state"] as String) == ScanState.sealed.rawValue, let text: String = row["summary"] {
                    return SealResult(scanID: s.scanID, sealed: true, missingBatches: [],
                                      summary: try Rows.decode(ScanSummary.self, text))
                }
            }
            let committed = Set(try Int.fetchAll(db, sql: "SELECT batch_seq FROM batches WHERE scan_id = ?",
                                                 arguments: [s.scanID]))
            if let beyond = committed.filter({ $0 >= s.totalBatches }).min() {
                throw WireError.sealInvalid("batch \(beyond) of scan \(s.scanID) was committed but totalBatches is \(s.totalBatches)")
            }
            let missing = (0..<s.totalBatches).lazy.filter { !committed.contains($0) }.prefix(1000)
            if !missing.isEmpty { return SealResult(scanID: s.scanID, sealed: false, missingBatches: Array(missing), summary: nil) }
            if row == nil {
                try db.execute(sql: "INSERT INTO scans (id, provider, account, state, started) VALUES (?, ?, ?, 'collecting', ?)",
                               arguments: [s.scanID, s.provider, s.account, s.startedAt.timeIntervalSince1970])
            }
            let muter = try muterSource()
            var sealer = ScanSealer(benchmark: benchmark, fingerprints: fingerprints, muter: muter, scan: s, now: now,
                                    failpoint: failpoint)
            let summary = try sealer.seal(db, batchesReceived: committed.count)
            return SealResult(scanID: s.scanID, sealed: true, missingBatches: [], summary: summary)
        }
        if let summary = result.summary, result.sealed {
            logger.info("scan sealed", metadata: ["scan.id": "\(s.scanID)", "scan.resources": "\(summary.resourceCount)",
                                                  "scan.findings": "\(summary.findingCounts)"])
        }
        return result
    }
}
