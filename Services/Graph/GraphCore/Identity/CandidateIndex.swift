import PalisadeIAM
import PalisadeModel

/// Which targets an Allow statement could reach, without trying every target: the targets' request ARNs sorted,
/// a statement's resource pattern narrowed to the range sharing its literal prefix (the text before the first
/// `*`, `?` or `${`) by binary search, then matched. `Resource: "*"` and `NotResource` reach every target.
struct CandidateIndex {
    private var arns: [(arn: String, target: Int)] = []
    let count: Int

    init(_ targets: [PermissionTarget]) {
        for (i, t) in targets.enumerated() { for a in t.arns { arns.append((a, i)) } }
        arns.sort { $0.arn < $1.arn }
        count = targets.count
    }

    /// Targets some pattern could match (all of them for `nil`, meaning "every resource").
    func targets(matching patterns: [String]?) -> Set<Int> {
        guard let patterns else { return Set(0..<count) }
        var out = Set<Int>()
        for pattern in patterns {
            let prefix = Self.literalPrefix(pattern)
            if prefix.isEmpty { return Set(0..<count) }
            var lo = 0, hi = arns.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if arns[mid].arn < prefix { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < arns.count, arns[i].arn.hasPrefix(prefix) {
                if Wildcard.matches(pattern: pattern, arns[i].arn, caseInsensitive: false)
                    || Wildcard.containsPolicyVariable(pattern) {
                    out.insert(arns[i].target)
                }
                i += 1
            }
        }
        return out
    }

    static func literalPrefix(_ pattern: String) -> String {
        var out = ""
        var previous: Character = " "
        for c in pattern {
            if c == "*" || c == "?" || (c == "{" && previous == "$") { return previous == "$" ? String(out.dropLast()) : out }
            out.append(c)
            previous = c
        }
        return out
    }
}
