import Foundation
import PalisadeModel

/// Small text helpers the formats share: timestamps and length limits.
enum FormatText {
    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC (RFC 3339 / ISO 8601 with milliseconds, rounded down).
    static func iso8601(_ d: Date) -> String {
        let ms = Int64((d.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let fraction = ms - seconds * 1000
        let quoted = String(decoding: JSONText.iso8601(seconds), as: UTF8.self)  // "yyyy-MM-ddTHH:mm:ssZ"
        let whole = quoted.dropFirst().dropLast(2)
        let digits = String(fraction)
        return "\(whole).\(String(repeating: "0", count: 3 - digits.count))\(digits)Z"
    }

    /// OCSF timestamp: epoch milliseconds.
    static func millis(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }

    /// At most `limit` characters; a cut text ends with "…".
    static func truncated(_ s: String, to limit: Int) -> String {
        guard s.count > limit else { return s }
        return String(s.prefix(limit - 1)) + "…"
    }

    /// Never empty (formats that require a non-blank string get `fallback`).
    static func nonBlank(_ s: String, _ fallback: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? fallback : s
    }
}

extension JSONValue {
    static func int(_ n: Int) -> JSONValue { .number(Double(n)) }
    static func int64(_ n: Int64) -> JSONValue { .number(Double(n)) }
}
