import Foundation

extension ServiceName {
    /// The service one replica registers under besides the shared one: `graph@palisade-graph-2`. Requests to
    /// the shared name (`graph`) go to any replica; requests to this name reach that replica only.
    public static func replica(of service: String, named replica: String) -> String { "\(service)@\(replica)" }

    /// `graph@palisade-graph-2` → (`graph`, `palisade-graph-2`); nil for a plain service name.
    public static func splitReplica(_ name: String) -> (service: String, replica: String)? {
        guard let at = name.firstIndex(of: "@") else { return nil }
        let service = String(name[..<at]), replica = String(name[name.index(after: at)...])
        guard !service.isEmpty, !replica.isEmpty else { return nil }
        return (service, replica)
    }
}

/// Where one graph replica stands: who it is, where its state lives, its committed cursor into the assessor's
/// event log and how many queries it has served since it started. Send it to `graph@<replica>` to ask one
/// replica (`graph` alone reaches any of them).
public struct ReplicaStatusQuery: BusMessage {
    public static let service = ServiceName.graph
    public static let type = "graph.replica.status"
    public typealias Response = ReplicaStatus
    public init() {}
}

public struct ReplicaStatus: Codable, Sendable, Hashable {
    /// `palisade-graph-2` (supervised) or the name given by `PALISADE_REPLICA_NAME` (e.g. a remote replica).
    public var replica: String
    /// The shared service name (`graph`).
    public var service: String
    public var pid: Int32
    public var host: String
    /// The replica's own state directory (its `graph.sqlite`).
    public var stateDirectory: String
    /// Last event-log seq whose effects this replica has committed.
    public var cursor: Int64
    public var lastScanID: String?
    /// Requests answered since the process started (this status query excluded).
    public var served: Int
    public var startedAt: Date

    public init(replica: String, service: String, pid: Int32, host: String, stateDirectory: String, cursor: Int64,
                lastScanID: String?, served: Int, startedAt: Date) {
        self.replica = replica
        self.service = service
        self.pid = pid
        self.host = host
        self.stateDirectory = stateDirectory
        self.cursor = cursor
        self.lastScanID = lastScanID
        self.served = served
        self.startedAt = startedAt
    }
}
