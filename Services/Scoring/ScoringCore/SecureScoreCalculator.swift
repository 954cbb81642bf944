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
        score(scanID: scanID, tallies: tallies(findings), controls: controls, at: now)
    }

    /// The same score from per-control counts (`FindingTallyQuery`, counted by the assessor).
    public static func score(
        scanID: String, tallies: [ControlTally], controls: [Control] = Control.benchmark, at now: Date
    ) -> SecureScore {
        let byControl = Dictionary(tallies.map { ($0.controlID, $0) }, uniquingKeysWith: { a, _ in a })
        var scores: [ControlScore] = []
        for control in controls {
            let t = byControl[control.id] ?? ControlTally(controlID: control.id)
            let counted = t.healthy + t.unhealthy
            let current = counted == 0 ? 0 : Double(control.maxPoints) * Double(t.healthy) / Double(counted)
            scores.append(ControlScore(controlID: control.id, name: control.name, maxPoints: control.maxPoints,
                                       healthy: t.healthy, unhealthy: t.unhealthy, notEvaluated: t.notEvaluated,
                                       current: current))
        }
        let counted = scores.filter { $0.healthy + $0.unhealthy > 0 }
        let current = counted.map(\.current).reduce(0, +)
        let max = Double(counted.map(\.maxPoints).reduce(0, +))
        let percentage = max > 0 ? current / max * 100 : 0
        return SecureScore(scanID: scanID, computedAt: now, current: current, max: max, percentage: percentage,
                           controls: scores)
    }

    /// Per control and resource, the findings merged (fail wins, then error, then pass), then counted.
    public static func tallies(_ findings: [Finding]) -> [ControlTally] {
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
        return perControl.keys.sorted().map { id in
            var t = ControlTally(controlID: id)
            for state in perControl[id]!.values {
                switch state {
                case .healthy: t.healthy += 1
                case .unhealthy: t.unhealthy += 1
                case .notEvaluated: t.notEvaluated += 1
                case .none: break
                }
            }
            return t
        }
    }

    /// Findings whose control is not in the benchmark: they cannot be scored (reported, not guessed).
    public static func unscoredControls(_ findings: [Finding], controls: [Control] = Control.benchmark) -> [String] {
        unscoredControls(Set(findings.map(\.controlID)), controls: controls)
    }

    /// Control ids outside the benchmark, from the ids the findings name.
    public static func unscoredControls(_ ids: Set<String>, controls: [Control] = Control.benchmark) -> [String] {
        ids.subtracting(Set(controls.map(\.id))).sorted()
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
