import Foundation
import PalisadeExport
import PalisadeModel

/// The text of automation e-mails.
enum Mail {
    /// The rule's subject with `{count}`, `{rule}` and `{severity}` filled in, or a default.
    static func subject(_ template: String?, rule: AutomationRule, records: [ExportRecord]) -> String {
        let top = records.compactMap(\.severity).max()?.rawValue ?? "info"
        guard let template else {
            if records.count == 1, let r = records.first { return "[Palisade] \(r.title)" }
            return "[Palisade] \(records.count) changes matched \(rule.name)"
        }
        return template.replacingOccurrences(of: "{count}", with: "\(records.count)")
            .replacingOccurrences(of: "{rule}", with: rule.name).replacingOccurrences(of: "{severity}", with: top)
    }

    /// One block per record: what, where, why, how to fix.
    static func text(_ records: [ExportRecord], rule: AutomationRule) -> String {
        var out = "Automation \(rule.name) matched \(records.count) change(s).\n\n"
        for r in records {
            out += "- [\(r.severity?.rawValue ?? "-")] \(r.title)\n  \(r.kind.rawValue) · account \(r.account) · \(r.key)\n"
            if let f = r.finding {
                out += "  resource: \(f.resourceID) (\(f.region))\n  status: \(f.status.rawValue) — \(f.reason)\n"
                if !f.remediation.isEmpty { out += "  fix: \(f.remediation)\n" }
            }
            out += "\n"
        }
        return out
    }

    /// A Message-ID local part from a delivery id (letters, digits, `.-_` only).
    static func safeID(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || ".-_".contains($0) ? $0 : "." })
    }
}
