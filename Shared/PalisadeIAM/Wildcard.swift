/// IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
///
/// Actions are matched case-insensitively (`s3:get*` matches `s3:GetObject`); resource ARNs are
/// case-sensitive. Policy variables (`${aws:username}`) cannot be resolved without a request, so in
/// resource patterns they match anything (see `containsPolicyVariable`); the escapes `${*}`, `${?}`
/// and `${$}` stand for the literal characters.
public enum Wildcard {
    enum Token: Equatable {
        case literal(Character)
        case any        // *
        case one        // ?
    }

    public static func matches(pattern: String, _ text: String, caseInsensitive: Bool) -> Bool {
        if pattern == "*" { return true }
        // ASCII without policy variables (nearly every action and ARN): match the bytes, no Character arrays.
        var pattern = pattern, text = text
        let fast: Bool? = pattern.withUTF8 { p in
            text.withUTF8 { t in
                guard isASCII(p), isASCII(t), !p.contains(UInt8(ascii: "$")) else { return nil }
                return matchBytes(p, t, fold: caseInsensitive)
            }
        }
        if let fast { return fast }
        let p = tokens(caseInsensitive ? pattern.lowercased() : pattern)
        let t = Array(caseInsensitive ? text.lowercased() : text)
        return match(p, t)
    }

    /// True when the pattern holds a policy variable other than the literal escapes.
    public static func containsPolicyVariable(_ pattern: String) -> Bool {
        guard pattern.utf8.contains(UInt8(ascii: "$")) else { return false }
        return tokensAndVariables(pattern).hadVariable
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 } }

    private static func lower(_ b: UInt8, _ fold: Bool) -> UInt8 {
        fold && b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
    }

    /// `match` over ASCII bytes: `*` any run, `?` one byte (one character in ASCII), the rest literal.
    static func matchBytes(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>, fold: Bool) -> Bool {
        let star = UInt8(ascii: "*"), one = UInt8(ascii: "?")
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count {
                let c = p[pi]
                if c == star {
                    starP = pi; starT = ti; pi += 1
                    continue
                }
                if c == one || lower(c, fold) == lower(t[ti], fold) {
                    pi += 1; ti += 1
                    continue
                }
            }
            if starP >= 0 {
                pi = starP + 1; starT += 1; ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == star { pi += 1 }
        return pi == p.count
    }

    static func tokens(_ pattern: String) -> [Token] { tokensAndVariables(pattern).tokens }

    static func tokensAndVariables(_ pattern: String) -> (tokens: [Token], hadVariable: Bool) {
        var out: [Token] = []
        var hadVariable = false
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "$", i + 1 < chars.count, chars[i + 1] == "{",
               let close = chars[(i + 2)...].firstIndex(of: "}") {
                let name = String(chars[(i + 2)..<close])
                switch name {
                case "*": out.append(.literal("*"))
                case "?": out.append(.literal("?"))
                case "$": out.append(.literal("$"))
                default:
                    out.append(.any)
                    hadVariable = true
                }
                i = close + 1
                continue
            }
            switch c {
            case "*": out.append(.any)
            case "?": out.append(.one)
            default: out.append(.literal(c))
            }
            i += 1
        }
        return (out, hadVariable)
    }

    /// Iterative glob match with single-star backtracking: O(|p|·|t|) worst case, no recursion.
    static func match(_ p: [Token], _ t: [Character]) -> Bool {
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count {
                switch p[pi] {
                case .any:
                    starP = pi; starT = ti; pi += 1
                    continue
                case .one:
                    pi += 1; ti += 1
                    continue
                case .literal(let c) where c == t[ti]:
                    pi += 1; ti += 1
                    continue
                default:
                    break
                }
            }
            if starP >= 0 {
                pi = starP + 1; starT += 1; ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == .any { pi += 1 }
        return pi == p.count
    }
}
