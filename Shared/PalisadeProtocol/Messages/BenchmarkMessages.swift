import Foundation
import PalisadeModel

/// The checks the assessor runs (built-in and custom), optionally one by id or filtered.
public struct ChecksQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.checks"
    public typealias Response = [CheckInfo]

    public var id: String?
    /// A resource type or a glob over types (`aws.s3.*`).
    public var resourceType: String?
    /// A standard id (`cis-aws-3.0`) or requirement (`cis-aws-3.0:1.10`).
    public var standard: String?
    public var control: String?

    public init(id: String? = nil, resourceType: String? = nil, standard: String? = nil, control: String? = nil) {
        self.id = id
        self.resourceType = resourceType
        self.standard = standard
        self.control = control
    }
}

/// One check as a user reads it: what it asks, why, how to fix, where it maps, and how it stands now.
public struct CheckInfo: Codable, Sendable, Hashable {
    public var metadata: CheckMetadata
    public var applies: String?
    public var assertion: String
    /// The file it was loaded from; `builtIn` false for user checks (`--checks-dir`).
    public var file: String
    public var builtIn: Bool
    /// Current findings of this check by status.
    public var counts: [String: Int]

    public init(metadata: CheckMetadata, applies: String?, assertion: String, file: String, builtIn: Bool,
                counts: [String: Int]) {
        self.metadata = metadata
        self.applies = applies
        self.assertion = assertion
        self.file = file
        self.builtIn = builtIn
        self.counts = counts
    }
}

/// Failing findings grouped by check, worst first: what to fix, on how many resources, and how.
public struct RecommendationsQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.recommendations"
    public typealias Response = [Recommendation]

    public var account: String?
    /// Only this severity and worse.
    public var minimumSeverity: Severity?

    public init(account: String? = nil, minimumSeverity: Severity? = nil) {
        self.account = account
        self.minimumSeverity = minimumSeverity
    }
}

public struct Recommendation: Codable, Sendable, Hashable {
    public var checkID: String
    public var title: String
    public var severity: Severity
    public var controlID: String
    /// Resources failing the check now (muted ones excluded), and how many are muted.
    public var failing: Int
    public var muted: Int
    public var errors: Int
    public var remediation: Remediation
    /// Up to five failing resource ids.
    public var examples: [String]
    public var standards: [String]

    public init(checkID: String, title: String, severity: Severity, controlID: String, failing: Int, muted: Int,
                errors: Int, remediation: Remediation, examples: [String], standards: [String]) {
        self.checkID = checkID
        self.title = title
        self.severity = severity
        self.controlID = controlID
        self.failing = failing
        self.muted = muted
        self.errors = errors
        self.remediation = remediation
        self.examples = examples
        self.standards = standards
    }
}

/// What changed in the findings between two sealed scans of one account. Defaults: `to` is the latest sealed
/// scan, `from` the one sealed before it for the same account.
public struct DiffQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.diff"
    public typealias Response = ScanDiff

    public var from: String?
    public var to: String?

    public init(from: String? = nil, to: String? = nil) {
        self.from = from
        self.to = to
    }
}

public struct ScanDiff: Codable, Sendable, Hashable {
    public struct Change: Codable, Sendable, Hashable {
        public var findingID: String
        public var checkID: String
        public var title: String
        public var severity: Severity
        public var resourceID: String
        /// The status at `from` (null: not assessed then, or passing quietly since it was first seen).
        public var before: FindingStatus?
        public var after: FindingStatus
        public var reason: String

        public init(findingID: String, checkID: String, title: String, severity: Severity, resourceID: String,
                    before: FindingStatus?, after: FindingStatus, reason: String) {
            self.findingID = findingID
            self.checkID = checkID
            self.title = title
            self.severity = severity
            self.resourceID = resourceID
            self.before = before
            self.after = after
            self.reason = reason
        }
    }

    public var from: String
    public var to: String
    public var account: String
    /// Failing at `to`, not at `from`.
    public var newFailures: [Change]
    /// Failing at `from`, not at `to` (passing, not applicable, retired, or muted).
    public var resolved: [Change]
    /// Every other status change (errors appearing or clearing, mutes).
    public var otherChanges: [Change]

    public init(from: String, to: String, account: String, newFailures: [Change], resolved: [Change],
                otherChanges: [Change]) {
        self.from = from
        self.to = to
        self.account = account
        self.newFailures = newFailures
        self.resolved = resolved
        self.otherChanges = otherChanges
    }
}
