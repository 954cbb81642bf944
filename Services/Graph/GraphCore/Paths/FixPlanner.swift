import PalisadeModel

/// The smallest set of fixes that breaks every critical and high path (docs/graph.md § Fix plan).
///
/// A path breaks when one of its edges goes; an edge goes when every element that created it is fixed (each
/// `EdgeEvidence.fix`). So each path offers a few options (the fix sets of its edges) and the plan is a minimum
/// hitting set over them: exact by branch and bound while the search stays under `exactBudget` expansions,
/// otherwise the greedy set (most paths broken per fix added; within ln(n)+1 of the minimum).
///
/// Breaking the paths found is not enough — another route may connect the same entry and target. So the plan is
/// verified: the graph is searched again with the planned edges removed, any critical or high path that still
/// exists joins the constraints, and the plan is solved again, until a round finds none (at most `maxRounds`).
public struct FixPlanner {
    public static let exactBudget = 200_000
    public static let maxRounds = 8

    public static func plan(_ finder: AttackPathFinder, paths: [AttackPath]) -> FixPlan {
        var constraints = paths.filter { $0.risk >= .high }
        guard !constraints.isEmpty else { return .empty }
        var rounds = 0
        var solution: (fixes: Set<String>, exact: Bool) = ([], true)
        var unbreakable: [String] = []
        while true {
            rounds += 1
            let options = constraints.map(Self.options)
            unbreakable = zip(constraints, options).filter { $0.1.isEmpty }
                .map { "\($0.0.id): \($0.0.title) — no step has a fixable element" }
            solution = solve(options.filter { !$0.isEmpty })
            guard rounds < maxRounds else { break }
            var removed = Set<Int>()
            for (i, e) in finder.graph.edges.enumerated() where EdgeEvidence.broken(e.details, by: solution.fixes) {
                removed.insert(i)
            }
            // A critical or high route that survives the plan (another way between the same entry and target, or
            // a new one) joins the constraints; the unbreakable ones are already there.
            let known = Set(constraints.map { RouteKey($0) })
            let fresh = finder.find(removed: removed).paths.filter { $0.risk >= .high && !known.contains(RouteKey($0)) }
            if fresh.isEmpty { break }
            constraints += fresh
        }
        return FixPlan(fixes: describe(solution.fixes, constraints, finder), method: solution.exact ? "exact" : "greedy",
                       pathsCovered: constraints.count - unbreakable.count, unbreakable: unbreakable, rounds: rounds)
    }

    /// A path's identity for the verification: its id and the edges it takes.
    struct RouteKey: Hashable {
        var id: String
        var edges: [GraphEdge]
        init(_ p: AttackPath) { id = p.id; edges = p.edges }
    }

    /// The ways to break one path: for each edge, the fix sets that break every chain of it (one fixable element
    /// per chain). An edge with a chain that has no fixable element offers none. At most 32 sets per edge: beyond,
    /// the sets built from the fixes most chains share.
    static func options(_ path: AttackPath) -> [Set<String>] {
        var out: [Set<String>] = []
        for e in path.edges {
            let chains = EdgeEvidence.chains(e.details).map { Array(Set($0.compactMap(\.fix))).sorted() }
            guard !chains.isEmpty, chains.allSatisfy({ !$0.isEmpty }) else { continue }
            for set in combinations(chains, limit: 32) where !out.contains(set) { out.append(set) }
        }
        return out.sorted { $0.count != $1.count ? $0.count < $1.count : $0.sorted().lexicographicallyPrecedes($1.sorted()) }
    }

    /// One fix from each chain, every way up to `limit`; when there are more, the sets that favour fixes shared
    /// by several chains (a fix in two chains breaks both).
    static func combinations(_ chains: [[String]], limit: Int) -> [Set<String>] {
        let product = chains.reduce(1) { min($0 * $1.count, limit + 1) }
        if product <= limit {
            var sets: [Set<String>] = [[]]
            for chain in chains { sets = sets.flatMap { s in chain.map { s.union([$0]) } } }
            return Array(Set(sets))
        }
        var shared: [String: Int] = [:]
        for chain in chains { for f in chain { shared[f, default: 0] += 1 } }
        var sets: [Set<String>] = []
        for k in 0..<4 {
            var set = Set<String>()
            for chain in chains where !chain.contains(where: set.contains) {
                let ranked = chain.sorted { (shared[$0]!, $1) > (shared[$1]!, $0) }
                set.insert(ranked[min(k, ranked.count - 1)])
            }
            if !sets.contains(set) { sets.append(set) }
        }
        return sets
    }

