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
        let p = tokens(caseInsensitive ? pattern.lowercased() : pattern)
        let t = Array(caseInsensitive ? text.lowercased() : text)
        return match(p, t)
    }

    /// True when the pattern holds a policy variable other than the literal escapes.
    public static func containsPolicyVariable(_ pattern: String) -> Bool {
        tokensAndVariables(pattern).hadVariable
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
