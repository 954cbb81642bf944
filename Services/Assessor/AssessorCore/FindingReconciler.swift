import Foundation
import GRDB
import PalisadeModel

/// Decides a finding's next state from its previous state and a new evaluation (pure).
///
/// Lifecycle (decided on the check's result, muted or not): `new` on first sight; `resolved` when a failing
/// finding passes, stops applying or its resource is retired (and stays resolved while it keeps passing);
/// `reopened` when a resolved finding fails again; `persisting` otherwise. A muted evaluation keeps its result
/// in `result`, gains status `muted` and the rule's id in `mutedBy`. The version bumps whenever status, result,
/// reason or mute rule changes; only then (or when new) is the change reported.
///
/// A finding carried over untouched is not rewritten: `new` and `reopened` are stored with the scan that wrote them
/// and read as `persisting` once a later scan of the account has sealed (`lifecycle(of:latestScan:)`).
enum FindingReconciler {
    struct Evaluation {
        var status: FindingStatus
        var reason: String
        /// The mute rule that matches, if any.
        var mutedBy: String? = nil
    }

    static func next(previous: Finding?, template: Finding, evaluation: Evaluation, scanID: String, now: Date)
        -> (finding: Finding, changed: Bool)
    {
        var f = template
        f.status = evaluation.mutedBy == nil ? evaluation.status : .muted
        f.result = evaluation.mutedBy == nil ? nil : evaluation.status
        f.mutedBy = evaluation.mutedBy
        f.reason = evaluation.reason
        f.scanID = scanID
        f.lastSeen = now
        guard let previous else {
            f.firstSeen = now
            f.version = 1
            f.lifecycle = .new
            return (f, true)
        }
        f.firstSeen = previous.firstSeen
        let changed = previous.status != f.status || previous.reason != f.reason || previous.result != f.result
            || previous.mutedBy != f.mutedBy
        f.version = changed ? previous.version + 1 : previous.version
        let before = previous.result ?? previous.status
        switch evaluation.status {
        case .fail:
            f.lifecycle = previous.lifecycle == .resolved ? .reopened : .persisting
        case .pass, .notApplicable:
            f.lifecycle = before == .fail || previous.lifecycle == .resolved ? .resolved : .persisting
        case .error, .muted:
            f.lifecycle = .persisting
        }
        return (f, changed)
    }

    /// The lifecycle as of now: `new`/`reopened` hold only for the scan that wrote them; once a later scan of the
    /// account has sealed, the finding was carried over: `persisting`.
    static func lifecycle(of f: Finding, latestScan: String?) -> FindingLifecycle {
        guard f.lifecycle == .new || f.lifecycle == .reopened, let latestScan, latestScan != f.scanID else { return f.lifecycle }
        return .persisting
    }

    struct AccountKey: Hashable {
        var provider: String
        var account: String
        init(_ provider: String, _ account: String) {
            self.provider = provider
            self.account = account
        }
    }

    /// The latest sealed scan of every account.
    static func latestSealedScans(_ db: Database) throws -> [AccountKey: String] {
        var out: [AccountKey: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT provider, account, id FROM scans s WHERE state = 'sealed' AND seq = (
                SELECT MAX(seq) FROM scans t WHERE t.provider = s.provider AND t.account = s.account AND t.state = 'sealed')
            """) {
            out[AccountKey(row["provider"], row["account"])] = row["id"]
        }
        return out
    }
}