    /// Minimum hitting set: greedy first (an upper bound), then branch and bound within the budget.
    static func solve(_ options: [[Set<String>]]) -> (fixes: Set<String>, exact: Bool) {
        let greedy = greedySolve(options)
        var best = greedy
        var expansions = 0
        var exhausted = false
        func branch(_ chosen: Set<String>) {
            expansions += 1
            if expansions > exactBudget { exhausted = true; return }
            guard let open = options.first(where: { opts in !opts.contains { $0.isSubset(of: chosen) } }) else {
                if chosen.count < best.count { best = chosen }
                return
            }
            // Any completion adds at least one fix.
            guard chosen.count + 1 < best.count else { return }
            for o in open {
                let next = chosen.union(o)
                if next.count < best.count { branch(next) }
                if exhausted { return }
            }
        }
        branch([])
        return (exhausted ? greedy : best, !exhausted)
    }

    static func greedySolve(_ options: [[Set<String>]]) -> Set<String> {
        var chosen = Set<String>()
        var open = options.indices.filter { i in !options[i].contains { $0.isSubset(of: chosen) } }
        while !open.isEmpty {
            var bestOption: Set<String> = []
            var bestScore = -1.0
            var candidates: [Set<String>] = []
            for i in open { for o in options[i] where !candidates.contains(o) { candidates.append(o) } }
            for o in candidates {
                let added = o.subtracting(chosen).count
                let union = chosen.union(o)
                let broken = open.filter { i in options[i].contains { $0.isSubset(of: union) } }.count
                let score = Double(broken) / Double(max(added, 1))
                if score > bestScore || (score == bestScore && o.sorted().lexicographicallyPrecedes(bestOption.sorted())) {
                    bestScore = score
                    bestOption = o
                }
            }
            chosen.formUnion(bestOption)
            open = open.filter { i in !options[i].contains { $0.isSubset(of: chosen) } }
        }
        return chosen
    }

    /// Each planned fix with what it is, the checks and findings behind it, and the paths it helps break.
    static func describe(_ fixes: Set<String>, _ paths: [AttackPath], _ finder: AttackPathFinder) -> [PlannedFix] {
        var out: [PlannedFix] = []
        for fix in fixes {
            var action = fix
            var checks = Set<String>()
            var findings = Set<String>()
            var ids: [String] = []
            for p in paths {
                var uses = false
                for e in p.edges {
                    for d in e.details where d.fix == fix {
                        uses = true
                        action = "\(actionVerb(d.kind)) \(d.detail) (\(d.source))"
                        checks.formUnion(d.checks)
                        for c in d.checks { if let f = finder.findingID(check: c, resource: d.source) { findings.insert(f) } }
                    }
                }
                if uses { ids.append(p.id) }
            }
            out.append(PlannedFix(fix: fix, action: action, checks: checks.sorted(), findings: findings.sorted(), pathIDs: ids))
        }
        return out.sorted { ($0.pathIDs.count, $1.fix) > ($1.pathIDs.count, $0.fix) }
    }

    static func actionVerb(_ evidenceKind: String) -> String {
        switch evidenceKind {
        case "sg_rule": return "Remove security-group rule"
        case "nacl_rule": return "Change network ACL rule"
        case "route": return "Remove route"
        case "public_ip", "eni": return "Remove the public address of"
        case "policy_statement", "resource_policy_statement", "key_policy_statement", "trust_statement":
            return "Remove or narrow policy statement"
        case "instance_profile": return "Detach instance profile"
        case "access_key": return "Deactivate access key"
        case "listener": return "Remove listener"
        case "function_url": return "Require AWS_IAM auth on function URL"
        case "endpoint": return "Restrict the public endpoint"
        default: return "Fix"
        }
    }
}
