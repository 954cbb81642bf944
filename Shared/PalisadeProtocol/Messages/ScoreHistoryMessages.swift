import Foundation
import PalisadeModel

/// One scored scan in an account's history: the overall score, the scan's size and when it was sealed.
public struct ScorePoint: Codable, Sendable, Hashable {
    public var scanID: String
    public var account: String
    /// When the scan was sealed (nil for scores kept before history was: then `computedAt` stands in).
    public var sealedAt: Date?
    public var computedAt: Date
    public var percentage: Double
    public var current: Double
    public var max: Double
    /// Resources the scan's seal counted (0 for scores kept before history was).
    public var resourceCount: Int
    /// Per control current/max points; only when asked for (`--controls`).
    public var controls: [ControlPoint]?

    public init(scanID: String, account: String, sealedAt: Date?, computedAt: Date, percentage: Double,
                current: Double, max: Double, resourceCount: Int, controls: [ControlPoint]? = nil) {
        self.scanID = scanID
        self.account = account
        self.sealedAt = sealedAt
        self.computedAt = computedAt
        self.percentage = percentage
        self.current = current
        self.max = max
        self.resourceCount = resourceCount
        self.controls = controls
    }

    /// The point's place in time: the seal, else the computation.
    public var time: Date { sealedAt ?? computedAt }
}

public struct ControlPoint: Codable, Sendable, Hashable {
    public var controlID: String
    public var current: Double
    public var max: Int
    public var healthy: Int
    public var unhealthy: Int

    public init(controlID: String, current: Double, max: Int, healthy: Int, unhealthy: Int) {
        self.controlID = controlID
        self.current = current
        self.max = max
        self.healthy = healthy
        self.unhealthy = unhealthy
    }
}

/// Several accounts as one score: `Σ percentage × resources / Σ resources` over the accounts' latest scores that
/// assessed something (see docs/scoring.md).
public struct CombinedScore: Codable, Sendable, Hashable {
    public var time: Date
    public var percentage: Double
    /// Σ resources of the weighed accounts.
    public var resourceCount: Int
    /// The scan each weighed account contributed, by account.
    public var scans: [String: String]

    public init(time: Date, percentage: Double, resourceCount: Int, scans: [String: String]) {
        self.time = time
        self.percentage = percentage
        self.resourceCount = resourceCount
        self.scans = scans
    }
}

public struct ScoreSeries: Codable, Sendable, Hashable {
    public var account: String
    public var points: [ScorePoint]

    public init(account: String, points: [ScorePoint]) {
        self.account = account
        self.points = points
    }
}

/// The secure score over time, per account (oldest first), and combined over accounts.
public struct ScoreHistoryQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.history"
    public typealias Response = ScoreHistoryReply

    public var account: String?
    /// Only points sealed at or after this time.
    public var since: Date?
    /// Include per-control points.
    public var controls: Bool

    public init(account: String? = nil, since: Date? = nil, controls: Bool = false) {
        self.account = account
        self.since = since
        self.controls = controls
    }
}

public struct ScoreHistoryReply: Codable, Sendable, Hashable {
    public var series: [ScoreSeries]
    /// Without an account filter and with two or more accounts: at each point's time, every account's latest score
    /// then, weighted by resources.
    public var combined: [CombinedScore]?

    public init(series: [ScoreSeries], combined: [CombinedScore]? = nil) {
        self.series = series
        self.combined = combined
    }
}

/// What moved between two scored scans of one account: per control, and the findings behind it.
public struct ScoreDiffQuery: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.diff"
    public typealias Response = ScoreDiffReply

    /// Both or neither; neither: the account's last two scored scans.
    public var fromScanID: String?
    public var toScanID: String?
    /// Without scans: whose last two (default: the account of the latest scored scan).
    public var account: String?
    /// Findings listed at most; the rest are counted.
    public var findingLimit: Int

    public init(fromScanID: String? = nil, toScanID: String? = nil, account: String? = nil, findingLimit: Int = 50) {
        self.fromScanID = fromScanID
        self.toScanID = toScanID
        self.account = account
        self.findingLimit = findingLimit
    }
}

