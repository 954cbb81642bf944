import Foundation
import PalisadeModel

/// Decides a finding's next state from its previous state and a new evaluation (pure).
///
/// Lifecycle: `new` on first sight; `resolved` when a failing finding passes, stops applying or its resource
/// is retired (and stays resolved while it keeps passing); `reopened` when a resolved finding fails again;
/// `persisting` otherwise. The version bumps whenever status or reason changes; only then (or when new)
/// is the change reported.
enum FindingReconciler {
    struct Evaluation {
        var status: FindingStatus
        var reason: String
    }

    static func next(previous: Finding?, template: Finding, evaluation: Evaluation, scanID: String, now: Date)
        -> (finding: Finding, changed: Bool)
    {
        var f = template
        f.status = evaluation.status
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
        let changed = previous.status != f.status || previous.reason != f.reason
        f.version = changed ? previous.version + 1 : previous.version
        switch f.status {
        case .fail:
            f.lifecycle = previous.lifecycle == .resolved ? .reopened : .persisting
        case .pass, .notApplicable:
            f.lifecycle = previous.status == .fail || previous.lifecycle == .resolved ? .resolved : .persisting
        case .error, .muted:
            f.lifecycle = .persisting
        }
        return (f, changed)
    }
}
