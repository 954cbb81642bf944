import Foundation
import PalisadeProtocol

/// Several accounts as one secure score, the way Defender for Cloud combines subscriptions: each account's score
/// weighted by its number of resources, `Σ(percentage × resources) / Σ resources`. An account whose score assessed
/// nothing (`max == 0`) or whose scan counted no resources carries no weight; with no weight at all there is no
/// combined score (nil), rather than a 0 % that would read as "everything fails".
public enum ScoreCombination {
    public static func combine(_ latest: [ScorePoint], at time: Date? = nil) -> CombinedScore? {
        let weighed = latest.filter { $0.max > 0 && $0.resourceCount > 0 }
        let resources = weighed.map(\.resourceCount).reduce(0, +)
        guard resources > 0 else { return nil }
        let sum = weighed.map { $0.percentage * Double($0.resourceCount) }.reduce(0, +)
        return CombinedScore(time: time ?? latest.map(\.time).max()!, percentage: sum / Double(resources),
                             resourceCount: resources,
                             scans: Dictionary(weighed.map { ($0.account, $0.scanID) }, uniquingKeysWith: { _, b in b }))
    }

    /// At each point's time (every account's points merged, oldest first), each account's latest point at or before
    /// that time, combined. Points at the same time make one combined point.
    public static func series(_ points: [ScorePoint]) -> [CombinedScore] {
        let ordered = points.sorted { ($0.time, $0.scanID) < ($1.time, $1.scanID) }
        var latest: [String: ScorePoint] = [:]
        var out: [CombinedScore] = []
        for (i, p) in ordered.enumerated() {
            latest[p.account] = p
            if i + 1 < ordered.count, ordered[i + 1].time == p.time { continue }
            if let c = combine(Array(latest.values), at: p.time) { out.append(c) }
        }
        return out
    }
}
