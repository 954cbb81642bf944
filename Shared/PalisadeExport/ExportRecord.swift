import Foundation
import PalisadeModel

/// One thing Palisade tells the outside world — a change as it happens, or one row of a scheduled snapshot — as the
/// export service's outbox stores it and every sink and automation reads it.
///
/// `key` is stable across redeliveries: a sink that is retried sends the same record under the same key, so a
/// receiver that remembers keys sees each change once (at-least-once delivery, deduplicated by key).
public struct ExportRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A finding failed for the first time (lifecycle `new`).
        case findingNew = "finding.new"
        /// A resolved finding failed again.
        case findingReopened = "finding.reopened"
        /// A finding's status or reason changed otherwise (error ↔ fail, a new reason, unmuted).
        case findingChanged = "finding.changed"
        /// A finding stopped failing (pass, not applicable, or its resource is gone).
        case findingResolved = "finding.resolved"
        /// A finding was muted by a mute rule.
        case findingMuted = "finding.muted"
        /// An account's secure score changed (some control by ≥ 0.01 points). `data`: scoring's `ScoreChanged`.
        case scoreChanged = "score.changed"
        /// A compliance requirement changed state. `data`: `ComplianceChange`.
        case complianceChanged = "compliance.changed"
        /// The graph found a new attack path. `data`: the path's summary (id, title, risk, entry, target, steps).
        case attackPathNew = "attackpath.new"
        /// An attack path is no longer found. `data`: as for `attackpath.new`.
        case attackPathResolved = "attackpath.resolved"
        /// Governance: an assignment was made, changed, completed, or passed its due date. `data`: `GovernanceChange`.
        case governanceAssigned = "governance.assigned"
        case governanceReassigned = "governance.reassigned"
        case governanceCompleted = "governance.completed"
        case governanceOverdue = "governance.overdue"
        /// One current finding in a scheduled full snapshot (`snapshot` is true).
        case snapshotFinding = "snapshot.finding"

        public var isFinding: Bool {
            switch self {
            case .findingNew, .findingReopened, .findingChanged, .findingResolved, .findingMuted, .snapshotFinding:
                return true
            default: return false
            }
        }
    }

    /// Position in the export service's outbox (0 before it is stored). Increases with every record.
    public var seq: Int64
    /// Stable identity of this change, e.g. `finding/<finding id>/v<version>`, `score/<scoring seq>`.
    public var key: String
    public var kind: Kind
    /// When the change happened (the finding's last seen, the score's computation, the overdue tick).
    public var time: Date
    public var provider: String
    public var account: String
    /// The finding's or path's severity; nil for records without one (score, compliance, governance).
    public var severity: Severity?
    /// One line a person reads: the finding's title, "Secure score 71.2 % → 64.0 %", the path's title.
    public var title: String
    /// The finding itself for `finding.*` and `snapshot.finding`.
    public var finding: Finding?
    /// The kind's own document (see `Kind`); `.null` for findings.
    public var data: JSONValue
    /// True for a row of a full snapshot rather than a change.
    public var snapshot: Bool

    public init(seq: Int64 = 0, key: String, kind: Kind, time: Date, provider: String, account: String,
                severity: Severity?, title: String, finding: Finding? = nil, data: JSONValue = .null,
                snapshot: Bool = false) {
        self.seq = seq
        self.key = key
        self.kind = kind
        self.time = time
        self.provider = provider
        self.account = account
        self.severity = severity
        self.title = title
        self.finding = finding
        self.data = data
        self.snapshot = snapshot
    }
}
