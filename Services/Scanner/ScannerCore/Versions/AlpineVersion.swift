/// An Alpine package version (`1.2.3b_rc2_p1-r4`), ordered as apk-tools orders it.
///
/// The grammar: digit groups separated by `.`, an optional lower-case letter, any number of suffixes
/// `_alpha`, `_beta`, `_pre`, `_rc` (before the release) or `_cvs`, `_svn`, `_git`, `_hg`, `_p` (after it),
/// each with an optional number, then an optional `-rN` package revision. Anything else — including the
/// empty string — is an `InvalidVersion`. As in apk-tools, a group after the first that starts with `0`
/// is compared by its leading zeros first (`1.01 < 1.1`), and a version that continues where the other
/// ended is newer unless the continuation is a pre-release suffix (`1.0_rc1 < 1.0 < 1.0.1`).
///
/// One deliberate difference from apk-tools 2.x: there a group of only zeros followed by more text
/// (`1.0_rc1`) yields an extra empty digit token, which makes `1.0_rc1` newer than `1.0`. We end the group
/// at its zeros instead, so pre-releases of `X.0` sort before `X.0` as they do for every other release;
/// a fixed version `1.0` therefore still counts `1.0_rc1` as vulnerable.
public struct AlpineVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    private let tokens: [Token]

    public init(parsing text: String) throws(InvalidVersion) {
        guard let tokens = Self.tokenize(Array(text.utf8)) else {
            throw InvalidVersion(scheme: .apk, version: text, reason: "not an apk version (digits[.digits][letter][_suffix[N]][-rN])")
        }
        self.description = text
        self.tokens = tokens
    }

    /// What kind of token comes next; the raw values are apk-tools' token order, which decides who wins
    /// when one version has run out of tokens of the kind the other still has.
    enum Kind: Int, Comparable, Sendable {
        case digitOrZero = 0, digit, letter, suffix, suffixNumber, revision, end
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// The value of one token; `leadingZeros(n)` sorts below every number, more zeros lower.
    enum Value: Comparable, Hashable, Sendable {
        case leadingZeros(Int)
        case number(NaturalNumber)
        case ordinal(Int)

        private var rank: (Int, NaturalNumber) {
            switch self {
            case .leadingZeros(let n): return (-n, .zero)
            case .number(let n): return (0, n)
            case .ordinal(let n): return (n, .zero)
            }
        }
        static func < (a: Value, b: Value) -> Bool {
            let (ra, rb) = (a.rank, b.rank)
            return ra.0 != rb.0 ? ra.0 < rb.0 : ra.1 < rb.1
        }
        var isPreRelease: Bool { if case .ordinal(let n) = self { return n < 0 } else { return false } }
    }

    struct Token: Hashable, Sendable {
        let kind: Kind
        let value: Value
    }

    static let preSuffixes = ["alpha", "beta", "pre", "rc"]
    static let postSuffixes = ["cvs", "svn", "git", "hg", "p"]

    /// Splits into tokens, or nil when apk-tools would call the version invalid.
    static func tokenize(_ s: [UInt8]) -> [Token]? {
        guard !s.isEmpty else { return nil }
        var tokens: [Token] = []
        var kind = Kind.digit
        var i = 0
        while i < s.count {
            var nextKind: Kind? = nil
            let value: Value
            switch kind {
            case .digitOrZero where s[i] == UInt8(ascii: "0"):
                let start = i
                while i < s.count && s[i] == UInt8(ascii: "0") { i += 1 }
                value = .leadingZeros(i - start)
                // The rest of the group, if any digits follow; otherwise the group ends here (see the note above).
                if i < s.count && s[i].isASCIIDigit { nextKind = .digit }
            case .digitOrZero, .digit, .suffixNumber, .revision:
                let start = i
                while i < s.count && s[i].isASCIIDigit { i += 1 }
                guard i > start else { return nil }
                value = .number(NaturalNumber(digits: s[start..<i]))
            case .letter:
                value = .ordinal(Int(s[i]))
                i += 1
            case .suffix:
                guard let (ordinal, length) = suffix(s[i...]) else { return nil }
                value = .ordinal(ordinal)
                i += length
            case .end:
                return nil
            }
            tokens.append(Token(kind: kind, value: value))
            if i == s.count { break }
            if let nextKind {
                kind = nextKind
            } else {
                guard let following = next(after: kind, s, &i) else { return nil }
                kind = following
            }
        }
        return tokens
    }

    /// A suffix name's ordinal (pre-release ones negative) and length.
    private static func suffix(_ s: ArraySlice<UInt8>) -> (Int, Int)? {
        for (n, name) in preSuffixes.enumerated() where s.starts(with: name.utf8) { return (n - preSuffixes.count, name.utf8.count) }
        for (n, name) in postSuffixes.enumerated() where s.starts(with: name.utf8) { return (n, name.utf8.count) }
        return nil
    }

    /// apk-tools' `next_token`: reads the separator (if any) and says what the next token is.
    private static func next(after kind: Kind, _ s: [UInt8], _ i: inout Int) -> Kind? {
        let c = s[i]
        var n: Kind?
        if (kind == .digit || kind == .digitOrZero) && c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") {
            n = .letter
        } else if (kind == .letter || kind == .suffix) && c.isASCIIDigit {
            n = kind == .letter ? .digit : .suffixNumber
        } else {
            switch c {
            case UInt8(ascii: "."): n = .digitOrZero
            case UInt8(ascii: "_"): n = .suffix
            case UInt8(ascii: "-") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "r"):
                n = .revision
                i += 1
            default: n = nil
            }
            i += 1
        }
        guard let n else { return nil }
        if n < kind && !((n == .digitOrZero && kind == .digit) || (n == .suffix && kind == .suffixNumber)
            || (n == .digit && kind == .letter)) {
            return nil
        }
        return n
    }

    public static func == (a: AlpineVersion, b: AlpineVersion) -> Bool { compare(a.tokens, b.tokens) == 0 }
    public static func < (a: AlpineVersion, b: AlpineVersion) -> Bool { compare(a.tokens, b.tokens) < 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(tokens.first?.value) }

    /// apk-tools' comparison: walk while kinds and values agree; then the first differing value decides,
    /// or the version with more tokens is newer unless its next token is a pre-release suffix.
    static func compare(_ a: [Token], _ b: [Token]) -> Int {
        var k = 0
        while k < a.count && k < b.count {
            if a[k].kind != b[k].kind { break }
            if a[k].value != b[k].value { return a[k].value < b[k].value ? -1 : 1 }
            k += 1
        }
        let ka = k < a.count ? a[k].kind : .end
        let kb = k < b.count ? b[k].kind : .end
        if ka == kb { return 0 }
        if ka == .suffix && a[k].value.isPreRelease { return -1 }
        if kb == .suffix && b[k].value.isPreRelease { return 1 }
        return ka > kb ? -1 : (ka < kb ? 1 : 0)
    }
}
