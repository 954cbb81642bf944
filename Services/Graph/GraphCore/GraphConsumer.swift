import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// Applies pages of the assessor's event log: on each `scan.sealed`, fetch the account's inventory,
/// build the graph, find attack paths, and commit them with the cursor in one transaction.
/// Events at or below the committed cursor are skipped, so a redelivered page changes nothing.
public struct GraphConsumer: Sendable {
    let store: GraphStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: GraphStore, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
    }

    public func cursor() throws -> Int64 { try store.position().cursor }

    public func apply(_ events: [EventRecord]) async throws {
        var committed = try cursor()
        for event in events where event.seq > committed {
            guard event.type == EventType.scanSealed else { continue }
            let summary: ScanSummary
            do { summary = try event.decodePayload(ScanSummary.self) } catch {
                // A payload that never decodes would block the log forever; skip it, loudly.
                logger.error("scan.sealed payload did not decode; skipping",
                             metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
                continue
            }
            guard summary.state == .sealed else { continue }
            let items = try await sender.call(InventoryQuery(account: summary.account), timeout: .seconds(30))
            let resources = items.map(\.resource).filter { $0.account == summary.account }
            let graph = GraphBuilder.build(resources: resources)
            let paths = AttackPathFinder.find(in: graph)
            try store.commit(scan: summary, seq: event.seq, graph: graph, paths: paths, at: now())
            committed = event.seq
            logger.info("graph built", metadata: [
                "scan.id": "\(summary.scanID)", "account": "\(summary.account)", "graph.nodes": "\(graph.nodes.count)",
                "graph.edges": "\(graph.edges.count)", "graph.paths": "\(paths.count)",
            ])
        }
        if let last = events.last?.seq, last > committed { try store.advance(to: last) }
    }
}
