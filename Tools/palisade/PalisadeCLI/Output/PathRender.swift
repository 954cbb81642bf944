import Foundation
import PalisadeModel
import PalisadeProtocol

/// How attack paths, choke points and the fix plan read in a terminal.
enum PathRender {
    static func header(_ reply: PathsReply) -> String {
        "scan \(reply.scanID ?? "—") · graph: \(reply.nodeCount) nodes, \(reply.edgeCount) edges"
    }

    static func paths(_ reply: PathsReply, resolved: Bool) -> String {
        guard reply.scanID != nil else { return "No graph yet: run `palisade scan aws` first." }
        var out: [String] = []
        if reply.paths.isEmpty {
            out.append("No attack paths (\(header(reply))).")
        } else {
            let counts = Dictionary(grouping: reply.paths, by: \.risk).sorted { $0.key > $1.key }
                .map { "\($0.value.count) \($0.key.rawValue)" }.joined(separator: ", ")
            out.append("\(reply.paths.count) attack path(s): \(counts)  (\(header(reply)))")
            for p in reply.paths {
                out.append("")
                out.append("[\(p.risk.rawValue.uppercased())] \(p.title)\(p.conditional ? "  (conditional)" : "")")
                out.append("  \(p.id) · \(p.lifecycle.rawValue) · \(p.riskCategory) · factors: \(p.riskFactors.joined(separator: ", "))")
                out.append("  " + p.nodes.map(\.label).joined(separator: " → "))
            }
            out.append("")
            out.append("`palisade paths show ID` for the evidence of one path; `--choke-points`; `--fix-plan`.")
        }
        if !reply.resolved.isEmpty {
            out.append("")
            out.append("\(reply.resolved.count) path(s) resolved since the previous scan" + (resolved ? ":" : " (`--resolved` lists them)"))
            if resolved { for p in reply.resolved { out.append("  [resolved] \(p.title)  \(p.id)") } }
        }
        if !reply.problems.isEmpty {
            out.append("")
            out.append("\(reply.problems.count) element(s) the graph could not use (edges that depend on them are unknown):")
            for p in reply.problems.prefix(10) { out.append("  " + p) }
            if reply.problems.count > 10 { out.append("  … (`--output json` lists all)") }
        }
        return out.joined(separator: "\n")
    }

    /// One path as a chain: each node with its insights, each step with its evidence and what breaks it.
    static func chain(_ p: AttackPath) -> String {
        var out = ["[\(p.risk.rawValue.uppercased())] \(p.title)",
                   "id \(p.id) · \(p.lifecycle.rawValue) · entry \(p.entryKind) · target \(p.targetKind) · \(p.riskCategory)",
                   "risk factors: \(p.riskFactors.joined(separator: ", "))", ""]
        for (i, node) in p.nodes.enumerated() {
            let insights = node.insights.map { "\($0.kind): \($0.detail)" }
            out.append("\(i == 0 ? "" : "  ")\(node.label)  [\(node.kind)]")
            if node.label != node.id { out.append("      id: \(node.id)") }
            for s in insights { out.append("      • \(s)") }
            guard i < p.edges.count else { continue }
            let e = p.edges[i]
            var line = "   │ \(e.kind)"
            if let m = e.method { line += " via \(m)" }
            if !e.ports.isEmpty { line += " on \(e.ports.joined(separator: ", "))" }
            if e.conditional { line += " — conditional on \(e.conditions.joined(separator: "; "))" }
            out.append(line)
            if !e.permissions.isEmpty { out.append("   │   permissions: \(e.permissions.joined(separator: ", "))") }
            if e.details.isEmpty {
                out.append("   │   why: \(e.evidence)")
            } else {
                for d in e.details { out.append("   │   \(d.kind): \(d.detail)  (\(d.source))") }
            }
            if i < p.steps.count {
                let s = p.steps[i]
                if !s.fixes.isEmpty { out.append("   │   breaks with: \(s.fixes.joined(separator: ", "))") }
                if !s.findings.isEmpty { out.append("   │   findings: \(s.findings.joined(separator: ", "))") }
            }
            out.append("   ▼")
        }
        return out.joined(separator: "\n")
    }

    static func chokePoints(_ reply: PathsReply) -> String {
        guard !reply.chokePoints.isEmpty else { return "No choke points: no attack paths (\(header(reply)))." }
        return "Choke points — the nodes most attack paths run through, worst first (\(header(reply)))\n\n"
            + chokePointTable(reply.chokePoints).render()
    }

    static func chokePointTable(_ points: [ChokePoint]) -> Table {
        Table(headers: ["RISK", "PATHS", "CRITICAL", "HIGH", "NODE", "KIND", "FIXES HERE"],
              rows: points.map { c in
                  [c.risk.rawValue, "\(c.paths)", "\(c.critical)", "\(c.high)", c.node.label, c.node.kind,
                   c.fixes.prefix(3).joined(separator: ", ") + (c.fixes.count > 3 ? ", …" : "")]
              }, maxCellWidth: 70)
    }

    static func fixPlan(_ reply: PathsReply) -> String {
        let plan = reply.fixPlan
        guard plan.pathsCovered > 0 || !plan.unbreakable.isEmpty else {
            return "Nothing to plan: no critical or high attack paths (\(header(reply)))."
        }
        var out = ["Fix plan: \(plan.fixes.count) fix(es) break all \(plan.pathsCovered) critical and high path(s) — "
                   + (plan.method == "exact" ? "a proven minimum" : "greedy (within ln(n)+1 of the minimum; too large to prove)")
                   + ", verified by searching again (\(plan.rounds) round(s))", ""]
        for (i, f) in plan.fixes.enumerated() {
            out.append("\(i + 1). \(f.action)")
            out.append("   fix \(f.fix) · breaks \(f.pathIDs.count) path(s)")
            if !f.checks.isEmpty { out.append("   checks: \(f.checks.joined(separator: ", ")) (`palisade checks show ID` for the remediation)") }
            if !f.findings.isEmpty { out.append("   findings: \(f.findings.joined(separator: ", "))") }
        }
        if !plan.unbreakable.isEmpty {
            out.append("")
            out.append("Not breakable by a configuration fix:")
            for u in plan.unbreakable { out.append("  " + u) }
        }
        return out.joined(separator: "\n")
    }

    static func fixPlanTable(_ plan: FixPlan) -> Table {
        Table(headers: ["FIX", "ACTION", "PATHS", "CHECKS"],
              rows: plan.fixes.map { [$0.fix, $0.action, "\($0.pathIDs.count)", $0.checks.joined(separator: " ")] },
              maxCellWidth: 90)
    }

    static func pathTable(_ paths: [AttackPath]) -> Table {
        Table(headers: ["RISK", "ID", "LIFECYCLE", "ENTRY", "TARGET", "CATEGORY", "CONDITIONAL", "TITLE"],
              rows: paths.map { p in
                  [p.risk.rawValue, p.id, p.lifecycle.rawValue, p.nodes.count > 1 && p.nodes[0].kind == "internet" ? p.nodes[1].label : (p.nodes.first?.label ?? ""),
                   p.nodes.last?.label ?? "", p.riskCategory, p.conditional ? "yes" : "no", p.title]
              }, maxCellWidth: 90)
    }
}
