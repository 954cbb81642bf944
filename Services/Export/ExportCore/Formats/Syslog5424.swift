import Foundation
import PalisadeExport
import PalisadeModel

/// An outbox record as an RFC 5424 syslog message (without transport framing; RFC 6587 octet counting is the
/// sink's business):
///
///     <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [palisade@32473 key="…" kind="…" …] MSG
///
/// PRI = facility × 8 + severity. The facility defaults to 13, "log audit" — findings are audit evidence, and 13
/// keeps them out of the ordinary auth/daemon streams; pass another (0–23) to match the receiver's routing.
/// Severity: critical 2 (Critical), high 3 (Error), medium 4 (Warning), low 5 (Notice), informational or none 6
/// (Informational). TIMESTAMP is RFC 3339 UTC with milliseconds; MSGID the record kind. Header fields are
/// PRINTUSASCII without spaces (anything else becomes `_`), cut to RFC 5424's lengths, `-` when empty. The
/// structured data element uses the documentation enterprise number 32473 (RFC 5612) and escapes `"`, `\` and `]`.
/// MSG is the record as JSON (`RecordJSON`) or its CEF line, UTF-8 without a BOM.
public enum Syslog5424 {
    public enum Body: String, Codable, Sendable { case json, cef }

    public static let sdID = "palisade@32473"

    public static func message(_ r: ExportRecord, body: Body, hostname: String, appName: String = "palisade",
                               procID: String, facility: Int = 13, context: FormatContext) -> String {
        let pri = min(max(facility, 0), 23) * 8 + severity(r.severity)
        let header = [
            "<\(pri)>1", FormatText.iso8601(r.time), field(hostname, 255), field(appName, 48), field(procID, 128),
            field(r.kind.rawValue, 32),
        ].joined(separator: " ")
        var params: [(String, String)] = [("key", r.key), ("kind", r.kind.rawValue), ("account", r.account)]
        if let s = r.severity { params.append(("severity", s.rawValue)) }
        if let f = r.finding { params += [("check", f.checkID), ("resource", f.resourceID)] }
        let sd = "[\(sdID) " + params.map { "\($0.0)=\"\(escapeParam($0.1))\"" }.joined(separator: " ") + "]"
        let msg: String
        switch body {
        case .json: msg = String(decoding: RecordJSON.object(r, context: context).canonicalData(), as: UTF8.self)
        case .cef: msg = CEF.message(r, context: context)
        }
        return "\(header) \(sd) \(msg)"
    }

    /// Syslog severity for a record's severity.
    public static func severity(_ s: Severity?) -> Int {
        switch s {
        case .critical: return 2
        case .high: return 3
        case .medium: return 4
        case .low: return 5
        case .informational, nil: return 6
        }
    }

    /// A header field: printable US-ASCII (33–126), at most `limit` characters, `-` when empty (NILVALUE).
    static func field(_ s: String, _ limit: Int) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(limit) {
            out.unicodeScalars.append((33...126).contains(u.value) ? u : "_")
        }
        return out.isEmpty ? "-" : out
    }

    /// A PARAM-VALUE: `"`, `\` and `]` escaped with a backslash.
    static func escapeParam(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u == "\"" || u == "\\" || u == "]" { out += "\\" }
            out.unicodeScalars.append(u)
        }
        return out
    }
}
