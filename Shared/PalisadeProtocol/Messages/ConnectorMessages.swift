import Foundation
import PalisadeModel

/// Starts an AWS scan; the connector replies at once with the scan id and works in the background.
public struct StartAWSScan: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.startScan"
    public typealias Response = ScanStarted

    public var profile: String?
    public var regions: [String]
    public var endpoint: String?

    public init(profile: String? = nil, regions: [String] = [], endpoint: String? = nil) {
        self.profile = profile
        self.regions = regions
        self.endpoint = endpoint
    }
}

public struct ScanStarted: Codable, Sendable, Hashable {
    public var scanID: String
    public init(scanID: String) { self.scanID = scanID }
}

/// Progress of a connector scan.
public struct ScanProgressQuery: BusMessage {
    public static let service = ServiceName.connectorAWS
    public static let type = "connector.aws.progress"
    public typealias Response = ScanProgress

    public var scanID: String
    public init(scanID: String) { self.scanID = scanID }
}

public struct ScanProgress: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable { case running, sealing, done, failed }
    public var scanID: String
    public var account: String?
    public var state: State
    public var apiCalls: Int
    public var resources: Int
    public var batchesSent: Int
    public var batchesAcked: Int
    public var scopesDone: Int
    public var scopesTotal: Int
    public var scopes: [ScopeResult]
    /// Set when `state == .failed` (e.g. no credentials).
    public var error: String?

    public init(scanID: String, account: String?, state: State, apiCalls: Int, resources: Int, batchesSent: Int,
                batchesAcked: Int, scopesDone: Int, scopesTotal: Int, scopes: [ScopeResult], error: String?) {
        self.scanID = scanID
        self.account = account
        self.state = state
        self.apiCalls = apiCalls
        self.resources = resources
        self.batchesSent = batchesSent
        self.batchesAcked = batchesAcked
        self.scopesDone = scopesDone
        self.scopesTotal = scopesTotal
        self.scopes = scopes
        self.error = error
    }
}
