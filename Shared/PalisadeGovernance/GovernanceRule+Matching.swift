import Foundation
import PalisadeModel

extension GovernanceRule {
    /// Whether this rule takes `finding`, whose resource carries `tags`. Only failing findings are governed
    /// (`GovernancePlanner.isFailing`), so any other finding never matches.
    public func matches(_ finding: Finding, tags: [String: String]) -> Bool {
        guard GovernancePlanner.isFailing(finding) else { return false }
        return scope.matches(finding, tags: tags) && target.matches(finding)
    }

    /// The owner of `finding` under this rule, from the resource's `tags`; nil when the owner tag is absent or blank
    /// and the rule has no fallback.
    public func resolveOwner(tags: [String: String]) -> String? {
        switch owner {
        case let .email(address: address):
            return address
        case let .fromTag(key: key, fallback: fallback):
            if let value = tags[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value }
            return fallback
        }
    }

    /// When `finding` must be fixed: `remediationDays` after it started failing (its `firstSeen`, or the scan that
    /// saw it fail again when it is `reopened`, since `firstSeen` survives a resolution).
    public func dueDate(for finding: Finding) -> Date {
        let start = finding.lifecycle == .reopened ? finding.lastSeen : finding.firstSeen
        return start.addingTimeInterval(TimeInterval(remediationDays) * 86_400)
    }
}

extension GovernanceRule.Scope {
    func matches(_ finding: Finding, tags resourceTags: [String: String]) -> Bool {
        if !accounts.isEmpty, !accounts.contains(finding.account) { return false }
        if excludeAccounts.contains(finding.account) { return false }
        if !regions.isEmpty, !regions.contains(finding.region) { return false }
        return tags.allSatisfy { key, value in resourceTags[key] == value }
    }
}

extension GovernanceRule.Target {
    func matches(_ finding: Finding) -> Bool {
        if !severities.isEmpty, !severities.contains(finding.severity) { return false }
        if !checks.isEmpty, !checks.contains(finding.checkID) { return false }
        if !controls.isEmpty, !controls.contains(finding.controlID) { return false }
        return true
    }
}
