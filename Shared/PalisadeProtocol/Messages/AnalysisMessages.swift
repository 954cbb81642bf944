import Foundation
import PalisadeModel

/// Attack paths from the graph built for the latest sealed scan (or `scanID`).
public struct PathsQuery: BusMessage {
    public static let service = ServiceName.graph
    public static let type = "graph.paths"
    public typealias Response = PathsReply

    public var scanID: String?
    public init(scanID: String? = nil) { self.scanID = scanID }
}

public struct PathsReply: Codable, Sendable, Hashable {
    public var scanID: String?
    public var nodeCount: Int
    public var edgeCount: Int
    public var paths: [AttackPath]
    /// Paths of the account that this scan no longer finds (lifecycle `resolved`), as last seen.
    public var resolved: [AttackPath]
    public var chokePoints: [ChokePoint]
    public var fixPlan: FixPlan
    /// Elements the graph could not use (malformed policies, unknown rules), with the reason.
    public var problems: [String]

    public init(scanID: String?, nodeCount: Int, edgeCount: Int, paths: [AttackPath], resolved: [AttackPath] = [],
                chokePoints: [ChokePoint] = [], fixPlan: FixPlan = .empty, problems: [String] = []) {
        self.scanID = scanID
        self.nodeCount = nodeCount
        self.edgeCount = edgeCount
        self.paths = paths
        self.resolved = resolved
        self.chokePoints = chokePoints
        self.fixPlan = fixPlan
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case scanID, nodeCount, edgeCount, paths, resolved, chokePoints, fixPlan, problems
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scanID = try c.decodeIfPresent(String.self, forKey: .scanID)
        nodeCount = try c.decode(Int.self, forKey: .nodeCount)
        edgeCount = try c.decode(Int.self, forKey: .edgeCount)
        paths = try c.decode([AttackPath].self, forKey: .paths)
        resolved = try c.decodeIfPresent([AttackPath].self, forKey: .resolved) ?? []
        chokePoints = try c.decodeIfPresent([ChokePoint].self, forKey: .chokePoints) ?? []
        fixPlan = try c.decodeIfPresent(FixPlan.self, forKey: .fixPlan) ?? .empty
        problems = try c.decodeIfPresent([String].self, forKey: .problems) ?? []
    }
}

/// The secure score of the latest scored scan (or `scanID`).
public struct ScoreQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.score"
    public typealias Response = ScoreReply

    public var scanID: String?
    public init(scanID: String? = nil) { self.scanID = scanID }
}

public struct ScoreReply: Codable, Sendable, Hashable {
    public var score: SecureScore?
    /// Without `scanID`: each account's latest score (absent from older services and from a `scanID` reply).
    public var accounts: [ScorePoint]?
    /// Without `scanID`: the accounts' latest scores weighted by resources (nil when none assessed anything).
    public var combined: CombinedScore?

    public init(score: SecureScore?, accounts: [ScorePoint]? = nil, combined: CombinedScore? = nil) {
        self.score = score
        self.accounts = accounts
        self.combined = combined
    }
}

/// Where a consumer of the assessor's event log stands; lets the CLI wait until a scan is processed.
public struct ConsumerPosition: Codable, Sendable, Hashable {
    public var service: String
    public var cursor: Int64
    /// Last scan whose `scan.sealed` event this consumer has committed.
    public var lastScanID: String?

    public init(service: String, cursor: Int64, lastScanID: String?) {
        self.service = service
        self.cursor = cursor
        self.lastScanID = lastScanID
    }
}

public struct GraphPositionQuery: BusMessage {
    public static let service = ServiceName.graph
    public static let type = "graph.position"
    public typealias Response = ConsumerPosition
    public init() {}
}

public struct ScoringPositionQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.position"
    public typealias Response = ConsumerPosition
    public init() {}
}

public struct ExportPositionQuery: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.position"
    public typealias Response = ConsumerPosition
    public init() {}
}

/// Writes the current findings to `path` on the export service's host, in one of the export formats, filtered.
public struct ExportFindings: BusMessage {
    public static let service = ServiceName.export
    public static let type = "export.findings"
    public typealias Response = ExportResult

    public enum Format: String, Codable, Sendable, CaseIterable {
        case ocsf, ocsfCompliance = "ocsf-compliance", asff, sarif, csv, jsonl
    }
    public var format: Format
    public var path: String
    /// Only findings with this status (kept for older callers; `statuses` takes several).
    public var status: FindingStatus?
    public var statuses: [FindingStatus]
    public var severities: [Severity]
    public var checks: [String]
    public var accounts: [String]
    /// Only findings whose latest change came in a scan sealed after this one.
    public var sinceScan: String?

    public init(format: Format, path: String, status: FindingStatus? = nil, statuses: [FindingStatus] = [],
                severities: [Severity] = [], checks: [String] = [], accounts: [String] = [], sinceScan: String? = nil) {
        self.format = format
        self.path = path
        self.status = status
        self.statuses = statuses
        self.severities = severities
        self.checks = checks
        self.accounts = accounts
        self.sinceScan = sinceScan
    }

    enum CodingKeys: String, CodingKey { case format, path, status, statuses, severities, checks, accounts, sinceScan }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Format.self, forKey: .format)
        path = try c.decode(String.self, forKey: .path)
        status = try c.decodeIfPresent(FindingStatus.self, forKey: .status)
        statuses = try c.decodeIfPresent([FindingStatus].self, forKey: .statuses) ?? []
        severities = try c.decodeIfPresent([Severity].self, forKey: .severities) ?? []
        checks = try c.decodeIfPresent([String].self, forKey: .checks) ?? []
        accounts = try c.decodeIfPresent([String].self, forKey: .accounts) ?? []
        sinceScan = try c.decodeIfPresent(String.self, forKey: .sinceScan)
    }

    /// Does `f` pass the filters?
    public func matches(_ f: Finding, scansAfter: Set<String>?) -> Bool {
        let wanted = statuses + (status.map { [$0] } ?? [])
        if !wanted.isEmpty, !wanted.contains(f.status) { return false }
        if !severities.isEmpty, !severities.contains(f.severity) { return false }
        if !checks.isEmpty, !checks.contains(f.checkID) { return false }
        if !accounts.isEmpty, !accounts.contains(f.account) { return false }
        if let scansAfter, !scansAfter.contains(f.scanID) { return false }
        return true
    }
}

public struct ExportResult: Codable, Sendable, Hashable {
    public var path: String
    public var count: Int
    public init(path: String, count: Int) {
        self.path = path
        self.count = count
    }
}
