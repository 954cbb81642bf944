import ArgumentParser
import Foundation

/// Dates on the command line: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time.
enum CLIDates {
    /// nil when `text` is neither form.
    static func absolute(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if t.count == 10, let d = day.date(from: t) { return d }
        return ISO8601DateFormatter().date(from: t)
    }

    /// The date of `option`, or a validation error naming the accepted forms.
    static func parse(_ text: String, option: String, example: String = "2027-01-31") throws -> Date {
        guard let d = absolute(text) else {
            throw ValidationError("\(option) '\(text)' is not a date; use YYYY-MM-DD (e.g. \(example)) or an ISO 8601 time")
        }
        return d
    }
}
