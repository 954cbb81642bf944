import PalisadeModel

/// Privilege-escalation edges: principal → what it can become via a catalogued method (docs/graph.md § Escalation).
enum EscalationBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {}
}
