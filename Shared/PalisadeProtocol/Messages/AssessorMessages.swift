import Foundation
import PalisadeModel

/// A batch of inventory from a connector. Idempotent on `(scanID, batchSeq)`: the assessor commits it,
/// then acknowledges; a resent batch is acknowledged again without being applied twice.
public struct IngestBatch: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.ingestBatch"
    public typealias Response = BatchAck

    public var scanID: String
    public var batchSeq: Int
    public var provider: String
    public var account: String
    public var resources: [Resource]

    public init(scanID: String, batchSeq: Int, provider: String, account: String, resources: [Resource]) {
        self.scanID = scanID
        self.batchSeq = batchSeq
        self.provider = provider
        self.account = account
        self.resources = resources
    }
}

public struct BatchAck: Codable, Sendable, Hashable {
    public var scanID: String
    public var batchSeq: Int
    /// True when this batch had already been committed (a resend).
    public var duplicate: Bool

    public init(scanID: String, batchSeq: Int, duplicate: Bool) {
        self.scanID = scanID
        self.batchSeq = batchSeq
        self.duplicate = duplicate
    }
}

/// The connector is done: `totalBatches` were sent (numbered 0..<totalBatches). The assessor seals
/// the scan once every batch is committed, then evaluates the checks. Idempotent on `scanID`.
public struct SealScan: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.sealScan"
    public typealias Response = SealResult

    public var scanID: String
    public var provider: String
    public var account: String
    public var startedAt: Date
    public var totalBatches: Int
    public var scopes: [ScopeResult]

    public init(scanID: String, provider: String, account: String, startedAt: Date, totalBatches: Int,
                scopes: [ScopeResult]) {
        self.scanID = scanID
        self.provider = provider
        self.account = account
        self.startedAt = startedAt
        self.totalBatches = totalBatches
        self.scopes = scopes
    }
}

public struct SealResult: Codable, Sendable, Hashable {
    public var scanID: String
    public var sealed: Bool
    /// Batches not yet committed; non-empty means the connector must resend them and seal again.
    public var missingBatches: [Int]
    public var summary: ScanSummary?

    public init(scanID: String, sealed: Bool, missingBatches: [Int], summary: ScanSummary?) {
        self.scanID = scanID
        self.sealed = sealed
        self.missingBatches = missingBatches
        self.summary = summary
    }
}

/// Scan summaries, newest first; one scan when `scanID` is given.
public struct ScansQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.scans"
    public typealias Response = [ScanSummary]

    public var scanID: String?
    public var limit: Int

    public init(scanID: String? = nil, limit: Int = 20) {
        self.scanID = scanID
        self.limit = limit
    }
}

/// Current inventory, filtered.
public struct InventoryQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.inventory"
    public typealias Response = [InventoryItem]

    /// A resource type, or a glob over types (`aws.ec2.*`).
    public var type: String?
    public var account: String?
    public var limit: Int?
    public var provider: String?
    public var region: String?
    /// Tag filters, all of which must hold: `key=value`, or `key` alone for "has the tag".
    public var tags: [String]
    /// Only the number of resources per type, not the resources.
    public var countsOnly: Bool

    public init(type: String? = nil, account: String? = nil, limit: Int? = nil, provider: String? = nil,
                region: String? = nil, tags: [String] = [], countsOnly: Bool = false) {
        self.type = type
        self.account = account
        self.limit = limit
        self.provider = provider
        self.region = region
        self.tags = tags
        self.countsOnly = countsOnly
    }

    enum CodingKeys: String, CodingKey { case type, account, limit, provider, region, tags, countsOnly }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        account = try c.decodeIfPresent(String.self, forKey: .account)
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        provider = try c.decodeIfPresent(String.self, forKey: .provider)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        countsOnly = try c.decodeIfPresent(Bool.self, forKey: .countsOnly) ?? false
    }
}

/// Resources per type under the same filters as `InventoryQuery` (its `limit` and `countsOnly` are ignored).
public struct InventoryCountsQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.inventory.counts"
    public typealias Response = [String: Int]

    public var filter: InventoryQuery
    public init(filter: InventoryQuery) { self.filter = filter }
}

/// Current findings, filtered.
public struct FindingsQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.findings"
    public typealias Response = [Finding]

    public var status: FindingStatus?
    public var severity: Severity?
    public var checkID: String?
    public var account: String?

    public init(status: FindingStatus? = nil, severity: Severity? = nil, checkID: String? = nil,
                account: String? = nil) {
        self.status = status
        self.severity = severity
        self.checkID = checkID
        self.account = account
    }
}

/// An account's current findings counted per control and per check (`FindingTally`), computed by the assessor: the
/// secure score needs these counts, not every finding (6,000,000 of them in a 1,000,000-resource account).
public struct FindingTallyQuery: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.findings.tally"
    public typealias Response = FindingTally

    public var account: String

    public init(account: String) { self.account = account }
}

/// Reads the assessor's event log after `after` (exclusive), at most `limit` records.
public struct EventsPull: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.events"
    public typealias Response = EventsPage

    public var after: Int64
    public var limit: Int
    /// Only events of these types (nil: all). The page then says in `through` how far it read, and the consumer's
    /// cursor moves there even when nothing matched. An assessor that predates the filter sends every event and no
    /// `through`; consumers still pick their types themselves.
    public var types: [String]?

    public init(after: Int64, limit: Int = 500, types: [String]? = nil) {
        self.after = after
        self.limit = limit
        self.types = types
    }
}

public struct EventsPage: Codable, Sendable, Hashable {
    public var events: [EventRecord]
    /// Highest seq in the log at the time of the read.
    public var headSeq: Int64
    /// For a pull with `types`: every event up to this seq was read, matching or not — the consumer's cursor can move
    /// here once `events` are applied.
    public var through: Int64?

    public init(events: [EventRecord], headSeq: Int64, through: Int64? = nil) {
        self.events = events
        self.headSeq = headSeq
        self.through = through
    }

    /// The seq a consumer has seen everything up to after applying this page (`after` when it is empty and unfiltered).
    public func seen(after: Int64) -> Int64 { max(through ?? after, events.last?.seq ?? after) }
}
