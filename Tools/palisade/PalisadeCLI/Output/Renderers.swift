import Foundation
import PalisadeModel
import PalisadeProtocol

/// How each result reads as a table.
enum Render {
    static func inventoryTable(_ items: [InventoryItem]) -> Table {
        let rows = items.map { i in
            [i.resource.type, i.resource.name, i.resource.region, i.resource.account,
             i.resource.unknown.isEmpty ? "" : "unknown: " + i.resource.unknown.keys.sorted().joined(separator: ","),
             i.resource.id]
        }
        return Table(headers: ["TYPE", "NAME", "REGION", "ACCOUNT", "NOTES", "ID"], rows: rows, maxCellWidth: 70)
    }

    static func inventory(_ items: [InventoryItem]) -> String {
        let counts = Dictionary(grouping: items, by: { $0.resource.type }).map { "\($0.key)=\($0.value.count)" }
            .sorted().joined(separator: " ")
        return inventoryTable(items).render() + "\n\n\(items.count) resources  \(counts)"
    }

    static func countsTable(_ byType: [String: Int]) -> Table {
        Table(headers: ["TYPE", "COUNT"], rows: byType.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
    }

    static func counts(_ byType: [String: Int]) -> String {
        countsTable(byType).render() + "\n\n\(byType.values.reduce(0, +)) resources of \(byType.count) types"
    }

    static func findings(_ findings: [Finding]) -> String {
        // Errors show why the check could not decide; other statuses show the recommendation itself.
        let rows = findings.map { f in
            [f.status.rawValue, f.severity.rawValue, f.checkID, resourceName(f.resourceID), f.region,
             f.status == .error || f.status == .muted ? f.reason : f.title]
        }
        let counts = Dictionary(grouping: findings, by: \.status).map { "\($0.key.rawValue)=\($0.value.count)" }
            .sorted().joined(separator: " ")
        return Table(headers: ["STATUS", "SEVERITY", "CHECK", "RESOURCE", "REGION", "RECOMMENDATION / REASON"],
                     rows: rows, maxCellWidth: 70)
            .render() + "\n\n\(findings.count) findings  \(counts)"
    }

    static func score(_ reply: ScoreReply) -> String {
        guard let s = reply.score else { return "No score yet: run `palisade scan aws` first." }
        // Only controls with assessed resources count towards the score; the rest are listed apart.
        let assessed = s.controls.filter { $0.healthy + $0.unhealthy > 0 }
        let rows = assessed.sorted { ($0.maxPoints, $1.name) > ($1.maxPoints, $0.name) }.map { c in
            [c.name, String(format: "%.2f / %d", c.current, c.maxPoints), "\(c.healthy)", "\(c.unhealthy)",
             "\(c.notEvaluated)"]
        }
        let notAssessed = s.controls.filter { $0.healthy + $0.unhealthy == 0 }.map { c in
            c.notEvaluated > 0 ? "\(c.name) (\(c.notEvaluated) could not be evaluated)" : c.name
        }
        var text = "Secure score: \(String(format: "%.1f", s.percentage))%  (\(String(format: "%.2f", s.current)) of "
            + "\(String(format: "%.0f", s.max)) points, scan \(s.scanID))\n\n"
            + Table(headers: ["CONTROL", "POINTS", "HEALTHY", "UNHEALTHY", "NOT EVALUATED"], rows: rows).render()
        if !notAssessed.isEmpty {
            text += "\n\nNot assessed (no resources with a decided result): " + notAssessed.joined(separator: ", ")
        }
        if let grace = s.inGrace, grace > 0 {
            text += "\n\n\(grace) unhealthy resource\(grace == 1 ? "" : "s") counted healthy: every failing finding "
                + "in the control is in a governance grace period (`palisade governance list`); each counts once overdue."
        }
        return text
    }

    static func resourceName(_ id: String) -> String {
        if let slash = id.lastIndex(of: "/") { return String(id[id.index(after: slash)...]) }
        if let colon = id.lastIndex(of: ":") { return String(id[id.index(after: colon)...]) }
        return id
    }
}
