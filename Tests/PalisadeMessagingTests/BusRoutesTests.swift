import Foundation
import PalisadeMessaging
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// Directing requests at one replica: `PALISADE_BUS_ROUTE` and `RoutedSender`.
@Suite struct BusRoutesTests {
    @Test func routesParseFromTheEnvironmentAndLeaveOtherServicesAlone() {
        let routes = BusRoutes.fromEnvironment(["PALISADE_BUS_ROUTE": "graph=graph@palisade-graph-2, bad, =x,scoring="])
        #expect(routes.targets == ["graph": "graph@palisade-graph-2"])
        #expect(routes.target(for: "graph") == "graph@palisade-graph-2")
        #expect(routes.target(for: "assessor") == "assessor")
        #expect(BusRoutes.fromEnvironment([:]).targets.isEmpty)
    }

    @Test func aRoutedSenderReachesOnlyTheNamedReplica() async throws {
        let bus = InProcessBus()
        func replica(_ name: String) -> Router {
            var r = Router()
            r.on(ReplicaStatusQuery.self) { _, _ in
                ReplicaStatus(replica: name, service: "graph", pid: 1, host: "h", stateDirectory: "/s/\(name)", cursor: 7,
                              lastScanID: nil, served: 0, startedAt: Date(timeIntervalSince1970: 0))
            }
            return r
        }
        bus.register(ServiceName.replica(of: "graph", named: "a"), replica("a"))
        bus.register(ServiceName.replica(of: "graph", named: "b"), replica("b"))
        bus.register("graph", replica("a"))
        for name in ["a", "b", "b", "a"] {
            let status = try await RoutedSender(bus, replica: name, of: "graph").call(ReplicaStatusQuery(), retry: .none)
            #expect(status.replica == name)
        }
        // Unrouted services pass through unchanged.
        #expect(try await RoutedSender(bus, routes: BusRoutes(["scoring": "x"])).call(ReplicaStatusQuery()).replica == "a")
    }
}
