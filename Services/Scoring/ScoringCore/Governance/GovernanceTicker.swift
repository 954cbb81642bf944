import Foundation
import GRDB
import Logging
import PalisadeGovernance
import PalisadeModel
import PalisadeStore
import ServiceLifecycle

/// Once a second: open assignments whose due date passed since the previous look become `governance.overdue` events
/// (exactly once each: the time of the look is committed with them), and accounts whose grace period ended on some
/// finding are re-scored — an overdue finding counts against the secure score.
public struct GovernanceTicker: Service {
    let store: ScoringStore
    let rescorer: GovernanceRescorer
    let logger: Logger
    let now: @Sendable () -> Date
    let interval: Duration

    public init(store: ScoringStore, rescorer: GovernanceRescorer, logger: Logger, interval: Duration = .seconds(1),
                now: @escaping @Sendable () -> Date) {
        self.store = store
        self.rescorer = rescorer
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await step() } catch {
                    logger.warning("governance overdue check failed; trying again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One look; returns the assignments that became overdue.
    @discardableResult
    public func step() async throws -> [GovernanceAssignment] {
        let at = now()
        let overdue: [GovernanceAssignment] = try store.store.write { db in
            guard let last = try store.overdueCheckedAt(db) else {
                // First look ever: anything already past due was never reported; report it now.
                let due = try store.openDue(db, from: .distantPast, to: at).filter { GovernanceClock.isOverdue($0, now: at) }
                for a in due { try EventLog.append(db, type: GovernanceEvents.overdue, payload: GovernanceChange(assignment: a), at: at) }
                try store.setOverdueCheckedAt(db, at)
                return due
            }
            guard at > last else { return [] }
            let due = GovernanceClock.overdue(try store.openDue(db, from: last, to: at), since: last, now: at)
            for a in due { try EventLog.append(db, type: GovernanceEvents.overdue, payload: GovernanceChange(assignment: a), at: at) }
            try store.setOverdueCheckedAt(db, at)
            return due
        }
        let graceEnded = Set(overdue.filter(\.gracePeriod).map(\.account))
        if !graceEnded.isEmpty {
            logger.info("governance grace ended; re-scoring", metadata: ["accounts": "\(graceEnded.sorted())",
                                                                         "overdue.count": "\(overdue.count)"])
            try await rescorer.rescore(accounts: graceEnded)
        }
        return overdue
    }
}
