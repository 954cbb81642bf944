import Foundation
import GraphCore
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// `graph.explore` over the bus: the stored graph answers, errors arrive with their stable codes, and a new scan
/// is seen by the next query.
@Suite struct ExplorerServiceTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-\(UUID().uuidString)")

    func stack() throws -> (GraphStore, InProcessBus) {
        let store = try GraphStore(directory: dir)
        let bus = InProcessBus()
        bus.register(ServiceName.graph, GraphHandlers.router(store: store))
        return (store, bus)
    }

    func commit(_ store: GraphStore, _ graph: SecurityGraph, scan: String, seq: Int64) throws {
        try store.commit(scan: FakeAssessor.sealed(scan, account: ExplorerEstate.account), seq: seq, graph: graph,
                         paths: [], at: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let e as WireError { return e.code } catch { return "\(error)" }
    }

    @Test func aQueryAndATemplateAnswerFromTheStoredGraph() async throws {
        let (store, bus) = try stack()
        try commit(store, ExplorerEstate.graph(), scan: "scan-1", seq: 1)
        let reply = try await bus.call(ExploreQuery(query: "MATCH (:Internet)-[e:EXPOSES]->(i) RETURN i.name, e.ports ORDER BY i.name"),
                                       timeout: .seconds(10))
        #expect(reply.columns == ["i.name", "e.ports"])
        #expect(reply.rows == [["report-fn", ["tcp/443"]], ["web-1", ["tcp/22"]]])
        #expect(reply.stats.graphs == [ExplorerEstate.account: "scan-1"])
        #expect(reply.stats.nodesVisited > 0 && !reply.stats.truncated)
        let leaked = try await bus.call(ExploreQuery(template: "leaked-credentials"), timeout: .seconds(10))
        #expect(leaked.rows.map { $0[0] } == ["report-fn"])
        let readers = try await bus.call(ExploreQuery(template: "principals-that-can-read-sensitive-buckets",
                                                      textParameters: ["bucket": "app-.*"], limits: ExploreLimits(maxRows: 1)),
                                         timeout: .seconds(10))
        #expect(readers.rows == [["app-role", "IamRole", "app-data", false]])
        #expect(readers.stats.truncated)
        let templates = try await bus.call(ExploreTemplatesQuery(), timeout: .seconds(10))
        #expect(templates.templates.map(\.name) == ExplorerTemplate.builtIn.map(\.name))
    }

    @Test func errorsTravelWithTheirCodes() async throws {
        let (store, bus) = try stack()
        #expect(await code { _ = try await bus.call(ExploreQuery(query: "MATCH (n) RETURN n"), timeout: .seconds(10)) }
            == "graph.query.no-graph")
        try commit(store, ExplorerEstate.graph(), scan: "scan-1", seq: 1)
        do {
            _ = try await bus.call(ExploreQuery(query: "MATCH (n:Ec2Instance WHERE n RETURN n"), timeout: .seconds(10))
            Issue.record("a syntax error was accepted")
        } catch let e as WireError {
            #expect(e.code == "graph.query.syntax")
            #expect(e.message == "line 1, column 22: expected ':', '{' or ')' but found 'WHERE'")
        }
        #expect(await code { _ = try await bus.call(ExploreQuery(query: "MATCH (n:Bucket) RETURN n"), timeout: .seconds(10)) }
            == "graph.query.unknown-label")
        #expect(await code { _ = try await bus.call(ExploreQuery(template: "leaked-credential"), timeout: .seconds(10)) }
            == "graph.query.unknown-template")
        #expect(await code { _ = try await bus.call(ExploreQuery(query: "MATCH (a), (b), (c) RETURN count(*)",
                                                                 limits: ExploreLimits(maxBindings: 100)), timeout: .seconds(10)) }
            == "graph.query.budget")
        #expect(await code { _ = try await bus.call(ExploreQuery(query: "MATCH (n) RETURN n", account: "000000000000"),
                                                    timeout: .seconds(10)) } == "graph.query.no-graph")
        #expect(await code { _ = try await bus.call(ExploreQuery(), timeout: .seconds(10)) } == "graph.query.syntax")
    }

    @Test func aNewScanIsSeenByTheNextQuery() async throws {
        let (store, bus) = try stack()
        try commit(store, Small.graph, scan: "scan-1", seq: 1)
        let q = ExploreQuery(query: "MATCH (i:Ec2Instance) RETURN count(*)")
        #expect(try await bus.call(q, timeout: .seconds(10)).rows == [[3]])
        try commit(store, ExplorerEstate.graph(), scan: "scan-2", seq: 2)
        let after = try await bus.call(q, timeout: .seconds(10))
        #expect(after.rows == [[2]])
        #expect(after.stats.graphs == [ExplorerEstate.account: "scan-2"])
    }
}
