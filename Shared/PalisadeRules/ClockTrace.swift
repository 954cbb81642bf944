import Foundation

/// What an evaluation of a clock-reading check (`days_since`) looked at, to say when its result can next change
/// without evaluating it again.
///
/// The language has no arithmetic: a `days_since(d)` value can only reach the result by being compared (`<`, `<=`,
/// `==`, `in` …) with another number `t`, and such a comparison can flip only at the instant `d + t` days. So the
/// result stays the same until the earliest `d + t` still to come, over every date `d` read and every number `t`
/// compared during the evaluation — a superset of the real flip points, so the answer is never late, only sometimes
/// early.
struct ClockTrace {
    var dates: [Date] = []
    var numbers: [Double] = []

    /// Safety net: a date was read but never compared (its value reached the result some other way) — look again
    /// after this long.
    static let fallback: TimeInterval = 86_400

    /// The earliest instant after `now` at which the result may differ; nil when no date was read.
    func nextChange(after now: Date) -> Date? {
        guard !dates.isEmpty else { return nil }
        var earliest: Date?
        for d in dates {
            for t in numbers {
                let flip = d.addingTimeInterval(t * 86_400)
                // A second of slack: the days value itself is among the numbers and lands on `now`.
                if flip.timeIntervalSince(now) > 1, earliest.map({ flip < $0 }) ?? true { earliest = flip }
            }
        }
        return earliest ?? (numbers.isEmpty ? now.addingTimeInterval(Self.fallback) : nil)
    }
}
