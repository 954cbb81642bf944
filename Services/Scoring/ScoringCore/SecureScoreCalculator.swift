import Foundation
import PalisadeModel

/// The Defender-style secure score, as a pure function of one scan's findings.
///
/// Per control and per resource: **unhealthy** when any of its findings in the control is `fail`;
/// **healthy** when all its findings in the control pass; **not evaluated** (not counted) when none
/// fails but at least one is `error` — a resource whose health could not be fully read is not healthy. `muted` and `notApplicable` findings are ignored.
/// A control's current score is `maxPoints × healthy / (healthy + unhealthy)`; a control with no
/// counted resource is left out of the totals. Overall `current = Σcurrent`, `max = Σmax` over the
/// counted controls, `percentage = current / max × 100` — 0 when no control counts (`isEmpty`).
public enum SecureScoreCalculator {
    public static func score(
        scanID: String, findings: [Finding], controls: [Control] = Control.benchmark, at now: Date
    ) -> SecureScore {
        var perControl: [String: [String: ResourceState]] = [:]
        for f in findings {
            let state: ResourceState
            switch f.status {
            case .fail: state = .unhealthy
            case .pass: state = .healthy
            case .error: state = .notEvaluated
            case .muted, .notApplicable: continue
            }
            perControl[f.controlID, default: [:]][f.resourceID, default: .none].merge(state)
        }
        var scores: [ControlScore] = []
        for control in controls {
            let states = perControl[control.id].map { Array($0.values) } ?? []
            let healthy = states.filter { $0 == .healthy }.count
            let unhealthy = states.filter { $0 == .unhealthy }.count
            let notEvaluated = states.filter { $0 == .notEvaluated }.count
            let counted = healthy + unhealthy
            let current = counted == 0 ? 0 : Double(control.maxPoints) * Double(healthy) / Double(counted)
            scores.append(ControlScore(controlID: control.id, name: control.name, maxPoints: control.maxPoints,
                                       healthy: healthy, unhealthy: unhealthy, notEvaluated: notEvaluated,
                                       current: current))
        }
        let counted = scores.filter { $0.healthy + $0.unhealthy > 0 }
        let current = counted.map(\.current).reduce(0, +)
        let max = Double(counted.map(\.maxPoints).reduce(0, +))
        let percentage = max > 0 ? current / max * 100 : 0
        return SecureScore(scanID: scanID, computedAt: now, current: current, max: max, percentage: percentage,
                           controls: scores)
    }

    /// Findings whose control is not in the benchmark: they cannot be scored (reported, not guessed).
    public static func unscoredControls(_ findings: [Finding], controls: [Control] = Control.benchmark) -> [String] {
        let known = Set(controls.map(\.id))
        return Set(findings.map(\.controlID)).subtracting(known).sorted()
    }

    /// True when no control had a counted resource, so `percentage == 0` means "nothing assessed".
    public static func isEmpty(_ score: SecureScore) -> Bool { score.max == 0 }
}

/// One resource's state within one control, merged over its findings: fail wins, then error, then pass.
enum ResourceState: Equatable {
    case none, notEvaluated, healthy, unhealthy

    mutating func merge(_ other: ResourceState) {
        switch (self, other) {
        case (.unhealthy, _), (_, .none): return
        case (_, .unhealthy): self = .unhealthy
        case (_, .notEvaluated): self = .notEvaluated
        case (.none, .healthy): self = .healthy
        default: return
        }
    }
}
