import Foundation
import PalisadeModel

/// Operations over a rule set.
public enum GovernanceRules {
    /// The rule that decides `finding`'s assignment: the matching rule with the lowest priority number, or nil.
    /// `rules` need not be sorted.
    public static func firstMatch(_ finding: Finding, tags: [String: String], in rules: [GovernanceRule])
        -> GovernanceRule?
    {
        sorted(rules).first { $0.matches(finding, tags: tags) }
    }

    /// `rules` in evaluation order: by priority, then id (priorities are unique in a file).
    public static func sorted(_ rules: [GovernanceRule]) -> [GovernanceRule] {
        rules.sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
    }
}
