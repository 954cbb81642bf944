import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// On each `scan.sealed`, and each `scan.rescored` (the scan's findings changed after the seal: the security
/// graph's verdicts arrived): fetch the account's finding counts (`FindingTallyQuery`), compute the secure score, commit it with the cursor
/// (replacing the scan's earlier score). Events at or below the committed cursor are skipped (redelivery changes
/// nothing).
public struct ScoringConsumer: Sendable {
    let store: ScoringStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date
    /// With governance: a seal is scored once governance has decided its findings, and findings in a grace period
    /// do not count against the score (nil: the plain formula).
    let grace: GovernanceRescorer?

    public init(store: ScoringStore, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }, grace: GovernanceRescorer? = nil) {
        self.grace = grace
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
    }

    /// The only event types scoring reads (the pull asks the assessor for these alone).
    public static let eventTypes = [EventType.scanSealed, EventType.scanRescored]

    public func cursor() throws -> Int64 { try store.position().cursor }

    public func apply(_ events: [EventRecord]) async throws {
        try await SealedScanPage.process(events, after: try cursor(), types: Set(Self.eventTypes),
                                         undecodable: { event, error in
            logger.error("\(event.type) payload did not decode; skipping",
                         metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
        }, apply: { seq, summary in
            // Counts, not findings: the reply is the size of the benchmark whatever the account's size.
            if grace != nil, try store.governanceCursor() < seq, try store.graceInUse() {
                // Retried by the puller: governance is still reading the scan's findings.
                throw WireError(code: "scoring.governance.behind",
                                message: "governance has not yet decided the findings of scan \(summary.scanID)", retryable: true)
            }
            let tally = try await sender.call(FindingTallyQuery(account: summary.account), timeout: .seconds(120))
            let score = try grace?.score(scanID: summary.scanID, tallies: tally.controls, account: summary.account)
                ?? SecureScoreCalculator.score(scanID: summary.scanID, tallies: tally.controls, at: now())
            let unscored = SecureScoreCalculator.unscoredControls(Set(tally.checks.map(\.controlID)))
            if !unscored.isEmpty {
                logger.warning("findings name controls outside the benchmark; not scored",
                               metadata: ["scan.id": "\(summary.scanID)", "controls": "\(unscored)"])
            }
            try store.commit(score, account: summary.account, seq: seq, summary: summary)
            logger.info("scan scored", metadata: [
                "scan.id": "\(summary.scanID)", "score.percentage": "\(score.percentage)",
                "score.empty": "\(SecureScoreCalculator.isEmpty(score))",
            ])
        }, advance: { try store.advance(to: $0) })
    }
}
