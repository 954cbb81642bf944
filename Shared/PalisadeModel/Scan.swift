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
    /// The account's current findings by status name after this scan (what scores and exports see).
    public var findingCounts: [String: Int]
    public var scopes: [ScopeResult]
    /// What sealing evaluated (incremental assessment carries the rest over).
    public var assessment: AssessmentStats?

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

/// The work one assessment did: incremental assessment re-evaluates only changed resources, resources whose
/// related resources changed, checks whose definition changed and checks that read the clock.
public struct AssessmentStats: Codable, Sendable, Hashable {
    /// Resources all of whose checks were evaluated (new or changed content, or a related resource changed).
    public var resourcesEvaluated: Int
    /// Resource × check evaluations in total.
    public var evaluations: Int
    /// Checks evaluated on every resource of their type (new or changed definition, clock-dependent, account-wide).
    public var checksRerun: [String]
    /// Findings written (new or changed); the others were carried over untouched.
    public var findingsChanged: Int
    public var seconds: Double
    /// Seconds spent in each step of the assessment (retire, evaluate, rerun, mutes, bookkeeping …), to see where a
    /// slow seal goes.
    public var phases: [String: Double]?

    public init(resourcesEvaluated: Int, evaluations: Int, checksRerun: [String], findingsChanged: Int, seconds: Double) {
        self.resourcesEvaluated = resourcesEvaluated
        self.evaluations = evaluations
        self.checksRerun = checksRerun
        self.findingsChanged = findingsChanged
        self.seconds = seconds
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
    /// payload: `ScanSummary` — findings of an already sealed scan changed after the seal (the security graph's
    /// verdicts arrived); consumers that derive state from a scan's findings (the secure score) recompute it.
    public static let scanRescored = "scan.rescored"
    /// payload: `Resource`, as stored — the resource is new or its content changed in the scan being sealed. Appended
    /// by that seal, in the transaction that makes the scan's inventory final, before its `scan.sealed`; unchanged
    /// resources get none (the same "changed" the assessor's incremental assessment uses).
    public static let resourceChanged = "resource.changed"
    /// payload: `RemovedResource` (id, account, type, region) — the seal retired the resource: a successfully
    /// collected scope no longer reports it. Appended by that seal, before its `scan.sealed`.
    public static let resourceRemoved = "resource.removed"
}

/// The payload of `resource.removed`: which resource the seal retired.
public struct RemovedResource: Codable, Sendable, Hashable {
    public var id: String
    public var account: String
    public var type: String
    public var region: String

    public init(id: String, account: String, type: String, region: String) {
        self.id = id
        self.account = account
        self.type = type
        self.region = region
    }
}
