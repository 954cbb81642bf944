/// A compiled glob over a whole value: `*` matches any run of characters (including `/` and `:`), `?` exactly
/// one character, `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` one character in (or not in) the set. Everything else
/// is literal; `[*]`, `[?]` and `[[]` match a literal `*`, `?` and `[`. Matches UTF-8 bytes directly, with
/// one backtracking point (the last `*`), so a match costs O(pattern × value) at worst and allocates nothing.
/// Globs of literals and `*` only (`eu-*`, `arn:aws:ec2:*/sg-0abc*`) take a faster path: prefix, suffix
/// and the pieces between, found left to right.
final class MuteGlob: Sendable {
    /// Trivial (no payload to retain), so the matching loop copies nothing; sets live in `sets`.
    enum Token: Sendable, Equatable {
        case byte(UInt8)
        case anyCharacter
        case anyRun
        case set(Int)
    }

    /// `pieces[0]` * `pieces[1]` * … * `pieces[n]` when the glob has only literals and `*`.
    struct Pieces: Sendable {
        var pieces: [[UInt8]]
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
    let sets: [ScalarSet]
    let pieces: Pieces?

    static func hasMetacharacters(_ s: String) -> Bool {
        s.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    init(_ pattern: String) throws(MutePattern.Invalid) {
        var tokens: [Token] = []
        var sets: [ScalarSet] = []
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
                tokens.append(.set(sets.count))
                sets.append(set)
                i = next
            default:
                tokens.append(contentsOf: String(c).utf8.map(Token.byte))
                i += 1
            }
        }
        self.tokens = tokens
        self.sets = sets
        if tokens.allSatisfy({ if case .byte = $0 { true } else { $0 == .anyRun } }) {
            var pieces: [[UInt8]] = [[]]
            for t in tokens {
                switch t {
                case .byte(let b): pieces[pieces.count - 1].append(b)
                default: pieces.append([])
                }
            }
            self.pieces = Pieces(pieces: pieces)
        } else {
            self.pieces = nil
        }
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
        if let pieces { return pieces.matches(v) }
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
                case .set(let k):
                    let (scalar, next) = Self.decode(v, at: i)
                    if sets[k].contains(scalar) {
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

extension MuteGlob.Pieces {
    /// First piece a prefix, last a suffix, the middle ones in order without overlap (leftmost placement is
    /// optimal for `*`-only globs, so no backtracking is needed).
    func matches(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = pieces[0]
        if pieces.count == 1 { return v.count == first.count && Self.equal(v, at: 0, first) }
        let last = pieces[pieces.count - 1]
        guard v.count >= first.count + last.count, Self.equal(v, at: 0, first),
              Self.equal(v, at: v.count - last.count, last)
        else { return false }
        var i = first.count
        let end = v.count - last.count
        for k in 1..<(pieces.count - 1) {
            let piece = pieces[k]
            guard let found = Self.find(piece, in: v, from: i, before: end) else { return false }
            i = found + piece.count
        }
        return true
    }

    @inline(__always)
    static func equal(_ v: UnsafeBufferPointer<UInt8>, at start: Int, _ piece: [UInt8]) -> Bool {
        var k = 0
        while k < piece.count {
            if v[start + k] != piece[k] { return false }
            k += 1
        }
        return true
    }

    /// The first index `>= from` where `piece` occurs entirely before `end`.
    static func find(_ piece: [UInt8], in v: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int? {
        guard !piece.isEmpty else { return from }
        var i = from
        while i + piece.count <= end {
            if v[i] == piece[0], equal(v, at: i, piece) { return i }
            i += 1
        }
        return nil
    }
}
