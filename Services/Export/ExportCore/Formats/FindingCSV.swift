import Foundation
import PalisadeModel

/// RFC 4180 CSV of findings: a header row, CRLF line ends, a field quoted when it holds `,` `"` CR or LF (quotes
/// doubled). A cell a spreadsheet would run as a formula — starting with `=` `+` `-` `@`, tab or CR — gets a leading
/// `'` (OWASP's CSV injection advice), so opening an export never executes a resource name.
enum FindingCSV {
    static let columns = [
        "id", "check_id", "title", "severity", "status", "result", "lifecycle", "provider", "account", "region",
        "resource_type", "resource_id", "control_id", "requirements", "reason", "remediation", "muted_by",
        "first_seen", "last_seen", "scan_id", "version",
    ]

    static var header: String { row(columns) }

    static func line(_ f: Finding, context: FormatContext) -> String {
        let requirements = context.check(f.checkID)?.requirements.map(\.reference).joined(separator: " ") ?? ""
        return row([
            f.id, f.checkID, f.title, f.severity.rawValue, f.status.rawValue, f.result?.rawValue ?? "",
            f.lifecycle.rawValue, f.provider, f.account, f.region, f.resourceType, f.resourceID, f.controlID,
            requirements, f.reason, f.remediation, f.mutedBy ?? "", FormatText.iso8601(f.firstSeen),
            FormatText.iso8601(f.lastSeen), f.scanID, String(f.version),
        ])
    }

    static func row(_ cells: [String]) -> String { cells.map(cell).joined(separator: ",") + "\r\n" }

    static func cell(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
