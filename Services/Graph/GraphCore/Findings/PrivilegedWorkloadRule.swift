import PalisadeModel

/// `exposed_privileged_workload`: the internet reaches the workload (an `exposes` edge, or one to a load balancer
/// that `forwards_to` it) AND a role it runs with (`has_role`) administers the account (`administers`, or
/// `can_escalate` to the account) or can write a store holding sensitive data (`can_write` to a `sensitive_data`
/// node). Kleene AND: either side absent → pass; both hold → fail; otherwise error.
enum PrivilegedWorkloadRule {
    static func decide(_ id: String, _ index: GraphEdgeIndex) -> GraphDecision {
        GraphDecision.and(exposure(id, index), privilege(id, index), joiner: ", and ")
    }

    static func exposure(_ id: String, _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        for e in index.into(id, GraphVocabulary.exposes) where e.src == GraphVocabulary.internetID {
            let line = "the internet reaches it on \(e.ports.isEmpty ? "unlisted ports" : e.ports.joined(separator: ", ")): \(e.evidenceText)"
            if let why = e.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
        }
        for hop in index.into(id, GraphVocabulary.forwardsTo) {
            for e in index.into(hop.src, GraphVocabulary.exposes) where e.src == GraphVocabulary.internetID {
                let line = "the internet reaches it through load balancer \(index.name(hop.src)) on "
                    + "\(e.ports.isEmpty ? "unlisted ports" : e.ports.joined(separator: ", ")): \(e.evidenceText)"
                if let why = e.unknown ?? hop.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
            }
        }
        return GraphDecision.from(definite: definite, unknown: unknown, undecided: "whether the internet reaches it is unknown")
    }

    static func privilege(_ id: String, _ index: GraphEdgeIndex) -> GraphDecision {
        var definite: [String] = [], unknown: [String] = []
        for role in index.out(id, GraphVocabulary.hasRole) {
            for (edge, what) in grants(role.dst, index) {
                let line = "its role \(index.name(role.dst)) \(what): \(edge.evidenceText)"
                if let why = role.unknown ?? edge.unknown { unknown.append("\(line) — evidence unknown: \(why)") } else { definite.append(line) }
            }
        }
        return GraphDecision.from(definite: definite, unknown: unknown,
                                  undecided: "whether its role administers the account or writes sensitive data is unknown")
    }

    /// The role's edges that make it dangerous, with what each means.
    static func grants(_ role: String, _ index: GraphEdgeIndex) -> [(GraphEdge, String)] {
        var out: [(GraphEdge, String)] = []
        for e in index.out(role, GraphVocabulary.administers) {
            out.append((e, "administers the account"))
        }
        for e in index.out(role, GraphVocabulary.canEscalate) where index.node(e.dst)?.kind == GraphVocabulary.accountKind {
            out.append((e, "can make itself administrator (\(EscalationRule.describe(e, index)))"))
        }
        for e in index.out(role, GraphVocabulary.canWrite) {
            guard let target = index.node(e.dst), let sensitive = target.insight(GraphVocabulary.sensitiveData) else { continue }
            out.append((e, "can write sensitive data in \(index.name(e.dst)) (\(sensitive.detail))"))
        }
        return out
    }
}
