import Foundation
import PalisadeModel

/// Every standard of the benchmark in one account (default: the most recently scored one), each requirement's
/// state decided from the account's current findings (`palisade compliance`).
public struct ComplianceQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.compliance"
    public typealias Response = ComplianceReport

    public var account: String?
    /// Only this standard (nil: all).
    public var standard: String?
    /// Per failing check, the failing resources (at most `resourceLimit` each).
    public var withResources: Bool
    public var resourceLimit: Int

    public init(account: String? = nil, standard: String? = nil, withResources: Bool = false, resourceLimit: Int = 50) {
        self.account = account
        self.standard = standard
        self.withResources = withResources
        self.resourceLimit = resourceLimit
    }
}

public struct ComplianceReport: Codable, Sendable, Hashable {
    /// nil when nothing was scored yet.
    public var account: String?
    public var computedAt: Date
    public var standards: [StandardCompliance]
    /// With `withResources`: failing resource ids per check id (capped), and how many there are in all.
    public var failingResources: [String: [String]]
    public var failingTotals: [String: Int]
    /// The remediation text of each check behind a failed requirement.
    public var remediation: [String: String]

    public init(account: String?, computedAt: Date, standards: [StandardCompliance],
                failingResources: [String: [String]] = [:], failingTotals: [String: Int] = [:],
                remediation: [String: String] = [:]) {
        self.account = account
        self.computedAt = computedAt
        self.standards = standards
        self.failingResources = failingResources
        self.failingTotals = failingTotals
        self.remediation = remediation
    }
}
