import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// Applies pages of the assessor's event log (docs/graph.md § Keeping the graph current). Resource and finding
/// changes update the graph's own copy of each account's inventory and failing findings (`GraphStore+Log`); on each
/// `scan.sealed` the account's graph is rebuilt from that copy — only when something it reads changed since the last
/// build, else the scan carries the previous build's paths over with their lifecycle advanced. A rebuild finds attack
/// paths, decides the graph checks and delivers their verdicts to the assessor (`VerdictDelivery`: accepted before
/// anything is committed), then commits graph, paths and cursor in one transaction.
///
/// A page is applied as runs: the events before a seal commit with the cursor in one transaction, the seal in the
/// next. Events at or below the committed cursor are skipped, so a redelivered page changes nothing, and a process
/// killed between the two resumes at the seal. Bad payloads are logged and skipped.
public struct GraphConsumer: Sendable {
    let store: GraphStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date
    /// The benchmark's graph-decided checks; none → no verdicts are sent.
    let checks: [GraphCheck]
    let delivery: VerdictDelivery
    /// Test hook: called with `"graph.delivered"` after the verdicts were accepted, before the commit; throwing there
    /// is a crash between the two.
    let failpoint: (@Sendable (String) throws -> Void)?

    public init(store: GraphStore, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }, checks: [GraphCheck] = [],
                delivery: VerdictDelivery? = nil, failpoint: (@Sendable (String) throws -> Void)? = nil) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
        self.checks = checks
        self.delivery = delivery ?? VerdictDelivery(sender: sender, logger: logger)
        self.failpoint = failpoint
    }

    public func cursor() throws -> Int64 { try store.position().cursor }

    public func apply(_ events: [EventRecord]) async throws {
        let committed = try cursor()
        var run: [EventRecord] = []
        for event in events where event.seq > committed {
            guard event.type == EventType.scanSealed else {
                run.append(event)
                continue
            }
            let summary: ScanSummary
            do { summary = try event.decodePayload(ScanSummary.self) } catch {
                logger.error("scan.sealed payload did not decode; skipping",
                             metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
                run.append(event)
                continue
            }
            guard summary.state == .sealed else {
                run.append(event)
                continue
            }
            try applyRun(run)
            run = []
            try await sealed(summary, seq: event.seq)
        }
        try applyRun(run)
    }

    private func applyRun(_ run: [EventRecord]) throws {
        guard !run.isEmpty else { return }
        try store.apply(run) { event, error in
            logger.error("\(event.type) payload did not decode; skipping",
                         metadata: ["event.seq": "\(event.seq)", "error": "\(error)"])
        }
    }

    /// One sealed scan: carry the graph over when nothing it reads changed, else rebuild, deliver, commit.
    private func sealed(_ summary: ScanSummary, seq: Int64) async throws {
        let account = summary.account
        let state = try store.accountState(account)
        let basis = GraphBasis.of(checks)
        // A log written before the assessor emitted resource events holds no inventory: the account's first seal
        // (or, after the upgrade migration, its next one) seeds the inputs once from the assessor.
        let seed = state.needsSeed || (state.seals == 0 && !state.resourceEvents && summary.resourceCount > 0)
        if !seed, !state.dirty, state.builtScanID != nil, state.basis == basis, state.verdictsAccepted,
           try store.carryOver(scan: summary, seq: seq, at: now()) {
            logger.info("graph unchanged; paths carried over", metadata: [
                "scan.id": "\(summary.scanID)", "account": "\(account)", "graph.built": "\(state.builtScanID ?? "")",
            ])
            return
        }
        var phases = PhaseTimes()
        // Memory: at 1,000,000 resources the inventory is gigabytes and the graph ~14 GiB; each is released as soon
        // as the rebuild no longer reads it (the inventory after the build unless it seeds the store, the path
        // finder after the analysis, the verdicts after the delivery), not held through the delivery and commit.
        var inputs: GraphInputs?
        if seed { inputs = try await fetchInputs(account: account) } else { inputs = try store.inputs(account: account) }
        phases.lap("inputs")
        var findings = inputs?.findings ?? []
        let graph = GraphBuilder.build(account: account, resources: inputs?.resources ?? [], findings: findings)
        let seedInputs = seed ? inputs : nil
        inputs = nil
        phases.lap("build")
        let (paths, analysis) = Self.pathsAndAnalysis(graph, findings: findings, phases: &phases)
        findings = []
        var accepted = true
        if !checks.isEmpty {
            accepted = try await deliverVerdicts(graph, summary: summary, phases: &phases)
        }
        try failpoint?("graph.delivered")
        let rows = try store.commit(scan: summary, seq: seq, graph: graph, paths: paths, analysis: analysis, at: now(),
                                    basis: basis, verdictsAccepted: accepted, seed: seedInputs)
        phases.lap("commit")
        logger.info("graph built", metadata: phases.metadata.merging([
            "scan.id": "\(summary.scanID)", "account": "\(account)", "graph.nodes": "\(graph.nodes.count)",
            "graph.edges": "\(graph.edges.count)", "graph.paths": "\(paths.count)",
            "graph.problems": "\(graph.problems.count)", "graph.fixes": "\(analysis.fixPlan.fixes.count)",
            "graph.seeded": "\(seed)",
            "graph.rows.written": "\(rows.nodesWritten + rows.edgesWritten)",
            "graph.rows.removed": "\(rows.nodesRemoved + rows.edgesRemoved)",
        ]) { a, _ in a })
        MemoryTrim.release()
    }

    static func pathsAndAnalysis(_ graph: SecurityGraph, findings: [Finding],
                                 phases: inout PhaseTimes) -> ([AttackPath], PathAnalysis) {
        let finder = AttackPathFinder(graph: graph, findings: findings)
        let result = finder.find()
        phases.lap("paths")
        let analysis = PathAnalysis(chokePoints: ChokePoints.rank(result, finder: finder),
                                    fixPlan: FixPlanner.plan(finder, paths: result.paths))
        phases.lap("analysis")
        return (result.paths, analysis)
    }

    /// Decides the graph checks and hands the verdicts to the assessor; false when it rejected them for good.
    private func deliverVerdicts(_ graph: SecurityGraph, summary: ScanSummary, phases: inout PhaseTimes) async throws -> Bool {
        let verdicts = GraphVerdictEngine.verdicts(graph, checks: checks)
        phases.lap("verdicts")
        let ack = try await delivery.deliver(GraphVerdicts(scanID: summary.scanID, account: summary.account,
                                                           verdicts: verdicts))
        phases.lap("delivery")
        return ack != nil
    }

    /// The account's current inventory and failing findings from the assessor (only to seed a log without resource
    /// events).
    private func fetchInputs(account: String) async throws -> GraphInputs {
        logger.warning("no resource events for this account in the log; seeding the graph's inventory from the assessor once",
                       metadata: ["account": "\(account)"])
        let items = try await sender.call(InventoryQuery(account: account), timeout: .seconds(30))
        let findings = try await sender.call(FindingsQuery(status: .fail, account: account), timeout: .seconds(30))
        return GraphInputs(resources: items.map(\.resource).filter { $0.account == account }.sorted { $0.id < $1.id },
                           findings: findings.filter { $0.account == account }.sorted { $0.id < $1.id })
    }
}
