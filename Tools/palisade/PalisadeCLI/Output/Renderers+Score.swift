import Foundation
import PalisadeModel
import PalisadeProtocol

/// The secure score over time, across accounts and between two scans, as text and CSV.
extension Render {
    static func pct(_ v: Double) -> String { String(format: "%.1f%%", v) }

    static func signed(_ v: Double, _ digits: Int = 1) -> String {
        let s = String(format: "%+.\(digits)f", v)
        return s == String(format: "-%.\(digits)f", 0.0) ? String(format: "+%.\(digits)f", 0.0) : s
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// `palisade score`: with several accounts, their latest scores and the combination first, then the latest scan.
    static func scoreWithAccounts(_ reply: ScoreReply) -> String {
        guard let accounts = reply.accounts, accounts.count >= 2 else { return score(reply) }
        var text = reply.combined.map {
            "Combined secure score: \(pct($0.percentage))  (\(accounts.count) accounts, \($0.resourceCount) resources, "
                + "weighted by resources)\n\n"
        } ?? "Combined secure score: none (no account has an assessed scan with resources)\n\n"
        let rows = accounts.map { p in
            [p.account, pct(p.percentage), String(format: "%.2f / %.0f", p.current, p.max), "\(p.resourceCount)",
             p.scanID, p.time.short]
        }
        text += Table(headers: ["ACCOUNT", "SCORE", "POINTS", "RESOURCES", "SCAN", "SEALED"], rows: rows).render()
        return text + "\n\nLatest scan — " + score(reply)
    }

    /// One account's (or the combination's) summary line: sparkline, first/last/min/max and the change.
    static func seriesLine(_ name: String, _ values: [Double], noun: String = "scan") -> String {
        guard let first = values.first, let last = values.last else { return name }
        return "\(name)  \(Sparkline.render(values))  first \(pct(first))  last \(pct(last))  "
            + "min \(pct(values.min()!))  max \(pct(values.max()!))  change \(signed(last - first)) pts  "
            + "(\(values.count) \(noun)\(values.count == 1 ? "" : "s"))"
    }

    static func history(_ reply: ScoreHistoryReply) -> String {
        guard !reply.series.isEmpty else { return "No scores in that range: run `palisade scan aws`, or widen --since." }
        var blocks = reply.series.map { s in
            seriesLine(s.account, s.points.map(\.percentage)) + "\n" + indent(Table(
                headers: ["TIME", "SCAN", "SCORE", "RESOURCES"],
                rows: s.points.map { [$0.time.short, $0.scanID, pct($0.percentage), "\($0.resourceCount)"] }).render())
        }
        if let combined = reply.combined, !combined.isEmpty {
            let line = seriesLine("combined (weighted by resources)", combined.map(\.percentage), noun: "point")
            let table = Table(headers: ["TIME", "SCORE", "RESOURCES", "ACCOUNTS"], rows: combined.map {
                [$0.time.short, pct($0.percentage), "\($0.resourceCount)", "\($0.scans.count)"]
            })
            blocks.append(line + "\n" + indent(table.render()))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// One row per point; the combined series (when there is one) as account `combined` with no scan.
    static func historyTable(_ reply: ScoreHistoryReply) -> Table {
        func num(_ v: Double) -> String { String(format: "%.4f", v) }
        var rows = reply.series.flatMap { s in
            s.points.map { p in
                [p.time.short, p.scanID, p.account, num(p.percentage), num(p.current), num(p.max), "\(p.resourceCount)"]
            }
        }
        rows += (reply.combined ?? []).map { c in
            [c.time.short, "", "combined", num(c.percentage), "", "", "\(c.resourceCount)"]
        }
        return Table(headers: ["time", "scan", "account", "percentage", "current", "max", "resources"], rows: rows,
                     maxCellWidth: 1_000)
    }

    static func statusChange(_ f: FindingChange) -> String {
        let old = f.appeared ? "none" : f.oldStatus?.rawValue ?? "?"
        return "\(old) → \(f.newStatus.rawValue)"
    }

    static func diff(_ reply: ScoreDiffReply) -> String {
        func side(_ p: ScorePoint) -> String { "\(p.scanID) (\(p.time.short), \(pct(p.percentage)))" }
        var text = "Account \(reply.account): \(side(reply.from)) → \(side(reply.to))  change \(signed(reply.change)) pts\n\n"
        guard !reply.controls.isEmpty else { return text + "No control changed between the two scans." }
        text += Table(headers: ["CONTROL", "POINTS", "CHANGE", "HEALTHY", "UNHEALTHY"], rows: reply.controls.map { c in
            [c.name, String(format: "%.2f", c.oldCurrent) + " → " + String(format: "%.2f", c.newCurrent) + " / \(c.maxPoints)",
             signed(c.delta, 2),
             "\(c.oldHealthy) → \(c.newHealthy)", "\(c.oldUnhealthy) → \(c.newUnhealthy)"]
        }).render()
        guard !reply.findings.isEmpty || reply.moreFindings > 0 else {
            return text + "\n\nNo finding of these controls changed in the assessor's log between the two scans."
        }
        text += "\n\nFindings behind it:\n" + Table(
            headers: ["STATUS", "LIFECYCLE", "CHECK", "RESOURCE", "CONTROL"],
            rows: reply.findings.map { f in
                [statusChange(f), f.lifecycle.rawValue, f.checkID, resourceName(f.resourceID), f.controlID]
            }, maxCellWidth: 70).render()
        if reply.moreFindings > 0 { text += "\n… and \(reply.moreFindings) more" }
        if !reply.complete {
            text += "\n(the assessor's log between the two scans was too long to read in full; findings are the first found)"
        }
        return text
    }
}
