import PalisadeModel

/// Nodes many paths run through, worst first: by the highest risk among their paths, then by how many critical,
/// high and all paths they carry (Defender's order: risk, then count). The synthetic start nodes (internet, any
/// principal) and each path's target are left out — the first is not fixable, the second is what is protected.
public enum ChokePoints {
    public static func rank(_ paths: [AttackPath], limit: Int = 20) -> [ChokePoint] {
        struct Tally { var node: GraphNode; var paths = 0; var critical = 0; var high = 0; var risk = Severity.informational
                       var fixes = Set<String>(); var ids: [String] = [] }
        var tally: [String: Tally] = [:]
        for p in paths {
            for (i, n) in p.nodes.enumerated().dropLast()
            where n.id != GraphVocabulary.internetID && n.id != GraphVocabulary.anyPrincipalID {
                var t = tally[n.id] ?? Tally(node: n)
                t.paths += 1
                if p.risk == .critical { t.critical += 1 }
                if p.risk == .high { t.high += 1 }
                t.risk = max(t.risk, p.risk)
                // The step into the node and the step out of it are what a fix here removes.
                if i > 0, i - 1 < p.steps.count { t.fixes.formUnion(p.steps[i - 1].fixes) }
                if i < p.steps.count { t.fixes.formUnion(p.steps[i].fixes) }
                if t.ids.count < 20 { t.ids.append(p.id) }
                tally[n.id] = t
            }
        }
        let ranked = tally.values.filter { $0.paths > 0 }.sorted {
            ($0.risk.rank, $0.critical, $0.high, $0.paths, $1.node.id) > ($1.risk.rank, $1.critical, $1.high, $1.paths, $0.node.id)
        }
        return ranked.prefix(limit).map {
            ChokePoint(node: $0.node, paths: $0.paths, critical: $0.critical, high: $0.high, risk: $0.risk,
                       fixes: $0.fixes.sorted(), pathIDs: $0.ids)
        }
    }
}
