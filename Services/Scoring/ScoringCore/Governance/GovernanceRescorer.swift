import Foundation
import Logging
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol

/// The secure score with governance grace: findings in a grace period do not count against it until overdue
/// (`GovernanceGrace.adjust` over the assessor's per-control counts). Used when a seal is scored, and to re-score an
/// account's latest scan when its grace state changes between seals (a due date passed, rules applied, an assignment
/// made by hand).
public struct GovernanceRescorer: Sendable {
    let store: ScoringStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: ScoringStore, sender: any RequestSender, logger: Logger, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
    }

    /// The tallies the score is computed from, with the account's in-grace resources counted healthy.
    public func adjusted(_ tallies: [ControlTally], account: String) throws -> [ControlTally] {
        GovernanceGrace.adjust(tallies: tallies, openFailing: try store.graceFailing(account: account, at: now()))
    }

    /// The score of `scanID` from the assessor's counts with grace applied, saying how many resources grace moved.
    public func score(scanID: String, tallies: [ControlTally], account: String) throws -> SecureScore {
        let adjusted = try adjusted(tallies, account: account)
        var score = SecureScoreCalculator.score(scanID: scanID, tallies: adjusted, at: now())
        let moved = tallies.map(\.unhealthy).reduce(0, +) - adjusted.map(\.unhealthy).reduce(0, +)
        score.inGrace = moved > 0 ? moved : nil
        return score
    }

    /// Re-scores the latest scan of each account (the cursor does not move).
    public func rescore(accounts: Set<String>) async throws {
        for account in accounts.sorted() {
            guard let latest = try store.latestScore(account: account) else { continue }
            let tally = try await sender.call(FindingTallyQuery(account: account), timeout: .seconds(120))
            let score = try self.score(scanID: latest.scanID, tallies: tally.controls, account: account)
            try store.commit(score, account: account, seq: latest.seq, moveCursor: false)
            logger.info("re-scored for governance grace", metadata: ["scan.id": "\(latest.scanID)",
                                                                     "score.percentage": "\(score.percentage)"])
        }
    }
}
