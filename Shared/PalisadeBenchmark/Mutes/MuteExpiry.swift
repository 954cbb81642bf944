import Foundation
import PalisadeModel

/// Parses a rule's `expires`: a date `YYYY-MM-DD` (the rule lasts through the end of that day UTC) or an
/// ISO 8601 date-time with an explicit zone, `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`. Pure arithmetic, no
/// locale or calendar settings involved.
enum MuteExpiry {
    /// The instant the rule stops applying, or a message saying what is wrong.
    static func parse(_ text: String) -> Result<Date, MutePattern.Invalid> {
        let s = Array(text.utf8)
        func fail(_ why: String) -> Result<Date, MutePattern.Invalid> {
            .failure(.init(message: "expires '\(text)' \(why): write a date like 2027-03-31 (through the end of that "
                + "day UTC) or a date-time with a zone like 2027-03-31T18:00:00Z"))
        }
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= s.count else { return nil }
            var n = 0
            for k in i..<(i + digits) {
                guard s[k] >= 0x30, s[k] <= 0x39 else { return nil }
                n = n * 10 + Int(s[k] - 0x30)
            }
            i += digits
            return n
        }
        func expect(_ c: Character) -> Bool {
            guard i < s.count, s[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else {
            return fail("is not a date")
        }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else {
            return fail("is not a real calendar date")
        }
        let dayStart = Double(CivilDate.daysFromCivil(year: year, month: month, day: day)) * 86_400
        if i == s.count { return .success(Date(timeIntervalSince1970: dayStart + 86_400)) }

        guard expect("T") || expect("t") else { return fail("has unexpected text after the date") }
        guard let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60 else {
            return fail("has an invalid time")
        }
        var seconds = 0.0
        if expect(":") {
            guard let sec = number(2), sec < 60 else { return fail("has invalid seconds") }
            seconds = Double(sec)
            if expect(".") {
                var scale = 0.1
                let start = i
                while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                    seconds += Double(s[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return fail("has an invalid fraction of a second") }
            }
        }
        var offset = 0
        if expect("Z") || expect("z") {
            offset = 0
        } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2), expect(":"), let om = number(2), oh < 24, om < 60 else {
                return fail("has an invalid zone offset")
            }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return fail("has no time zone (add Z for UTC or an offset like +02:00)")
        }
        guard i == s.count else { return fail("has unexpected text at the end") }
        let t = dayStart + Double(hour * 3600 + minute * 60) + seconds - Double(offset)
        return .success(Date(timeIntervalSince1970: t))
    }

    /// `2027-04-01T00:00:00Z` (UTC, whole seconds).
    static func format(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(t) / 86_400).rounded(.down))
        let secs = t - days * 86_400
        let (y, m, d) = CivilDate.civilFromDays(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }
}
