import Foundation
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol

/// Compliance history: on each `scan.sealed` / `scan.rescored`, the account's finding counts per check mapped through
/// every standard the account has on (attestations in force applied), committed with its own cursor and a
/// `compliance.changed` event per requirement whose state moved. Redelivered events at or below the cursor are skipped.
public struct ComplianceConsumer: Sendable {
    let store: ScoringStore
    let benchmark: Benchmark
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: ScoringStore, benchmark: Benchmark, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.benchmark = benchmark
        self.sender = sender
        self.logger = logger
        self.now = now
    }

    public static let eventTypes = [EventType.scanSealed, EventType.scanRescored]

    public func cursor() throws -> Int64 { try store.complianceCursor() }

    public func apply(_ events: [EventRecord]) async throws {
        try await SealedScanPage.process(events, after: try cursor(), types: Set(Self.eventTypes), undecodable: { event, error in
            logger.error("\(event.type) payload did not decode; skipping",
                         metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
        }, apply: { seq, summary in
            let tally = try await sender.call(FindingTallyQuery(account: summary.account), timeout: .seconds(120))
            let at = now()
            let assessed = try ComplianceAssessment.standards(benchmark: benchmark, store: store,
                                                              account: summary.account, tallies: tally.checks, at: at)
            let changes = try store.commitCompliance(assessed, account: summary.account, scanID: summary.scanID,
                                                     seq: seq, at: at)
            logger.info("compliance assessed", metadata: ["scan.id": "\(summary.scanID)",
                                                          "standards": "\(assessed.count)", "changes": "\(changes.count)"])
        }, advance: { try store.advanceCompliance(to: $0) })
    }
}

/// The standards an account has on, assessed from its check tallies with its attestations in force.
enum ComplianceAssessment {
    static func standards(benchmark: Benchmark, store: ScoringStore, account: String, tallies: [CheckTally],
                          only: String? = nil, at now: Date) throws -> [StandardCompliance] {
        let off = try store.disabledStandards(account: account)
        let attestations = try store.attestationsInForce(account: account, at: now)
        return benchmark.standards.filter { !off.contains($0.id) && (only == nil || $0.id == only) }.map {
            ComplianceCalculator.assess($0, benchmark: benchmark, tallies: tallies, attestations: attestations)
        }
    }
}
