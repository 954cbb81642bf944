import PalisadeModel

/// OCSF 1.5.0 enum values for Palisade's vocabulary (`schema.ocsf.io/1.5.0`).
extension OCSF {
    /// activity_id: 1 Create for a new finding, 3 Close when resolved, 2 Update otherwise (persisting, reopened).
    static func activity(_ f: Finding) -> (id: Int, name: String) {
        switch f.lifecycle {
        case .new: return (1, "Create")
        case .resolved: return (3, "Close")
        case .persisting, .reopened: return (2, "Update")
        }
    }

    /// severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
    public static func severity(_ s: Severity) -> (id: Int, name: String) {
        switch s {
        case .informational: return (1, "Informational")
        case .low: return (2, "Low")
        case .medium: return (3, "Medium")
        case .high: return (4, "High")
        case .critical: return (5, "Critical")
        }
    }

    /// The finding's status_id: 3 Suppressed when muted; 4 Resolved when it no longer fails (resolved, pass, not
    /// applicable); 1 New while it fails; 99 Other ("Error") when the check could not decide — unknown is neither
    /// open nor resolved.
    public static func status(_ f: Finding) -> (id: Int, name: String) {
        if f.status == .muted { return (3, "Suppressed") }
        if f.lifecycle == .resolved { return (4, "Resolved") }
        switch f.status {
        case .fail: return (1, "New")
        case .pass, .notApplicable: return (4, "Resolved")
        case .error: return (99, "Error")
        case .muted: return (3, "Suppressed")
        }
    }

    /// compliance.status_id: 1 Pass, 3 Fail, 2 Warning when the check could not decide (missing information),
    /// 99 Other for not applicable and muted (a muted finding does not count towards compliance).
    static func complianceStatus(_ s: FindingStatus) -> (id: Int, name: String) {
        switch s {
        case .pass: return (1, "Pass")
        case .fail: return (3, "Fail")
        case .error: return (2, "Warning")
        case .notApplicable: return (99, "Not Applicable")
        case .muted: return (99, "Muted")
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

    /// account.type_id and its caption: 10 AWS Account, 13 Azure Subscription, 11 GCP Project, 99 Other.
    static func accountType(_ p: String) -> (id: Int, name: String) {
        switch p {
        case "aws": return (10, "AWS Account")
        case "azure": return (13, "Azure Subscription")
        case "gcp": return (11, "GCP Project")
        default: return (99, "Other")
        }
    }

    /// The partition of an AWS ARN (`arn:aws-cn:…` → `aws-cn`), nil for anything else.
    static func partition(_ f: Finding) -> String? {
        guard f.provider == "aws", f.resourceID.hasPrefix("arn:") else { return nil }
        let parts = f.resourceID.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
    }
}
