import GraphCore
import PalisadeModel

/// How a found path measures up against a chain of the manifest.
enum PathMatch {
    /// What `path` lacks to prove `chain` (empty: it proves it). Entry and target are matched by the caller.
    static func shortfalls(_ path: AttackPath, _ chain: EstateManifest.Chain) -> [String] {
        var out: [String] = []
        let kinds = path.edges.map(\.kind)
        if !isSubsequence(chain.edgeKinds, of: kinds) {
            out.append("edge kinds \(kinds) do not contain \(chain.edgeKinds) in order")
        }
        let texts = path.edges.flatMap(evidenceTexts)
        for needle in chain.evidence where !texts.contains(where: { $0.contains(needle) }) {
            out.append("no edge's evidence mentions '\(needle)'")
        }
        let granted = Set(path.edges.filter { $0.kind == GraphVocabulary.canEscalate }.flatMap(\.permissions))
        for p in chain.permissions where !granted.contains(p) {
            out.append("no can_escalate edge lists permission \(p) (has \(granted.sorted()))")
        }
        return out
    }

    static func isSubsequence(_ wanted: [String], of kinds: [String]) -> Bool {
        var i = wanted.startIndex
        for k in kinds where i < wanted.endIndex && k == wanted[i] { i += 1 }
        return i == wanted.endIndex
    }

    /// Every string an edge offers as evidence: its summary, and each element's kind, source, detail and fix.
    static func evidenceTexts(_ e: GraphEdge) -> [String] {
        [e.evidence] + e.details.flatMap { d in [d.kind, d.source, d.detail] + (d.fix.map { [$0] } ?? []) }
    }

    /// A decoy's path is tolerated only when it is conditional on the decoy's undecidable condition.
    static func toleratedForDecoy(_ path: AttackPath, _ decoy: EstateManifest.Decoy) -> Bool {
        guard let key = decoy.conditionalOn, path.conditional else { return false }
        return path.edges.contains { $0.conditional && $0.conditions.contains { $0.contains(key) } }
    }

    /// One path in lines: risk, entry kind, then each hop with its edge's evidence.
    static func describe(_ p: AttackPath) -> String {
        var lines = ["[\(p.risk.rawValue)\(p.conditional ? ", conditional" : "")] \(p.entryKind) → \(p.targetKind): \(p.title)"]
        if let first = p.nodes.first { lines.append("    \(label(first))") }
        for (i, e) in p.edges.enumerated() where i + 1 < p.nodes.count {
            var hop = "      -[\(e.kind)\(e.method.map { " \($0)" } ?? "")]-> \(label(p.nodes[i + 1]))"
            if !e.permissions.isEmpty { hop += " permissions \(e.permissions)" }
            if e.conditional { hop += " conditions \(e.conditions)" }
            lines.append(hop)
            lines.append("         evidence: \(e.evidence)")
        }
        return lines.joined(separator: "\n")
    }

    static func label(_ n: GraphNode) -> String { "\(n.kind) '\(n.label)'" }

    static func describe(_ paths: [AttackPath]) -> String {
        paths.isEmpty ? "  (none)" : paths.map { "  " + describe($0) }.joined(separator: "\n")
    }
}
