import Foundation

/// How one collection scope (account × region × service API) went.
public struct ScopeResult: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable { case ok, error, skipped }
    public var service: String
    public var region: String
    public var status: Status
    /// Empty when `ok`; the API error otherwise (e.g. `AccessDenied: iam:ListUsers`).
    public var reason: String
    /// Resource types this scope produces; a failed scope makes them unknown, not absent.
    public var resourceTypes: [String]

    public init(service: String, region: String, status: Status, reason: String = "", resourceTypes: [String] = []) {
        self.service = service
        self.region = region
        self.status = status
        self.reason = reason
        self.resourceTypes = resourceTypes
    }
}

public enum ScanState: String, Codable, Sendable {
    case collecting, sealed, failed
}

public struct ScanSummary: Codable, Sendable, Hashable {
    public var scanID: String
    public var provider: String
    public var account: String
    public var state: ScanState
    public var startedAt: Date
    public var sealedAt: Date?
    public var batchesReceived: Int
    public var totalBatches: Int?
    public var resourceCount: Int
    /// Finding counts by status name.
    public var findingCounts: [String: Int]
    public var scopes: [ScopeResult]

    public init(scanID: String, provider: String, account: String, state: ScanState, startedAt: Date,
                sealedAt: Date?, batchesReceived: Int, totalBatches: Int?, resourceCount: Int,
                findingCounts: [String: Int], scopes: [ScopeResult]) {
        self.scanID = scanID
        self.provider = provider
        self.account = account
        self.state = state
        self.startedAt = startedAt
        self.sealedAt = sealedAt
        self.batchesReceived = batchesReceived
        self.totalBatches = totalBatches
        self.resourceCount = resourceCount
        self.findingCounts = findingCounts
        self.scopes = scopes
    }
}

/// One entry of a producer's append-only event log.
public struct EventRecord: Codable, Sendable, Hashable {
    public var seq: Int64
    public var type: String
    public var payload: JSONValue
    public var createdAt: Date

    public init(seq: Int64, type: String, payload: JSONValue, createdAt: Date) {
        self.seq = seq
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Event types in the assessor's log.
public enum EventType {
    /// payload: `ScanSummary` — the scan's findings are final.
    public static let scanSealed = "scan.sealed"
    /// payload: `Finding` — a finding appeared or its status/reason changed.
    public static let findingChanged = "finding.changed"
}
