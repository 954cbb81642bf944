import PalisadeModel

/// `public_access`: anyone (`principal:*`) has an edge to the resource — read, write, decrypt, get a secret,
/// assume the role — through a resource or trust policy. A conditional grant fails too, with its conditions in the
/// reason: an undecided condition does not make a grant private (the IAM evaluator over-approximates access).
enum PublicAccessRule {
    static func decide(_ id: String, _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        for e in index.into(id) where e.src == GraphVocabulary.anyPrincipalID {
            let line = "anyone (principal:*) \(e.kind): \(e.evidenceText)"
            if let why = e.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
        }
        return GraphDecision.from(definite: definite.sorted(), unknown: unknown.sorted(),
                                  undecided: "whether anyone can reach it through a policy is unknown")
    }
}
