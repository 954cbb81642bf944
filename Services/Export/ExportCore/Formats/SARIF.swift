import Foundation
import PalisadeModel

/// SARIF 2.1.0: one log with one run, as code-scanning tools read it. Like Prowler, only what needs fixing: findings
/// that fail and are not muted (and not resolved). One rule per check, carrying its help text and a
/// `security-severity` (critical 9.0, high 7.0, medium 4.0, low 2.0, informational 0.0); each result points at its
/// cloud resource as a logical location.
enum SARIF {
    static let version = "2.1.0"
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func includes(_ f: Finding) -> Bool { f.status == .fail && f.lifecycle != .resolved }

    static func document(_ findings: [Finding], context: FormatContext) -> JSONValue {
        let failing = findings.filter(includes)
        let checkIDs = Array(Set(failing.map(\.checkID))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: checkIDs.enumerated().map { ($1, $0) })
        let firstByCheck = Dictionary(failing.map { ($0.checkID, $0) }, uniquingKeysWith: { a, _ in a })
        let rules = checkIDs.map { rule(firstByCheck[$0]!, check: context.check($0)) }
        let results = failing.map { result($0, ruleIndex: ruleIndex[$0.checkID]!) }
        return [
            "$schema": .string(schema),
            "version": .string(version),
            "runs": [[
                "tool": ["driver": [
                    "name": "Palisade", "organization": "Palisade",
                    "version": .string(context.productVersion), "semanticVersion": .string(context.productVersion),
                    "rules": .array(rules),
                ]],
                "columnKind": "unicodeCodePoints",
                "results": .array(results),
            ]],
        ]
    }

    static func rule(_ f: Finding, check: FormatContext.Check?) -> JSONValue {
        let title = FormatText.nonBlank(check?.title ?? "", f.title)
        let description = FormatText.nonBlank(check?.description ?? "", title)
        let remediation = FormatText.nonBlank(check?.remediation ?? "", FormatText.nonBlank(f.remediation, title))
        let severity = check?.severity ?? f.severity
        var rule: [String: JSONValue] = [
            "id": .string(f.checkID),
            "shortDescription": ["text": .string(title)],
            "fullDescription": ["text": .string(description)],
            "help": [
                "text": .string(remediation),
                "markdown": .string("**\(title)**\n\n\(description)\n\n**Remediation:** \(remediation)"),
            ],
            "defaultConfiguration": ["level": .string(level(severity))],
            "properties": [
                "security-severity": .string(securitySeverity(severity)),
                "tags": .array(["security", "cloud", .string(f.controlID)].filter { $0 != "" }),
                "precision": "very-high",
            ],
        ]
        if let url = check?.helpURL { rule["helpUri"] = .string(url) }
        return .object(rule)
    }

    static func result(_ f: Finding, ruleIndex: Int) -> JSONValue {
        [
            "ruleId": .string(f.checkID),
            "ruleIndex": .int(ruleIndex),
            "kind": "fail",
            "level": .string(level(f.severity)),
            "message": ["text": .string(f.reason.isEmpty ? f.title : "\(f.title): \(f.reason)")],
            "locations": [[
                "logicalLocations": [[
                    "name": .string(f.resourceID), "kind": "resource",
                    "fullyQualifiedName": .string("\(f.provider)/\(f.account)/\(f.region)/\(f.resourceID)"),
                ]],
            ]],
            "partialFingerprints": ["palisadeFindingId/v1": .string(f.id)],
            "properties": [
                "provider": .string(f.provider), "account": .string(f.account), "region": .string(f.region),
                "resourceType": .string(f.resourceType), "severity": .string(f.severity.rawValue),
                "lifecycle": .string(f.lifecycle.rawValue), "firstSeen": .string(FormatText.iso8601(f.firstSeen)),
                "lastSeen": .string(FormatText.iso8601(f.lastSeen)),
            ],
        ]
    }

    /// error for critical and high, warning for medium, note for low and informational.
    static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .informational: return "note"
        }
    }

    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: return "9.0"
        case .high: return "7.0"
        case .medium: return "4.0"
        case .low: return "2.0"
        case .informational: return "0.0"
        }
    }
}
