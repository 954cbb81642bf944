import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// Applies pages of the assessor's event log: on each `scan.sealed`, fetch the account's inventory,
/// build the graph, find attack paths, decide the graph checks and deliver their verdicts to the assessor
/// (`VerdictDelivery`: accepted before anything is committed), then commit graph, paths and cursor in one
/// transaction. Events at or below the committed cursor are skipped, so a redelivered page changes nothing.
public struct GraphConsumer: Sendable {
    let store: GraphStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date
    /// The benchmark's graph-decided checks; none → no verdicts are sent.
    let checks: [GraphCheck]
    let delivery: VerdictDelivery

    public init(store: GraphStore, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }, checks: [GraphCheck] = [],
                delivery: VerdictDelivery? = nil) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
        self.checks = checks
        self.delivery = delivery ?? VerdictDelivery(sender: sender, logger: logger)
    }

    public func cursor() throws -> Int64 { try store.position().cursor }

    public func apply(_ events: [EventRecord]) async throws {
        try await SealedScanPage.process(events, after: try cursor(), undecodable: { event, error in
            logger.error("scan.sealed payload did not decode; skipping",
                         metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
        }, apply: { seq, summary in
            let items = try await sender.call(InventoryQuery(account: summary.account), timeout: .seconds(30))
            let resources = items.map(\.resource).filter { $0.account == summary.account }
            let findings = try await sender.call(FindingsQuery(status: .fail, account: summary.account),
                                                 timeout: .seconds(30))
            let graph = GraphBuilder.build(account: summary.account, resources: resources, findings: findings)
            let finder = AttackPathFinder(graph: graph, findings: findings)
            let result = finder.find()
            let paths = result.paths
            let analysis = PathAnalysis(chokePoints: ChokePoints.rank(result, finder: finder),
                                        fixPlan: FixPlanner.plan(finder, paths: paths))
            if !checks.isEmpty {
                let verdicts = GraphVerdictEngine.verdicts(graph, checks: checks)
                try await delivery.deliver(GraphVerdicts(scanID: summary.scanID, account: summary.account, verdicts: verdicts))
            }
            try store.commit(scan: summary, seq: seq, graph: graph, paths: paths, analysis: analysis, at: now())
            logger.info("graph built", metadata: [
                "scan.id": "\(summary.scanID)", "account": "\(summary.account)", "graph.nodes": "\(graph.nodes.count)",
                "graph.edges": "\(graph.edges.count)", "graph.paths": "\(paths.count)",
                "graph.problems": "\(graph.problems.count)", "graph.fixes": "\(analysis.fixPlan.fixes.count)",
            ])
        }, advance: { try store.advance(to: $0) })
    }
}
