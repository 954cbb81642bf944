import Foundation
import PalisadeModel

/// AWS Security Finding Format (schema 2018-10-08): an `AwsSecurityFinding` for Security Hub `BatchImportFindings`
/// (at most 100 per call), imported into the account's own `default` product.
///
/// `Id` is the finding id, stable across scans, so re-importing updates the same Security Hub finding. A finding that
/// no longer fails is `ARCHIVED` with workflow `RESOLVED`; a muted one stays `ACTIVE` with workflow `SUPPRESSED`.
/// Only named finding fields and check metadata are written, within Security Hub's length limits.
public enum ASFF {
    public static let schemaVersion = "2018-10-08"
    /// Security Hub's limits (characters).
    static let titleLimit = 256, descriptionLimit = 1024, remediationLimit = 512, productFieldLimit = 2048

    public static func finding(_ f: Finding, context: FormatContext) -> JSONValue {
        let check = context.check(f.checkID)
        let region = Self.region(f.region)
        let partition = OCSF.partition(f) ?? "aws"
        let label = severityLabel(f.severity)
        let types = Self.types(check)
        var resource: [String: JSONValue] = [
            "Type": .string(resourceType(f.resourceType)),
            "Id": .string(FormatText.nonBlank(f.resourceID, f.id)),
            "Region": .string(region),
        ]
        if f.provider == "aws" { resource["Partition"] = .string(partition) }
        var recommendation: [String: JSONValue] = [
            "Text": .string(FormatText.truncated(
                FormatText.nonBlank(f.remediation, check?.remediation ?? "See the check's documentation."),
                to: remediationLimit)),
        ]
        if let url = check?.helpURL { recommendation["Url"] = .string(url) }
        var compliance: [String: JSONValue] = ["Status": .string(complianceStatus(f))]
        let requirements = (check?.requirements ?? []).prefix(32).map { JSONValue.string(String($0.reference.prefix(128))) }
        if !requirements.isEmpty { compliance["RelatedRequirements"] = .array(Array(requirements)) }
        var productFields: [String: JSONValue] = [
            "ProviderName": "Palisade", "ProviderVersion": .string(context.productVersion),
            "palisade/CheckID": .string(f.checkID), "palisade/ControlID": .string(f.controlID),
            "palisade/Status": .string(f.status.rawValue), "palisade/Lifecycle": .string(f.lifecycle.rawValue),
            "palisade/FindingVersion": .string(String(f.version)), "palisade/ScanID": .string(f.scanID),
            "palisade/ResourceType": .string(f.resourceType),
        ]
        if !f.reason.isEmpty { productFields["palisade/Reason"] = .string(FormatText.truncated(f.reason, to: productFieldLimit)) }
        if let m = f.mutedBy, !m.isEmpty { productFields["palisade/MutedBy"] = .string(FormatText.truncated(m, to: productFieldLimit)) }
        let description = FormatText.nonBlank(check?.description ?? "", FormatText.nonBlank(f.reason, f.title))
        return [
            "SchemaVersion": .string(schemaVersion),
            "Id": .string(f.id),
            "ProductArn": .string("arn:\(partition):securityhub:\(region):\(f.account):product/\(f.account)/default"),
            "ProductName": "Palisade", "CompanyName": "Palisade",
            "GeneratorId": .string(f.checkID),
            "AwsAccountId": .string(f.account),
            "Types": .array(types.map { .string($0) }),
            "CreatedAt": .string(FormatText.iso8601(f.firstSeen)),
            "UpdatedAt": .string(FormatText.iso8601(f.lastSeen)),
            "FirstObservedAt": .string(FormatText.iso8601(f.firstSeen)),
            "LastObservedAt": .string(FormatText.iso8601(f.lastSeen)),
            "Severity": ["Label": .string(label), "Original": .string(f.severity.rawValue)],
            "FindingProviderFields": [
                "Severity": ["Label": .string(label), "Original": .string(f.severity.rawValue)],
                "Types": .array(types.map { .string($0) }),
            ],
            "Title": .string(FormatText.truncated(FormatText.nonBlank(f.title, f.checkID), to: titleLimit)),
            "Description": .string(FormatText.truncated(description, to: descriptionLimit)),
            "Remediation": ["Recommendation": .object(recommendation)],
            "Resources": [.object(resource)],
            "Compliance": .object(compliance),
            "Workflow": ["Status": .string(workflowStatus(f))],
            "RecordState": .string(isClosed(f) ? "ARCHIVED" : "ACTIVE"),
            "ProductFields": .object(productFields),
        ]
    }

    /// Security Hub needs a real region in the product ARN: global resources (`global`, empty) are filed under
    /// us-east-1, where AWS itself reports global services.
    static func region(_ r: String) -> String { r.isEmpty || r == "global" ? "us-east-1" : r }

    static func severityLabel(_ s: Severity) -> String {
        switch s {
        case .informational: return "INFORMATIONAL"
        case .low: return "LOW"
        case .medium: return "MEDIUM"
        case .high: return "HIGH"
        case .critical: return "CRITICAL"
        }
    }

    /// Resolved, passing or not applicable: the finding is closed in Security Hub.
    static func isClosed(_ f: Finding) -> Bool {
        f.lifecycle == .resolved || f.status == .pass || f.status == .notApplicable
    }

    /// PASSED / FAILED / WARNING (the check could not decide) / NOT_AVAILABLE; a muted finding reports the result its
    /// check gave (Security Hub keeps suppressed findings' compliance status).
    static func complianceStatus(_ f: Finding) -> String {
        switch f.status == .muted ? (f.result ?? .notApplicable) : f.status {
        case .pass: return "PASSED"
        case .fail: return "FAILED"
        case .error: return "WARNING"
        case .notApplicable, .muted: return "NOT_AVAILABLE"
        }
    }

    static func workflowStatus(_ f: Finding) -> String {
        if f.status == .muted { return "SUPPRESSED" }
        return isClosed(f) ? "RESOLVED" : "NEW"
    }
}
