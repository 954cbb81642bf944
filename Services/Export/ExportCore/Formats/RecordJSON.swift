import Foundation
import PalisadeExport
import PalisadeModel

/// An outbox record (any kind) as one JSON object, for syslog and webhooks.
public enum RecordJSON {
    /// `{"key", "kind", "time" (ISO 8601 UTC), "provider", "account", "severity"?, "title", "snapshot", "finding"?,
    /// "data"}`. `finding` is Palisade's finding object (`FindingJSON`), or its OCSF Detection Finding when `ocsf`.
    public static func object(_ r: ExportRecord, context: FormatContext, ocsf: Bool = false) -> JSONValue {
        var o: [String: JSONValue] = [
            "key": .string(r.key), "kind": .string(r.kind.rawValue), "time": .string(FormatText.iso8601(r.time)),
            "provider": .string(r.provider), "account": .string(r.account), "title": .string(r.title),
            "snapshot": .bool(r.snapshot), "data": r.data,
        ]
        if let s = r.severity { o["severity"] = .string(s.rawValue) }
        if let f = r.finding {
            if ocsf {
                o["finding"] = OCSF.detectionFinding(f, context: context)
            } else {
                var writer = FindingJSON()
                o["finding"] = (try? JSONText.parse(writer.encode(f))) ?? .null
            }
        }
        return .object(o)
    }
}
