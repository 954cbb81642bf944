/// One `affected[]` entry of an OSV record, as far as matching needs it: the package's ecosystem, its
/// `ranges[]` and its explicit `versions[]` list.
public struct OSVAffected: Hashable, Sendable {
    public var ecosystem: String
    public var ranges: [OSVRange]
    public var versions: [String]

    public init(ecosystem: String, ranges: [OSVRange] = [], versions: [String] = []) {
        self.ecosystem = ecosystem
        self.ranges = ranges
        self.versions = versions
    }
}

/// One `ranges[]` entry: its type and its events, in any order.
public struct OSVRange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Versions ordered by the ecosystem's own scheme.
        case ecosystem = "ECOSYSTEM"
        /// Versions ordered by Semantic Versioning 2.0.0, whatever the ecosystem.
        case semver = "SEMVER"
        /// Commit hashes: cannot be ordered without the repository.
        case git = "GIT"
    }

    public var kind: Kind
    public var events: [OSVEvent]

    public init(_ kind: Kind, _ events: [OSVEvent]) {
        self.kind = kind
        self.events = events
    }
}

/// An OSV range event. `introduced: "0"` means "since the first version".
public enum OSVEvent: Hashable, Sendable {
    case introduced(String)
    case fixed(String)
    case lastAffected(String)
    case limit(String)

    var version: String {
        switch self {
        case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): return v
        }
    }
}

/// Whether an installed version is affected. Unknown is not "not affected": it carries the reason.
public enum AffectedVerdict: Hashable, Sendable {
    case affected
    case notAffected
    case unknown(String)
}
