import Foundation
import PalisadeProtocol

/// Service-name rewrites applied to outgoing requests: `graph` → `graph@palisade-graph-2` sends every graph
/// request of this client to one replica. From `PALISADE_BUS_ROUTE` (`graph=graph@palisade-graph-2,…`).
public struct BusRoutes: Sendable, Hashable {
    public var targets: [String: String]

    public init(_ targets: [String: String] = [:]) { self.targets = targets }

    /// Parses `service=target[,service=target…]`; malformed pairs are ignored.
    public init(parsing text: String) {
        var targets: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { targets[parts[0]] = parts[1] }
        }
        self.targets = targets
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> BusRoutes {
        BusRoutes(parsing: env["PALISADE_BUS_ROUTE"] ?? "")
    }

    public func target(for service: String) -> String { targets[service] ?? service }
}

/// A sender that rewrites service names before handing requests on: `RoutedSender(bus, ["graph": "graph@r1"])
/// .call(PathsQuery())` asks replica `r1` only.
public struct RoutedSender: RequestSender {
    public let base: any RequestSender
    public let routes: BusRoutes

    public init(_ base: any RequestSender, routes: BusRoutes) {
        self.base = base
        self.routes = routes
    }

    /// Every request for `service` goes to its replica `replica` (`graph@<replica>`).
    public init(_ base: any RequestSender, replica: String, of service: String) {
        self.init(base, routes: BusRoutes([service: ServiceName.replica(of: service, named: replica)]))
    }

    public func send(_ request: Request, timeout: Duration) async throws -> Reply {
        var routed = request
        routed.service = routes.target(for: request.service)
        return try await base.send(routed, timeout: timeout)
    }
}
