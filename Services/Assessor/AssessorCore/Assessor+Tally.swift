import Foundation
import GRDB
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

extension Assessor {
    /// The account's current findings counted in SQL: per control, each resource's state merged over the control's
    /// findings (fail 3 > error 2 > pass 1, the order `SecureScoreCalculator` merges in); per check, findings by
    /// status. Retired findings (`notApplicable`, `resolved`) are left out as every other query leaves them out.
    public func tally(_ q: FindingTallyQuery) throws -> FindingTally {
        try store.store.read { db in
            var controls: [String: ControlTally] = [:]
            let perControl = try Row.fetchCursor(db, sql: """
                SELECT control_id, state, COUNT(*) AS n FROM (
                    SELECT control_id, MAX(CASE status WHEN 'fail' THEN 3 WHEN 'error' THEN 2 ELSE 1 END) AS state
                    FROM findings WHERE account = ? AND status IN ('pass', 'fail', 'error')
                    GROUP BY control_id, resource_id)
                GROUP BY control_id, state
                """, arguments: [q.account])
            while let row = try perControl.next() {
                let id: String = row["control_id"]
                var t = controls[id] ?? ControlTally(controlID: id)
                let n: Int = row["n"]
                switch row["state"] as Int {
                case 3: t.unhealthy += n
                case 2: t.notEvaluated += n
                default: t.healthy += n
                }
                controls[id] = t
            }
            var checks: [String: CheckTally] = [:]
            let perCheck = try Row.fetchCursor(db, sql: """
                SELECT check_id, control_id, status, COUNT(*) AS n FROM findings
                WHERE account = ? AND NOT (lifecycle = 'resolved' AND status = 'notApplicable')
                GROUP BY check_id, control_id, status
                """, arguments: [q.account])
            while let row = try perCheck.next() {
                let id: String = row["check_id"]
                guard let status = FindingStatus(rawValue: row["status"]) else { continue }
                var t = checks[id] ?? CheckTally(checkID: id, controlID: row["control_id"], counts: [:])
                t.counts[status, default: 0] += row["n"] as Int
                checks[id] = t
            }
            return FindingTally(controls: controls.values.sorted { $0.controlID < $1.controlID },
                                checks: checks.values.sorted { $0.checkID < $1.checkID })
        }
    }
}
