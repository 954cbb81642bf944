import Foundation
import GraphCore
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

@Suite struct GraphConsumerTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString)")

    func make(_ assessor: FakeAssessor) throws -> (GraphStore, GraphConsumer) {
        let store = try GraphStore(directory: dir)
        let consumer = GraphConsumer(store: store, sender: assessor.bus, logger: Logger(label: "test"),
                                     now: { Date(timeIntervalSince1970: 1_700_000_100) })
        return (store, consumer)
    }

    @Test func sealedScanBuildsGraphAndPathsWithCursor() async throws {
        let assessor = FakeAssessor()
        try assessor.append(type: EventType.findingChanged, payload: ["id": "x"] as JSONValue)  // bad: skipped
        try assessor.seal("scan-1", resources: Estate.resources())  // a resource.changed each, scan.sealed
        let (store, consumer) = try make(assessor)
        try await consumer.apply(assessor.page(after: consumer.cursor()))

        let head = Int64(1 + Estate.resources().count + 1)
        #expect(try store.position() == ConsumerPosition(service: "graph", cursor: head, lastScanID: "scan-1"))
        #expect(assessor.snapshots == 0, "built from the log, not from inventory queries")
        let reply = try store.paths(scanID: nil)
        #expect(reply.scanID == "scan-1")
        #expect(reply.nodeCount == 14, "internet, the account, the EC2 service principal app-role trusts, six resources and the network")
        #expect(reply.paths.map(\.risk) == [.high])
        #expect(reply.paths[0].title.contains("web-1 (tcp/22) can write S3 bucket app-data (sensitive data) via role app-role"))
        #expect(reply.paths[0].lifecycle == .new)

        // Through the bus, as the CLI asks.
        let bus = assessor.bus
        bus.register(ServiceName.graph, GraphHandlers.router(store: store))
        let viaBus = try await bus.call(PathsQuery(), retry: .none)
        #expect(viaBus == reply)
        #expect(try await bus.call(GraphPositionQuery(), retry: .none).lastScanID == "scan-1")
        let unknown = await #expect(throws: WireError.self) { try await bus.call(PathsQuery(scanID: "nope"), retry: .none) }
        #expect(unknown?.code == "graph.scan.unknown")
    }

    @Test func redeliveryAndReplayChangeNothing() async throws {
        let assessor = FakeAssessor()
        try assessor.seal("scan-1", resources: Estate.resources())
        let (store, consumer) = try make(assessor)
        try await consumer.apply(assessor.page(after: 0))
        let before = try store.graph(account: Estate.account)
        let paths = try store.paths(scanID: "scan-1")

        // Same page delivered again (a retry after a lost ack), and a fresh consumer replaying from 0
        // against the same database.
        try await consumer.apply(assessor.page(after: 0))
        let (_, again) = try make(assessor)
        try await again.apply(assessor.page(after: 0))
        #expect(try store.graph(account: Estate.account) == before)
        #expect(try store.paths(scanID: "scan-1") == paths)
        #expect(try store.position().cursor == Int64(Estate.resources().count + 1))
    }

    @Test func laterScanReplacesTheAccountGraph() async throws {
        let assessor = FakeAssessor()
        try assessor.seal("scan-1", resources: Estate.resources())
        let (store, consumer) = try make(assessor)
        try await consumer.apply(assessor.page(after: 0))

        try assessor.seal("scan-2", resources: Estate.resources(sgCidr: "10.0.0.0/8"))  // the SG was fixed
        try await consumer.apply(assessor.page(after: consumer.cursor()))
        #expect(try store.paths(scanID: nil).scanID == "scan-2")
        #expect(try store.paths(scanID: nil).paths.isEmpty)
        #expect(try store.paths(scanID: "scan-1").paths.count == 1, "history of earlier scans is kept")
        #expect(!(try store.graph(account: Estate.account).edges.contains { $0.kind == "exposes" }))
    }

    @Test func pathsAreNewThenPersistingThenResolvedThenReopened() async throws {
        let assessor = FakeAssessor()
        var resources = Estate.resources()
        let (store, consumer) = try make(assessor)
        func scan(_ id: String) async throws -> PathsReply {
            try assessor.seal(id, resources: resources)
            try await consumer.apply(assessor.page(after: consumer.cursor()))
            return try store.paths(scanID: id)
        }
        let first = try await scan("scan-1").paths
        #expect(first.map(\.lifecycle) == [.new])
        let second = try await scan("scan-2").paths
        #expect(second.map(\.lifecycle) == [.persisting])
        #expect(second.map(\.id) == first.map(\.id), "the same exposure keeps its id")
        #expect(second.first?.firstSeen == first.first?.firstSeen)
        resources = Estate.resources(sgCidr: "10.0.0.0/8")
        let fixed = try await scan("scan-3")
        #expect(fixed.paths.isEmpty)
        #expect(fixed.resolved.map(\.id) == first.map(\.id))
        resources = Estate.resources()
        #expect(try await scan("scan-4").paths.map(\.lifecycle) == [.reopened])
    }

    /// A log without resource events (written before the assessor logged them) seeds from the assessor's inventory;
    /// with the assessor away nothing moves.
    @Test func assessorAwayDuringASeedLeavesCursorWhereItWas() async throws {
        let assessor = FakeAssessor()
        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("scan-1"))
        let (store, consumer) = try make(assessor)
        let page = assessor.page(after: 0)
        assessor.bus.unregister(ServiceName.assessor)
        await #expect(throws: WireError.self) { try await consumer.apply(page) }
        #expect(try store.position().cursor == 0)
        #expect(try store.paths(scanID: nil).scanID == nil)
    }
}
