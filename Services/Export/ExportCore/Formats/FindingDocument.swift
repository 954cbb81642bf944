import Foundation
import PalisadeModel

/// Findings written in one of the `FindingFormat`s: a whole file (`render`), or — for the line formats — the
/// optional header and one finding's line(s), for sinks that append.
public enum FindingDocument {
    /// A whole file. SARIF: one JSON document of the failing, unmuted findings. CSV: the header and a row per finding.
    /// Line formats: one JSON object per line (OCSF Compliance: one per requirement).
    public static func render(_ findings: [Finding], format: FindingFormat, context: FormatContext) -> Data {
        if format == .sarif {
            return SARIF.document(findings, context: context).canonicalData() + Data("\n".utf8)
        }
        var out = header(format) ?? Data()
        var writer = FindingJSON()
        for f in findings {
            if format == .jsonl { out += writer.encode(f) + Data("\n".utf8) }
            else if let line = line(f, format: format, context: context) { out += line }
        }
        return out
    }

    /// The CSV header row; nil for every other format.
    public static func header(_ format: FindingFormat) -> Data? {
        format == .csv ? Data(FindingCSV.header.utf8) : nil
    }

    /// One finding's line(s), ending with "\n"; nil for SARIF (a single document), and for OCSF Compliance when the
    /// check maps to no requirement.
    public static func line(_ f: Finding, format: FindingFormat, context: FormatContext) -> Data? {
        switch format {
        case .jsonl:
            var writer = FindingJSON()
            return writer.encode(f) + Data("\n".utf8)
        case .ocsf: return jsonLine(OCSF.detectionFinding(f, context: context))
        case .ocsfCompliance:
            let events = OCSF.complianceFindings(f, context: context)
            guard !events.isEmpty else { return nil }
            return events.reduce(into: Data()) { $0 += jsonLine($1) }
        case .asff: return jsonLine(ASFF.finding(f, context: context))
        case .csv: return Data(FindingCSV.line(f, context: context).utf8)
        case .sarif: return nil
        }
    }

    static func jsonLine(_ v: JSONValue) -> Data { v.canonicalData() + Data("\n".utf8) }
}
