/// A compiled glob over a whole value: `*` matches any run of characters (including `/` and `:`), `?` exactly
/// one character, `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` one character in (or not in) the set. Everything else
/// is literal; `[*]`, `[?]` and `[[]` match a literal `*`, `?` and `[`. Matches UTF-8 bytes directly, with
/// one backtracking point (the last `*`), so a match costs O(pattern × value) at worst and allocates nothing.
struct MuteGlob: Sendable {
    enum Token: Sendable, Equatable {
        case byte(UInt8)
        case anyCharacter
        case anyRun
        case set(ScalarSet)
    }

    struct ScalarSet: Sendable, Equatable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        func contains(_ scalar: UInt32) -> Bool {
            var inside = false
            for r in ranges where r.contains(scalar) {
                inside = true
                break
            }
            return inside != negated
        }
    }

    let tokens: [Token]

    static func hasMetacharacters(_ s: String) -> Bool {
        s.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    init(_ pattern: String) throws(MutePattern.Invalid) {
        var tokens: [Token] = []
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                i += 1
            case "?":
                tokens.append(.anyCharacter)
                i += 1
            case "[":
                let (set, next) = try Self.parseSet(scalars, from: i, pattern: pattern)
                tokens.append(.set(set))
                i = next
            default:
                tokens.append(contentsOf: String(c).utf8.map(Token.byte))
                i += 1
            }
        }
        self.tokens = tokens
    }

    /// Parses `[...]` starting at `start` (the `[`); returns the set and the index after `]`.
    private static func parseSet(_ s: [Unicode.Scalar], from start: Int, pattern: String)
        throws(MutePattern.Invalid) -> (ScalarSet, Int)
    {
        var i = start + 1
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while i < s.count {
            let c = s[i]
            if c == "]" && !first { return (ScalarSet(ranges: ranges, negated: negated), i + 1) }
            first = false
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                let lo = c.value, hi = s[i + 2].value
                guard lo <= hi else {
                    throw MutePattern.Invalid(message: "glob '\(pattern)': range '\(c)-\(s[i + 2])' is backwards")
                }
                ranges.append(lo...hi)
                i += 3
            } else {
                ranges.append(c.value...c.value)
                i += 1
            }
        }
        throw MutePattern.Invalid(
            message: "glob '\(pattern)': '[' at position \(start + 1) is never closed by ']' "
                + "(write [[] for a literal '[', or use {exact: \"...\"})")
    }

    func matches(_ value: String) -> Bool {
        if let r = value.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return r }
        return Array(value.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    private func matches(bytes v: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = v.count
        var p = 0, i = 0
        var starP = -1, starI = 0
        while i < n {
            if p < tokens.count {
                switch tokens[p] {
                case .anyRun:
                    starP = p
                    starI = i
                    p += 1
                    continue
                case .byte(let b):
                    if v[i] == b {
                        p += 1
                        i += 1
                        continue
                    }
                case .anyCharacter:
                    p += 1
                    i = Self.nextScalar(v, after: i)
                    continue
                case .set(let set):
                    let (scalar, next) = Self.decode(v, at: i)
                    if set.contains(scalar) {
                        p += 1
                        i = next
                        continue
                    }
                }
            }
            // Mismatch: let the last `*` swallow one more character, or fail.
            guard starP >= 0 else { return false }
            starI = Self.nextScalar(v, after: starI)
            i = starI
            p = starP + 1
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    @inline(__always)
    private static func nextScalar(_ v: UnsafeBufferPointer<UInt8>, after i: Int) -> Int {
        var j = i + 1
        while j < v.count, v[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }

    /// The scalar value at `i` (a scalar boundary of valid UTF-8) and the index after it.
    @inline(__always)
    private static func decode(_ v: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(v[i])
        let end = nextScalar(v, after: i)
        switch end - i {
        case 1: return (b0, end)
        case 2: return ((b0 & 0x1F) << 6 | UInt32(v[i + 1] & 0x3F), end)
        case 3: return ((b0 & 0x0F) << 12 | UInt32(v[i + 1] & 0x3F) << 6 | UInt32(v[i + 2] & 0x3F), end)
        default:
            return ((b0 & 0x07) << 18 | UInt32(v[i + 1] & 0x3F) << 12 | UInt32(v[i + 2] & 0x3F) << 6
                | UInt32(v[i + 3] & 0x3F), end)
        }
    }
}