public struct ControlChange: Codable, Sendable, Hashable {
    public var controlID: String
    public var name: String
    public var maxPoints: Int
    public var oldCurrent: Double
    public var newCurrent: Double
    public var oldHealthy: Int
    public var newHealthy: Int
    public var oldUnhealthy: Int
    public var newUnhealthy: Int

    public init(controlID: String, name: String, maxPoints: Int, oldCurrent: Double, newCurrent: Double,
                oldHealthy: Int, newHealthy: Int, oldUnhealthy: Int, newUnhealthy: Int) {
        self.controlID = controlID
        self.name = name
        self.maxPoints = maxPoints
        self.oldCurrent = oldCurrent
        self.newCurrent = newCurrent
        self.oldHealthy = oldHealthy
        self.newHealthy = newHealthy
        self.oldUnhealthy = oldUnhealthy
        self.newUnhealthy = newUnhealthy
    }

    public var delta: Double { newCurrent - oldCurrent }
}

/// A finding that changed between the two scans, in a control that moved.
public struct FindingChange: Codable, Sendable, Hashable {
    public var findingID: String
    public var checkID: String
    public var controlID: String
    public var resourceID: String
    /// nil when the log does not say: the finding changed once in the window and was not new.
    public var oldStatus: FindingStatus?
    /// True when the finding did not exist before the window (lifecycle `new`).
    public var appeared: Bool
    public var newStatus: FindingStatus
    public var lifecycle: FindingLifecycle

    public init(findingID: String, checkID: String, controlID: String, resourceID: String, oldStatus: FindingStatus?,
                appeared: Bool, newStatus: FindingStatus, lifecycle: FindingLifecycle) {
        self.findingID = findingID
        self.checkID = checkID
        self.controlID = controlID
        self.resourceID = resourceID
        self.oldStatus = oldStatus
        self.appeared = appeared
        self.newStatus = newStatus
        self.lifecycle = lifecycle
    }
}

public struct ScoreDiffReply: Codable, Sendable, Hashable {
    public var account: String
    public var from: ScorePoint
    public var to: ScorePoint
    /// Controls whose points or counts changed, largest point change first.
    public var controls: [ControlChange]
    public var findings: [FindingChange]
    /// Matching findings beyond `findingLimit`.
    public var moreFindings: Int
    /// False when the window of the assessor's log was too long to read in full (then the counts are a lower bound).
    public var complete: Bool

    public init(account: String, from: ScorePoint, to: ScorePoint, controls: [ControlChange],
                findings: [FindingChange], moreFindings: Int, complete: Bool) {
        self.account = account
        self.from = from
        self.to = to
        self.controls = controls
        self.findings = findings
        self.moreFindings = moreFindings
        self.complete = complete
    }

    public var change: Double { to.percentage - from.percentage }
}

/// Reads scoring's own event log (`score.changed`) after `after`, at most `limit` records.
public struct ScoringEventsPull: BusMessage {
    public static let service = ServiceName.scoring
    public static let type = "scoring.events"
    public typealias Response = EventsPage

    public var after: Int64
    public var limit: Int

    public init(after: Int64, limit: Int = 500) {
        self.after = after
        self.limit = limit
    }
}

/// The payload of `score.changed` in scoring's event log.
public struct ScoreChanged: Codable, Sendable, Hashable {
    public static let type = "score.changed"

    public struct Control: Codable, Sendable, Hashable {
        public var controlID: String
        public var old: Double
        public var new: Double

        public init(controlID: String, old: Double, new: Double) {
            self.controlID = controlID
            self.old = old
            self.new = new
        }
    }

    public var account: String
    public var scanID: String
    /// The score this one replaces: the scan's own earlier score (a rescore), else the account's previous scan.
    public var previousScanID: String?
    public var previousPercentage: Double?
    public var percentage: Double
    /// Controls whose current points changed by at least 0.01, with old (0 when there was no previous score) and new.
    public var controls: [Control]

    public init(account: String, scanID: String, previousScanID: String?, previousPercentage: Double?,
                percentage: Double, controls: [Control]) {
        self.account = account
        self.scanID = scanID
        self.previousScanID = previousScanID
        self.previousPercentage = previousPercentage
        self.percentage = percentage
        self.controls = controls
    }
}
