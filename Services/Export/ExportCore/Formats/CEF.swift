import Foundation
import PalisadeExport
import PalisadeModel

/// ArcSight Common Event Format (CEF:0) for an outbox record: one line, for syslog receivers and SIEMs.
///
/// `CEF:0|Palisade|Palisade|<version>|<check id, or the record kind>|<title>|<severity 0-10>|<extension>`. Header
/// fields escape `\` and `|` (line breaks become spaces: a header cannot hold them); extension values escape `\`, `=`
/// and line breaks (`\n`, `\r`). Only named fields are written — never a record's `data` or resource properties.
public enum CEF {
    public static func message(_ r: ExportRecord, context: FormatContext) -> String {
        let f = r.finding
        let header = [
            "Palisade", "Palisade", context.productVersion, FormatText.nonBlank(f?.checkID ?? "", r.kind.rawValue),
            FormatText.nonBlank(r.title, r.kind.rawValue),
        ].map(escapeHeader).joined(separator: "|")
        var ext: [(String, String)] = [
            ("rt", String(FormatText.millis(r.time))),
            ("cs1Label", "key"), ("cs1", r.key),
            ("cs2Label", "kind"), ("cs2", r.kind.rawValue),
            ("act", action(r.kind)),
        ]
        if let owner = r.data.value(at: "assignment.owner")?.stringValue, !owner.isEmpty { ext.append(("suser", owner)) }
        if !r.account.isEmpty { ext.append(("duid", r.account)) }
        if !r.provider.isEmpty { ext += [("cs4Label", "provider"), ("cs4", r.provider)] }
        if let f {
            ext += [("cs3Label", "resource"), ("cs3", f.resourceID), ("cs5Label", "region"), ("cs5", f.region),
                    ("outcome", f.status.rawValue)]
            if !f.reason.isEmpty { ext.append(("msg", f.reason)) }
        }
        let extensions = ext.map { "\($0.0)=\(escapeValue($0.1))" }.joined(separator: " ")
        return "CEF:0|\(header)|\(severity(r.severity))|\(extensions)"
    }

    /// info 1, low 3, medium 5, high 8, critical 10; a record without a severity (score, compliance, governance) 1.
    public static func severity(_ s: Severity?) -> Int {
        switch s {
        case .critical: return 10
        case .high: return 8
        case .medium: return 5
        case .low: return 3
        case .informational, nil: return 1
        }
    }

    /// The change the record reports: `new`, `resolved`, `muted`, `assigned`, `overdue`, `changed` …; `snapshot` for
    /// a row of a full snapshot.
    static func action(_ k: ExportRecord.Kind) -> String {
        k == .snapshotFinding ? "snapshot" : String(k.rawValue.split(separator: ".").last ?? Substring(k.rawValue))
    }

    static func escapeHeader(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "\r", "\n": out += " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func escapeValue(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "=": out += "\\="
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
