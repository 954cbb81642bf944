/// The formats a set of findings can be written in (a file sink, `palisade export`, a scheduled report).
public enum FindingFormat: String, Codable, Sendable, CaseIterable {
    /// Palisade's own JSON object per finding (`FindingJSON`), one per line.
    case jsonl
    /// OCSF 1.5.0 Detection Finding (class 2004), one per line.
    case ocsf
    /// OCSF 1.5.0 Compliance Finding (class 2003), one per line per requirement the finding's check maps to.
    case ocsfCompliance = "ocsf-compliance"
    /// AWS Security Finding Format (Security Hub `BatchImportFindings`), one per line.
    case asff
    /// SARIF 2.1.0: one document holding the failing, unmuted findings.
    case sarif
    /// RFC 4180 CSV with a header row.
    case csv

    /// Whether the output is a sequence of independent lines (appendable) rather than one document.
    public var isLineFormat: Bool { self != .sarif }

    /// The file name ending, without the leading dot: `findings.<fileExtension>`.
    public var fileExtension: String {
        switch self {
        case .jsonl: return "jsonl"
        case .ocsf: return "ocsf.jsonl"
        case .ocsfCompliance: return "ocsf-compliance.jsonl"
        case .asff: return "asff.jsonl"
        case .sarif: return "sarif"
        case .csv: return "csv"
        }
    }
}
