/// A regular expression compiled once, at load, that must match a WHOLE value (`wholeMatch`: implicitly
/// anchored at both ends, so `sg-1` never matches inside `sg-12` and `a|b` means exactly `a` or `b`).
/// Syntax: Swift Regex (PCRE/ICU-style: classes, `+`, `{n,m}`, groups, `(?i)` for case-insensitive).
///
/// `@unchecked Sendable`: `Regex<AnyRegexOutput>` is only non-Sendable because its match *output* may hold
/// `Any`; we never hand out outputs, only a Bool. The regex itself is immutable once its program is lowered,
/// which `init` forces before the value can be shared.
final class MuteRegex: @unchecked Sendable {
    private let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws(MutePattern.Invalid) {
        do {
            regex = try Regex(source)
        } catch {
            throw MutePattern.Invalid(message: "regex '\(source)' does not compile: \(error)")
        }
        _ = wholeMatches("")  // lower the program now, at load, not on the first finding
    }

    @inline(__always)
    func wholeMatches(_ value: String) -> Bool {
        (try? regex.wholeMatch(in: value)) != nil
    }
}
