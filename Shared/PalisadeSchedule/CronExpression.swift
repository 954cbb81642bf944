import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC.
///
/// Each field takes `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, and comma lists of those; months and
/// weekdays also take names (`jan`…`dec`, `sun`…`sat`; 0 and 7 are Sunday). As in Vixie cron, when both day fields
/// are restricted a day matches if either does. `@hourly`, `@daily`, `@weekly`, `@monthly` are shorthands.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let domRestricted: Bool
    let dowRestricted: Bool

    public var description: String { text }

    /// A field that cannot be read: which one (1-based, nil for the whole expression) and why.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: Int?
        public var message: String
        public var description: String { message }
    }

    static let shorthands = ["@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                             "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *",
                             "@annually": "0 0 1 1 *"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(field: nil, message: "a cron expression has 5 fields (minute hour day-of-month month "
                + "day-of-week), e.g. \"0 */6 * * *\"; '\(trimmed)' has \(fields.count)")
        }
        self.text = trimmed
        minutes = try Self.field(fields[0], index: 1, name: "minute", range: 0...59)
        hours = try Self.field(fields[1], index: 2, name: "hour", range: 0...23)
        daysOfMonth = try Self.field(fields[2], index: 3, name: "day-of-month", range: 1...31)
        months = try Self.field(fields[3], index: 4, name: "month", range: 1...12, names: Self.monthNames, nameBase: 1)
        let dow = try Self.field(fields[4], index: 5, name: "day-of-week", range: 0...7, names: Self.dayNames, nameBase: 0)
        daysOfWeek = Set(dow.map { $0 == 7 ? 0 : $0 })
        domRestricted = fields[2] != "*"
        dowRestricted = fields[4] != "*"
    }

    private static func field(_ text: String, index: Int, name: String, range: ClosedRange<Int>,
                              names: [String] = [], nameBase: Int = 0) throws(ParseError) -> Set<Int> {
        func fail(_ why: String) -> ParseError {
            ParseError(field: index, message: "cron field \(index) (\(name)) '\(text)': \(why)")
        }
        func value(_ s: Substring) throws(ParseError) -> Int {
            if let v = Int(s) {
                guard range.contains(v) else { throw fail("\(v) is outside \(range.lowerBound)-\(range.upperBound)") }
                return v
            }
            if let i = names.firstIndex(of: s.lowercased()) { return i + nameBase }
            throw fail("'\(s)' is not a number" + (names.isEmpty ? "" : " or a name (\(names.joined(separator: ",")))"))
        }
        var out = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw fail("an empty list entry") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fail("more than one '/'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw fail("the step after '/' must be a positive number") }
                step = s
            }
            let base = pieces[0]
            var lo: Int, hi: Int
            if base == "*" {
                lo = range.lowerBound
                hi = range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                lo = try value(base[..<dash])
                hi = try value(base[base.index(after: dash)...])
                guard lo <= hi else { throw fail("the range \(lo)-\(hi) runs backwards") }
            } else {
                lo = try value(base)
                hi = pieces.count == 2 ? range.upperBound : lo
            }
            out.formUnion(stride(from: lo, through: hi, by: step))
        }
        return out
    }

    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// The first matching minute strictly after `date`; nil when none comes within eight years (e.g. `0 0 30 2 *`).
    public func next(after date: Date) -> Date? {
        let cal = Self.utc
        var c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        c.second = 0
        guard var t = cal.date(from: c) else { return nil }
        t = t.addingTimeInterval(60)
        let limit = date.addingTimeInterval(8 * 366 * 86_400)
        while t <= limit {
            let p = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: t)
            guard let month = p.month, let day = p.day, let hour = p.hour, let minute = p.minute,
                  let weekday = p.weekday, let year = p.year else { return nil }
            if !months.contains(month) {
                // First minute of the next month.
                t = cal.date(from: DateComponents(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1,
                                                  day: 1, hour: 0, minute: 0))!
                continue
            }
            if !dayMatches(day: day, weekday: weekday - 1) {
                t = cal.date(from: DateComponents(year: year, month: month, day: day, hour: 0, minute: 0))!
                    .addingTimeInterval(86_400)
                continue
            }
            if !hours.contains(hour) {
                t = cal.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: 0))!
                    .addingTimeInterval(3_600)
                continue
            }
            if !minutes.contains(minute) {
                t = t.addingTimeInterval(60)
                continue
            }
            return t
        }
        return nil
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        switch (domRestricted, dowRestricted) {
        case (true, true): return daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): return daysOfMonth.contains(day)
        case (false, true): return daysOfWeek.contains(weekday)
        case (false, false): return true
        }
    }
}
