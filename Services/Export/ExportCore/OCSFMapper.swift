import Foundation
import PalisadeModel

/// Maps a Finding to an OCSF 1.1.0 Detection Finding (class_uid 2004, category_uid 2).
///
/// Only named Finding fields are mapped — never raw resource properties — so nothing the connector
/// collected (and no secret) can leak into an export. Times are OCSF timestamps (epoch milliseconds).
public enum OCSFMapper {
    public static let schemaVersion = "1.1.0"
    public static let classUID = 2004
    public static let categoryUID = 2

    public static func detectionFinding(_ f: Finding) -> JSONValue {
        let activity = activity(f)
        let status = status(f.status)
        let severity = severity(f.severity)
        var resource: [String: JSONValue] = [
            "uid": .string(f.resourceID), "type": .string(f.resourceType), "region": .string(f.region),
        ]
        if f.provider == "aws", f.resourceID.hasPrefix("arn:") {
            resource["cloud_partition"] = .string(String(f.resourceID.split(separator: ":")[1]))
        }
        return .object([
            "class_uid": .number(Double(classUID)), "class_name": "Detection Finding",
            "category_uid": .number(Double(categoryUID)), "category_name": "Findings",
            "activity_id": .number(Double(activity.id)), "activity_name": .string(activity.name),
            "type_uid": .number(Double(classUID * 100 + activity.id)),
            "type_name": .string("Detection Finding: \(activity.name)"),
            "severity_id": .number(Double(severity.id)), "severity": .string(severity.name),
            "status_id": .number(Double(status.id)), "status": .string(status.name),
            "status_detail": .string(f.reason),
            "time": millis(f.lastSeen),
            "message": .string(f.title),
            "finding_info": [
                "uid": .string(f.id), "title": .string(f.title), "desc": .string(f.reason),
                "first_seen_time": millis(f.firstSeen), "last_seen_time": millis(f.lastSeen),
                "types": [.string(f.checkID)],
            ],
            "resources": [.object(resource)],
            "cloud": [
                "provider": .string(provider(f.provider)),
                "account": ["uid": .string(f.account), "type": .string(accountType(f.provider))],
                "region": .string(f.region),
            ],
            "remediation": ["desc": .string(f.remediation)],
            "metadata": [
                "version": .string(schemaVersion),
                "product": ["name": "Palisade", "vendor_name": "Palisade"],
                "uid": .string("\(f.id)#\(f.version)"),
                "logged_time": millis(f.lastSeen),
            ],
            "unmapped": [
                "check_id": .string(f.checkID), "control_id": .string(f.controlID),
                "palisade_status": .string(f.status.rawValue), "lifecycle": .string(f.lifecycle.rawValue),
                "scan_id": .string(f.scanID), "finding_version": .number(Double(f.version)),
            ],
        ])
    }

    /// 1 Create for a new finding, 3 Close when resolved, 2 Update otherwise.
    static func activity(_ f: Finding) -> (id: Int, name: String) {
        switch f.lifecycle {
        case .new: return (1, "Create")
        case .resolved: return (3, "Close")
        case .persisting, .reopened: return (2, "Update")
        }
    }

    /// OCSF severity_id: 1 Informational … 5 Critical.
    public static func severity(_ s: Severity) -> (id: Int, name: String) {
        switch s {
        case .informational: return (1, "Informational")
        case .low: return (2, "Low")
        case .medium: return (3, "Medium")
        case .high: return (4, "High")
        case .critical: return (5, "Critical")
        }
    }

    /// OCSF finding status_id: fail → 1 New, pass → 4 Resolved, muted → 3 Suppressed,
    /// error / not applicable → 99 Other with Palisade's label.
    public static func status(_ s: FindingStatus) -> (id: Int, name: String) {
        switch s {
        case .fail: return (1, "New")
        case .pass: return (4, "Resolved")
        case .muted: return (3, "Suppressed")
        case .error: return (99, "Error")
        case .notApplicable: return (99, "Not Applicable")
        }
    }

    static func provider(_ p: String) -> String {
        switch p {
        case "aws": return "AWS"
        case "azure": return "Azure"
        case "gcp": return "GCP"
        default: return p
        }
    }

    static func accountType(_ p: String) -> String {
        switch p {
        case "aws": return "AWS Account"
        case "azure": return "Azure AD Account"
        case "gcp": return "GCP Account"
        default: return "Other"
        }
    }

    static func millis(_ d: Date) -> JSONValue { .number((d.timeIntervalSince1970 * 1000).rounded()) }
}
