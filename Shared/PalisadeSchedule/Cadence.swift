import Foundation

/// When a schedule runs: every fixed interval, or at the minutes a cron expression names (UTC).
public enum Cadence: Sendable, Hashable, CustomStringConvertible {
    case every(seconds: Int)
    case cron(CronExpression)

    /// The first run due after a run that started at `lastStart`; for a schedule that never ran, the first run
    /// after it was first seen (`every` runs at once, cron at its next matching minute).
    public func due(lastStart: Date?, firstSeen: Date) -> Date? {
        switch self {
        case .every(let seconds): return lastStart.map { $0.addingTimeInterval(TimeInterval(seconds)) } ?? firstSeen
        case .cron(let expr): return expr.next(after: lastStart ?? firstSeen)
        }
    }

    public var description: String {
        switch self {
        case .every(let s): return "every \(Self.format(seconds: s))"
        case .cron(let c): return "cron \(c.text)"
        }
    }

    /// `90` → `1m30s`, `21600` → `6h`.
    public static func format(seconds: Int) -> String {
        var rest = seconds
        var out = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out.isEmpty ? "0s" : out
    }

    /// `6h`, `30m`, `1h30m`, `45s`, `1d`, or a bare number of seconds; nil when it is none of those.
    public static func parseInterval(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Int(t) { return n }
        var total = 0
        var number = ""
        var sawUnit = false
        for ch in t {
            if ch.isNumber { number.append(ch); continue }
            guard let n = Int(number) else { return nil }
            switch ch {
            case "d": total += n * 86_400
            case "h": total += n * 3_600
            case "m": total += n * 60
            case "s": total += n
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        return number.isEmpty && sawUnit ? total : nil
    }
}
