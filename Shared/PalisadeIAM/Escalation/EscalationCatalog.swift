/// The privilege-escalation catalogue: every method the graph and the `privesc_methods` built-in know, in a
/// stable order (IAM self-modification, PassRole families, changes to existing workloads). Sources: the
/// pathfinding.cloud catalogue and Rhino Security Labs' list (docs/graph.md § Lateral movement and escalation).
public enum EscalationCatalog {
    public static let all: [EscalationMethod] = iam + passRole + workloads

    private static let byID: [String: EscalationMethod] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

    public static func method(id: String) -> EscalationMethod? { byID[id] }
}
