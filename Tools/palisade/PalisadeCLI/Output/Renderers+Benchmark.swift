import Foundation
import PalisadeModel
import PalisadeProtocol

extension Render {
    static func checksTable(_ checks: [CheckInfo]) -> Table {
        Table(headers: ["CHECK", "SEVERITY", "RESOURCE", "CONTROL", "EVALUATOR", "FAIL", "PASS", "ERROR", "SOURCE", "TITLE"],
              rows: checks.map { c in
                  [c.metadata.id, c.metadata.severity.rawValue, c.metadata.resourceType, c.metadata.controlID,
                   c.metadata.evaluator.rawValue,
                   String(c.counts["fail"] ?? 0), String(c.counts["pass"] ?? 0), String(c.counts["error"] ?? 0),
                   c.builtIn ? "built-in" : "custom", c.metadata.title]
              }, maxCellWidth: 70)
    }

    static func checks(_ checks: [CheckInfo]) -> String {
        let custom = checks.filter { !$0.builtIn }.count
        let graph = checks.filter { $0.metadata.evaluator == .graph }.count
        return checksTable(checks).render() + "\n\n\(checks.count) checks (\(custom) custom, \(graph) decided by the security graph)"
    }

    static func check(_ c: CheckInfo) -> String {
        let m = c.metadata
        var out = """
            \(m.id) — \(m.title)
            severity \(m.severity.rawValue) · resource \(m.resourceType) · control \(m.controlID) · evaluator \(m.evaluator.rawValue) · \(c.builtIn ? "built-in" : "custom") (\(c.file))

            Why: \(m.rationale.trimmingCharacters(in: .whitespacesAndNewlines))

            """
        if m.evaluator == .graph {
            out += "Decided by the security graph: \(Self.graphRule(m.graph))\n\n"
        } else {
            if let applies = c.applies { out += "Applies when:\n  \(applies.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
            out += "Passes when:\n  \(c.assertion.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n  "))\n\n"
        }
        out += "Fix: \(m.remediation.text)\n"
        if !m.remediation.cli.isEmpty { out += "\nAWS CLI:\n  \(m.remediation.cli.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
        if !m.remediation.terraform.isEmpty {
            out += "\nTerraform:\n  " + m.remediation.terraform.trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: "\n  ") + "\n"
        }
        out += "\nStandards: \(m.standards.isEmpty ? "none" : m.standards.joined(separator: ", "))\n"
        let counts = FindingStatus.allCases.compactMap { s in c.counts[s.rawValue].map { "\(s.rawValue) \($0)" } }
        out += "Now: \(counts.isEmpty ? "not assessed yet" : counts.joined(separator: ", "))"
        return out
    }

    /// A graph rule in words, for `palisade checks show`.
    static func graphRule(_ rule: GraphRule?) -> String {
        guard let rule else { return "no rule given" }
        switch rule.rule {
        case .internetExposure:
            return "fails when the internet reaches the resource on \(rule.ports.map(\.description).joined(separator: ", ")) (rule internet_exposure)"
        case .privilegeEscalation:
            return "fails when a privilege-escalation method applies to the principal (rule privilege_escalation)"
        case .exposedPrivilegedWorkload:
            return "fails when the internet reaches the workload and its role administers the account or writes sensitive data (rule exposed_privileged_workload)"
        case .publicAccess:
            return "fails when anyone (principal:*) can reach the resource through a policy (rule public_access)"
        }
    }

    static func recommendationsTable(_ list: [Recommendation]) -> Table {
        Table(headers: ["SEVERITY", "CHECK", "FAILING", "MUTED", "CONTROL", "TITLE", "FIX"],
              rows: list.map { r in
                  [r.severity.rawValue, r.checkID, String(r.failing), String(r.muted), r.controlID, r.title, r.remediation.text]
              }, maxCellWidth: 60)
    }

    static func recommendations(_ list: [Recommendation]) -> String {
        guard !list.isEmpty else { return "Nothing to fix: no check is failing." }
        var out = ""
        for (i, r) in list.enumerated() {
            out += "\(i + 1). [\(r.severity.rawValue)] \(r.title) — \(r.failing) resource\(r.failing == 1 ? "" : "s")"
            if r.muted > 0 { out += " (+\(r.muted) muted)" }
            out += "\n   check \(r.checkID) · control \(r.controlID)\n   fix: \(r.remediation.text.trimmingCharacters(in: .whitespacesAndNewlines))\n"
            if !r.remediation.cli.isEmpty {
                out += "   cli: \(r.remediation.cli.split(separator: "\n").first.map(String.init) ?? "")\n"
            }
            out += "   e.g. \(r.examples.map(resourceName).joined(separator: ", "))\n"
        }
        let total = list.reduce(0) { $0 + $1.failing }
        return out + "\n\(list.count) recommendations, \(total) failing findings"
    }

    static func diff(_ d: ScanDiff) -> String {
        func section(_ title: String, _ changes: [ScanDiff.Change]) -> String {
            guard !changes.isEmpty else { return "\(title): none\n" }
            let rows = changes.map { c in
                [c.before?.rawValue ?? "-", c.after.rawValue, c.severity.rawValue, c.checkID, resourceName(c.resourceID),
                 c.after == .fail || c.after == .error ? c.reason : c.title]
            }
            return "\(title) (\(changes.count)):\n"
                + Table(headers: ["WAS", "NOW", "SEVERITY", "CHECK", "RESOURCE", "WHY"], rows: rows, maxCellWidth: 60).render() + "\n"
        }
        return "Scan \(d.from) → \(d.to) (account \(d.account))\n\n" + section("New failures", d.newFailures) + "\n"
            + section("Resolved", d.resolved) + "\n" + section("Other changes", d.otherChanges)
    }
}
