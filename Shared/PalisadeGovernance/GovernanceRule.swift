import Foundation
import PalisadeModel

/// One governance rule from `governance.yaml`: which failing findings it takes (scope and target), who owns them,
/// by when they must be fixed, and whether they count against the secure score until then.
///
/// Rules are evaluated by `priority` (1 first); the first rule that matches a failing finding decides its
/// assignment. See docs/governance.md for the file format.
public struct GovernanceRule: Codable, Sendable, Hashable {
    /// Unique, 1-64 of `[A-Za-z0-9._-]`.
    public var id: String
    /// 1-1000, unique; 1 is evaluated first.
    public var priority: Int
    public var description: String?
    public var scope: Scope
    public var target: Target
    public var owner: Owner
    /// Due date = the moment the finding started failing + this many days (1-365).
    public var remediationDays: Int
    /// While in grace (open and not yet due), the finding does not count against the secure score.
    public var gracePeriod: Bool
    public var mode: Mode

    public init(id: String, priority: Int, description: String? = nil, scope: Scope = Scope(), target: Target,
                owner: Owner, remediationDays: Int, gracePeriod: Bool = false, mode: Mode = .onlyUnassigned) {
        self.id = id
        self.priority = priority
        self.description = description
        self.scope = scope
        self.target = target
        self.owner = owner
        self.remediationDays = remediationDays
        self.gracePeriod = gracePeriod
        self.mode = mode
    }

    /// Where a rule applies; an empty list (or map) does not narrow.
    public struct Scope: Codable, Sendable, Hashable {
        public var accounts: [String]
        public var excludeAccounts: [String]
        public var regions: [String]
        /// Resource tags that must all be present with exactly these values.
        public var tags: [String: String]

        public init(accounts: [String] = [], excludeAccounts: [String] = [], regions: [String] = [],
                    tags: [String: String] = [:]) {
            self.accounts = accounts
            self.excludeAccounts = excludeAccounts
            self.regions = regions
            self.tags = tags
        }
    }

    /// Which findings a rule takes: every criterion given must hold (a list matches any of its entries).
    /// At least one criterion is set in a rule read from a file.
    public struct Target: Codable, Sendable, Hashable {
        /// The severities taken (`severity: [...]`, or every severity at or above `minSeverity`); empty = any.
        public var severities: Set<Severity>
        public var checks: [String]
        public var controls: [String]

        public init(severities: Set<Severity> = [], checks: [String] = [], controls: [String] = []) {
            self.severities = severities
            self.checks = checks
            self.controls = controls
        }

        /// Every severity at or above `minimum`.
        public static func severities(atLeast minimum: Severity) -> Set<Severity> {
            Set(Severity.allCases.filter { $0 >= minimum })
        }

        public var isEmpty: Bool { severities.isEmpty && checks.isEmpty && controls.isEmpty }
    }

    /// Who a finding is assigned to.
    public enum Owner: Codable, Sendable, Hashable {
        /// Always this address.
        case email(address: String)
        /// The value of the resource tag `tag`; `fallback` when the tag is absent or blank. Without a fallback, a
        /// finding whose resource lacks the tag stays unassigned.
        case fromTag(key: String, fallback: String?)
    }

    /// What a rule does to a finding that already has an open assignment.
    public enum Mode: String, Codable, Sendable, Hashable, CaseIterable {
        /// Keep the existing assignment.
        case onlyUnassigned
        /// Replace an assignment made by another rule or by hand.
        case overwrite
    }
}
