import Foundation

/// Governance progress at `generatedAt`: assignments counted per owner and per rule, and the failing findings no
/// rule or owner took. Codable, so the CLI prints it as a table, JSON or CSV.
public struct GovernanceReport: Codable, Sendable, Hashable {
    /// One owner's or one rule's assignments by outcome.
    public struct Row: Codable, Sendable, Hashable {
        /// The owner, the rule id, `GovernanceReport.manualRule` for assignments made by hand, or `total`.
        public var key: String
        /// Completed by the due date.
        public var completedOnTime: Int
        /// Completed after the due date.
        public var completedLate: Int
        /// Open and not yet past due.
        public var openOnTime: Int
        /// Open and past due.
        public var overdue: Int
        /// Failing findings with no open assignment (only in `totals`: they have no owner or rule).
        public var unassigned: Int

        public init(key: String, completedOnTime: Int = 0, completedLate: Int = 0, openOnTime: Int = 0,
                    overdue: Int = 0, unassigned: Int = 0) {
            self.key = key
            self.completedOnTime = completedOnTime
            self.completedLate = completedLate
            self.openOnTime = openOnTime
            self.overdue = overdue
            self.unassigned = unassigned
        }

        public var completed: Int { completedOnTime + completedLate }
        public var open: Int { openOnTime + overdue }

        public mutating func count(_ a: GovernanceAssignment, now: Date) {
            switch (a.state, a.completedOnTime) {
            case (.completed, true?): completedOnTime += 1
            case (.completed, _): completedLate += 1
            case (.open, _): if a.isOverdue(at: now) { overdue += 1 } else { openOnTime += 1 }
            }
        }
    }

    /// The `Row.key` of assignments made by hand in `byRule`.
    public static let manualRule = "(manual)"

    public var generatedAt: Date
    /// Sorted by owner.
    public var byOwner: [Row]
    /// Sorted by rule id, manual assignments last.
    public var byRule: [Row]
    /// Every assignment, plus the unassigned failing findings (key `total`).
    public var totals: Row

    public init(generatedAt: Date, byOwner: [Row], byRule: [Row], totals: Row) {
        self.generatedAt = generatedAt
        self.byOwner = byOwner
        self.byRule = byRule
        self.totals = totals
    }
}
