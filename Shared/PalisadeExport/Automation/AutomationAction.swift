import Foundation

/// What a rule does when it runs. Each run's outcome is recorded per action.
public enum AutomationAction: Sendable, Hashable {
    /// POST the matched records as JSON, signed with the secret when one is given.
    case webhook(url: String, secret: SecretRef?)
    /// One syslog message per record to `udp://`, `tcp://` or `tls://host:port`; `format` is `rfc5424` or `cef`;
    /// `caFile` verifies a `tls://` receiver.
    case syslog(address: String, format: String, caFile: String?)
    /// One e-mail to `to` listing the matches (`subject` may use `{count}`, `{rule}`, `{severity}`), or a digest.
    case email(to: [String], subject: String?, digest: Digest?)
    /// Open (or update — one ticket per finding) a ServiceNow incident or Jira issue.
    case ticket(system: String)
    /// Compute the fix plan for the matched findings and attach it to the run's outcome.
    case remediationPlan

    /// The e-mails a scheduled rule sends about governance.
    public enum Digest: String, Sendable, Hashable, CaseIterable {
        /// One e-mail per owner listing their open items (the weekly owner digest); no `to`.
        case governanceOwners = "governance-owners"
        /// One e-mail to `to` listing every overdue item (the manager digest).
        case governanceOverdue = "governance-overdue"
    }

    /// The action's key in the file: "webhook", "syslog", "email", "ticket", "remediationPlan".
    public var kind: String {
        switch self {
        case .webhook: return "webhook"
        case .syslog: return "syslog"
        case .email: return "email"
        case .ticket: return "ticket"
        case .remediationPlan: return "remediationPlan"
        }
    }

    public static let kinds = ["webhook", "syslog", "email", "ticket", "remediationPlan"]
    public static let syslogFormats = ["rfc5424", "cef"]
    public static let syslogSchemes = ["udp", "tcp", "tls"]
    public static let ticketSystems = ["servicenow", "jira"]
    /// The placeholders an e-mail subject may use.
    public static let subjectPlaceholders = ["{count}", "{rule}", "{severity}"]
}
