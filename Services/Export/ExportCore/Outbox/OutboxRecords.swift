import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeProtocol

/// Builds outbox records from what the sources report. Keys come from the source's own identity (a finding's id and
/// version, the seq of scoring's log), so replaying a source after a crash produces the same keys.
public enum OutboxRecords {
    /// A new version of a finding.
    public static func finding(_ f: Finding) -> ExportRecord {
        ExportRecord(key: "finding/\(f.id)/v\(f.version)", kind: kind(of: f), time: f.lastSeen, provider: f.provider,
                     account: f.account, severity: f.severity, title: f.title, finding: f)
    }

    /// What the new version means for someone watching: muted, resolved, new or reopened failure, or another change.
    public static func kind(of f: Finding) -> ExportRecord.Kind {
        if f.status == .muted { return .findingMuted }
        switch f.lifecycle {
        case .resolved: return .findingResolved
        case .reopened where f.status == .fail: return .findingReopened
        case .new where f.status == .fail: return .findingNew
        default: return .findingChanged
        }
    }

    /// One event of scoring's log (`score.changed`, `compliance.changed`, `governance.*`); nil for other types.
    public static func scoring(_ e: EventRecord) throws -> ExportRecord? {
        let time = e.createdAt
        switch e.type {
        case ScoreChanged.type:
            let c = try e.decodePayload(ScoreChanged.self)
            let before = c.previousPercentage.map { String(format: "%.1f %%", $0) } ?? "none"
            return ExportRecord(key: "score/\(e.seq)", kind: .scoreChanged, time: time, provider: "aws", account: c.account,
                                severity: nil,
                                title: "Secure score of \(c.account): \(before) → \(String(format: "%.1f %%", c.percentage))",
                                data: try jsonValue(c))
        case "compliance.changed":
            let c = try e.decodePayload(ComplianceChange.self)
            return ExportRecord(key: "compliance/\(e.seq)", kind: .complianceChanged, time: time, provider: "aws",
                                account: c.account, severity: nil,
                                title: "\(c.standard) \(c.requirement): \(c.from.rawValue) → \(c.to.rawValue)",
                                data: try jsonValue(c))
        case "governance.assigned", "governance.reassigned", "governance.completed", "governance.overdue":
            let kind = ExportRecord.Kind(rawValue: e.type)!
            let payload = e.payload
            let a = payload["assignment"]
            let finding = a?["findingID"]?.stringValue ?? "?"
            let owner = a?["owner"]?.stringValue ?? "?"
            let verb = e.type.split(separator: ".").last.map(String.init) ?? e.type
            return ExportRecord(key: "governance/\(e.seq)", kind: kind, time: time, provider: "aws",
                                account: a?["account"]?.stringValue ?? "", severity: a?["severity"]?.stringValue.flatMap(Severity.init),
                                title: "Governance \(verb): \(finding) (owner \(owner))", data: payload)
        default:
            return nil
        }
    }

    /// An attack path that appeared in, or disappeared from, an account's latest scan.
    public static func attackPath(_ p: AttackPath, account: String, scanID: String, resolved: Bool) throws -> ExportRecord {
        ExportRecord(key: "attackpath/\(p.id)/\(resolved ? "resolved" : "new")/\(scanID)",
                     kind: resolved ? .attackPathResolved : .attackPathNew, time: Date(), provider: "aws",
                     account: account, severity: p.risk,
                     title: (resolved ? "Attack path resolved: " : "New attack path: ") + p.title,
                     data: pathSummary(p, scanID: scanID))
    }

    /// What a SIEM needs of a path: identity, risk, where it starts and ends, and its steps in words.
    static func pathSummary(_ p: AttackPath, scanID: String) -> JSONValue {
        .object([
            "id": .string(p.id), "title": .string(p.title), "risk": .string(p.risk.rawValue),
            "entryKind": .string(p.entryKind), "targetKind": .string(p.targetKind),
            "entry": .string(p.nodes.first?.id ?? ""), "target": .string(p.nodes.last?.id ?? ""),
            "riskFactors": .array(p.riskFactors.map { .string($0) }), "conditional": .bool(p.conditional),
            "steps": .number(Double(p.steps.count)), "scanID": .string(scanID),
        ])
    }

    static func jsonValue<T: Encodable>(_ v: T) throws -> JSONValue {
        try JSONText.parse(try Wire.encoder.encode(v))
    }
}
