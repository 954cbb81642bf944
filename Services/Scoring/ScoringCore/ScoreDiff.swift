import Foundation
import PalisadeModel
import PalisadeProtocol

/// What moved between two scores of one account, as pure functions of the scores and of the assessor's
/// `finding.changed` events between them.
public enum ScoreDiff {
    /// Controls whose current points (by at least 0.01) or healthy/unhealthy counts changed, largest point change
    /// first (then the larger count change, then id).
    public static func controls(from old: SecureScore, to new: SecureScore) -> [ControlChange] {
        let before = Dictionary(old.controls.map { ($0.controlID, $0) }, uniquingKeysWith: { a, _ in a })
        let changes = new.controls.compactMap { c -> ControlChange? in
            let o = before[c.controlID]
            let change = ControlChange(controlID: c.controlID, name: c.name, maxPoints: c.maxPoints,
                                       oldCurrent: o?.current ?? 0, newCurrent: c.current,
                                       oldHealthy: o?.healthy ?? 0, newHealthy: c.healthy,
                                       oldUnhealthy: o?.unhealthy ?? 0, newUnhealthy: c.unhealthy)
            let moved = abs(change.delta) >= ScoreChange.threshold || change.oldHealthy != change.newHealthy
                || change.oldUnhealthy != change.newUnhealthy
            return moved ? change : nil
        }
        func counts(_ c: ControlChange) -> Int { abs(c.newHealthy - c.oldHealthy) + abs(c.newUnhealthy - c.oldUnhealthy) }
        return changes.sorted {
            abs($0.delta) != abs($1.delta) ? abs($0.delta) > abs($1.delta)
                : counts($0) != counts($1) ? counts($0) > counts($1) : $0.controlID < $1.controlID
        }
    }

    /// Collects, from pages of `finding.changed` events, the account's findings in `controls`: one entry per
    /// finding (its last change in the window), the old status where the log tells it — the status of an earlier
    /// change in the window, or none for a finding that is new. Keeps at most `limit` entries, counts the rest.
    public struct FindingWindow: Sendable {
        public let account: String
        public let controls: Set<String>
        public let limit: Int
        private var order: [String] = []
        private var byID: [String: FindingChange] = [:]

        public init(account: String, controls: Set<String>, limit: Int) {
            self.account = account
            self.controls = controls
            self.limit = limit
        }

        public mutating func add(_ events: [EventRecord]) {
            for e in events where e.type == EventType.findingChanged {
                guard let f = try? e.decodePayload(Finding.self), f.account == account,
                      controls.contains(f.controlID) else { continue }
                if var known = byID[f.id] {
                    if known.oldStatus == nil && !known.appeared { known.oldStatus = known.newStatus }
                    known.newStatus = f.status
                    known.lifecycle = f.lifecycle
                    byID[f.id] = known
                } else {
                    order.append(f.id)
                    byID[f.id] = FindingChange(findingID: f.id, checkID: f.checkID, controlID: f.controlID,
                                               resourceID: f.resourceID, oldStatus: nil, appeared: f.lifecycle == .new,
                                               newStatus: f.status, lifecycle: f.lifecycle)
                }
            }
        }

        /// Old statuses the log could not tell (a single change in the window, not new), from another source: the
        /// assessor's scan diff (`before` at the earlier scan).
        public mutating func fillOldStatus(_ before: [String: FindingStatus]) {
            for (id, status) in before {
                guard var known = byID[id], known.oldStatus == nil, !known.appeared else { continue }
                known.oldStatus = status
                byID[id] = known
            }
        }

        public var unknownOldStatus: Bool { byID.values.contains { $0.oldStatus == nil && !$0.appeared } }

        /// Findings in the order of the controls' impact, then by status change (failures first), then id.
        public func result(controlOrder: [String]) -> (findings: [FindingChange], more: Int) {
            let rank = Dictionary(controlOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let all = order.compactMap { byID[$0] }.sorted {
                let (a, b) = (rank[$0.controlID] ?? .max, rank[$1.controlID] ?? .max)
                if a != b { return a < b }
                if ($0.newStatus == .fail) != ($1.newStatus == .fail) { return $0.newStatus == .fail }
                return $0.findingID < $1.findingID
            }
            return (Array(all.prefix(limit)), Swift.max(0, all.count - limit))
        }
    }
}
