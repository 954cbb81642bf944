import PalisadeModel

/// `privilege_escalation`: the principal has `can_escalate` edges; the reason names every method, the permissions
/// that enabled it and what it escalates to.
enum EscalationRule {
    static func decide(_ id: String, _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        for e in index.out(id, GraphVocabulary.canEscalate) {
            let line = describe(e, index)
            if let why = e.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
        }
        guard !definite.isEmpty else {
            return GraphDecision.from(definite: [], unknown: unknown.sorted(),
                                      undecided: "whether it can escalate privileges is unknown")
        }
        return .holds("can escalate privileges by \(definite.count) method\(definite.count == 1 ? "" : "s"): "
            + definite.sorted().joined(separator: "; "))
    }

    /// `iam:CreatePolicyVersion (permissions: iam:CreatePolicyVersion) → account 111 (…)`.
    static func describe(_ e: GraphEdge, _ index: GraphEdgeIndex) -> String {
        let method = e.method ?? "unnamed method"
        let permissions = e.permissions.isEmpty ? "" : " (permissions: \(e.permissions.sorted().joined(separator: ", ")))"
        let conditional = e.conditional
            ? " [conditional: \(e.conditions.isEmpty ? "undecided condition" : e.conditions.joined(separator: ", "))]" : ""
        return "\(method)\(permissions) → \(index.name(e.dst))\(conditional)"
    }
}
