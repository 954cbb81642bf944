import Foundation
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Who this process is among the replicas of its service, and where its own state lives:
/// `PALISADE_REPLICA_NAME` (the supervisor sets the process name, e.g. `palisade-graph-2`) and
/// `PALISADE_STATE_DIR` (the supervisor sets `<PALISADE_HOME>/graph-2` for replicas; default `PALISADE_HOME`).
public struct ReplicaSettings: Sendable, Hashable {
    public var name: String
    public var service: String
    public var stateDirectory: URL

    public init(name: String, service: String, stateDirectory: URL) {
        self.name = name
        self.service = service
        self.stateDirectory = stateDirectory
    }

    public static func current(_ env: PalisadeEnvironment, service: String, defaultName: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> ReplicaSettings {
        let name = environment["PALISADE_REPLICA_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultName
        let dir = environment["PALISADE_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            .map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? env.dataDirectory
        return ReplicaSettings(name: name, service: service, stateDirectory: dir)
    }

    /// The replica's own bus service name (`graph@palisade-graph-2`).
    public var ownService: String { ServiceName.replica(of: service, named: name) }

    /// `ReplicaStatus` from what the replica knows: its cursor comes from `position`.
    public func status(position: ConsumerPosition, served: Int, startedAt: Date) -> ReplicaStatus {
        ReplicaStatus(replica: name, service: service, pid: getpid(), host: ProcessInfo.processInfo.hostName,
                      stateDirectory: stateDirectory.path, cursor: position.cursor, lastScanID: position.lastScanID,
                      served: served, startedAt: startedAt)
    }
}

/// Requests a replica answered, for `ReplicaStatus.served` (shared by its workers; thread-safe).
public final class RequestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    public init() {}
    public var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}

/// Wraps a handler and counts the requests it answered in `counter`; requests of the types in `uncounted`
/// (status queries) pass through without counting.
public struct CountingHandler: RequestHandler {
    private let base: any RequestHandler
    private let uncounted: Set<String>
    private let counter: RequestCounter

    public init(_ base: any RequestHandler, counter: RequestCounter, uncounted: Set<String> = []) {
        self.base = base
        self.counter = counter
        self.uncounted = uncounted
    }

    public func handle(_ request: Request) async -> Reply {
        let reply = await base.handle(request)
        if !uncounted.contains(request.header.type) { counter.increment() }
        return reply
    }
}
