import Foundation
import Logging
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import ScoringCore
import Synchronization
import Testing

/// Governance inside the scoring service, driven by assessor events and a clock the test moves.
@Suite struct GovernanceFlowTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pal-gov-\(UUID().uuidString)")
    var logger: Logger { var l = Logger(label: "t"); l.logLevel = .critical; return l }
    static let account = "123456789012"
    static let rules = """
        rules:
          - id: mfa-owners
            priority: 10
            target: { checks: [enable-mfa] }
            owner: { fromTag: owner, fallback: secops@example.com }
            remediationDays: 7
            gracePeriod: true
        """

    /// An assessor with one control whose counts follow the findings the test reports.
    final class Assessor: Sendable {
        let failing = Mutex<Set<String>>([])
        let bus = InProcessBus()
        init() {
            var router = Router()
            router.on(FindingTallyQuery.self) { [self] _, _ in
                let bad = failing.withLock { $0.count }
                return FindingTally(controls: [ControlTally(controlID: "enable-mfa", healthy: 2 - bad, unhealthy: bad)],
                                    checks: [])
            }
            bus.register(ServiceName.assessor, router)
        }
    }

    struct Rig {
        let store: ScoringStore
        let clock: ServiceClock
        let assessor: Assessor
        let governance: GovernanceConsumer
        let scoring: ScoringConsumer
        let ticker: GovernanceTicker
        var seq: Int64 = 0

        mutating func event(_ type: String, _ payload: some Encodable) throws -> EventRecord {
            seq += 1
            return EventRecord(seq: seq, type: type, payload: try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(payload)),
                               createdAt: Date())
        }
    }

    func rig() throws -> Rig {
        let store = try ScoringStore(directory: dir)
        let clock = ServiceClock(manual: true)
        let now: @Sendable () -> Date = { clock.now() }
        let assessor = Assessor()
        let rescorer = GovernanceRescorer(store: store, sender: assessor.bus, logger: logger, now: now)
        var router = ScoringHandlers.router(store: store)
        GovernanceService(store: store, rescorer: rescorer, clock: clock).register(on: &router)
        assessor.bus.register(ServiceName.scoring, router)
        return Rig(store: store, clock: clock, assessor: assessor,
                   governance: GovernanceConsumer(store: store, logger: logger, now: now),
                   scoring: ScoringConsumer(store: store, sender: assessor.bus, logger: logger, now: now, grace: rescorer),
                   ticker: GovernanceTicker(store: store, rescorer: rescorer, logger: logger, now: now))
    }

    func finding(_ resource: String, _ status: FindingStatus, at date: Date) -> Finding {
        Finding(id: Finding.makeID(provider: "aws", account: Self.account, region: "global", checkID: "enable-mfa", resourceID: resource),
                checkID: "enable-mfa", title: "MFA", severity: .high, controlID: "enable-mfa", resourceID: resource,
                resourceType: "aws.iam.user", provider: "aws", account: Self.account, region: "global", status: status,
                reason: "", remediation: "", firstSeen: date, lastSeen: date, scanID: "s", version: 1,
                lifecycle: status == .fail ? .new : .persisting)
    }

    func seal(_ scanID: String) -> ScanSummary {
        ScanSummary(scanID: scanID, provider: "aws", account: Self.account, state: .sealed, startedAt: Date(), sealedAt: Date(),
                    batchesReceived: 1, totalBatches: 1, resourceCount: 2, findingCounts: [:], scopes: [])
    }

    func events(_ store: ScoringStore, _ type: String) throws -> [GovernanceChange] {
        try store.events(after: 0, limit: 1_000).events.filter { $0.type == type }.map {
            try Wire.decoder.decode(GovernanceChange.self, from: Wire.encoder.encode($0.payload))
        }
    }

    @Test func aGraceFindingDoesNotCountUntilOverdueThenItDoes() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try rig()
        _ = try await r.assessor.bus.call(GovernanceRulesSet(file: "governance.yaml", yaml: Self.rules))
        let t0 = r.clock.now()

        // alice fails MFA; her user is tagged with its owner.
        r.assessor.failing.withLock { _ = $0.insert("alice") }
        let alice = Resource(id: "alice", account: Self.account, region: "global", type: "aws.iam.user", name: "alice",
                             tags: ["owner": "alice@example.com"])
        let page = [try r.event(EventType.findingChanged, finding("alice", .fail, at: t0)),
                    try r.event(EventType.resourceChanged, alice), try r.event(EventType.scanSealed, seal("scan-1"))]

        // The seal is scored only once governance has read it.
        await #expect(throws: WireError.self) { try await r.scoring.apply(page) }
        try r.governance.apply(page)
        try await r.scoring.apply(page)

        let assigned = try events(r.store, GovernanceEvents.assigned)
        #expect(assigned.map(\.assignment.owner) == ["alice@example.com"], "owner from the resource's tag")
        #expect(assigned.first.map { abs($0.assignment.dueDate.timeIntervalSince(t0) - 7 * 86_400) < 1 } == true)
        #expect(try r.store.score(scanID: "scan-1")?.percentage == 100, "in grace: not counted against the score")
        #expect(try r.store.score(scanID: "scan-1")?.inGrace == 1, "and the score says so")

        // Redelivered, the page changes nothing.
        try r.governance.apply(page)
        #expect(try events(r.store, GovernanceEvents.assigned).count == 1)

        // Eight days later it is overdue: one event, and the score counts it.
        #expect(try await r.ticker.step().isEmpty)
        _ = try r.clock.advance(by: 8 * 86_400)
        #expect(try await r.ticker.step().map(\.findingID) == [finding("alice", .fail, at: t0).id])
        #expect(try await r.ticker.step().isEmpty, "overdue once")
        #expect(try events(r.store, GovernanceEvents.overdue).count == 1)
        #expect(try r.store.score(scanID: "scan-1")?.percentage == 50, "overdue: unhealthy again")
        #expect(try r.store.score(scanID: "scan-1")?.inGrace == nil)
        let report = try await r.assessor.bus.call(GovernanceReportQuery())
        #expect(report.totals.overdue == 1 && report.byOwner.map(\.key) == ["alice@example.com"])

        // Fixed at the next scan: the assignment completes (late).
        r.assessor.failing.withLock { $0.removeAll() }
        let fixed = [try r.event(EventType.findingChanged, finding("alice", .pass, at: t0)),
                     try r.event(EventType.scanSealed, seal("scan-2"))]
        try r.governance.apply(fixed)
        try await r.scoring.apply(fixed)
        let done = try events(r.store, GovernanceEvents.completed)
        #expect(done.count == 1 && done.first?.onTime == false)
        let after = try await r.assessor.bus.call(GovernanceReportQuery())
        #expect(after.totals.completedLate == 1 && after.totals.open == 0)
    }

    @Test func rulesAppliedLaterTakeExistingFindingsAndABadFileKeepsTheRulesInForce() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try rig()
        let page = [try r.event(EventType.findingChanged, finding("bob", .fail, at: r.clock.now())),
                    try r.event(EventType.scanSealed, seal("scan-1"))]
        try r.governance.apply(page)
        #expect(try await r.assessor.bus.call(GovernanceReportQuery()).totals.unassigned == 1)

        let reply = try await r.assessor.bus.call(GovernanceRulesSet(file: "g.yaml", yaml: Self.rules))
        #expect(reply.assignmentsChanged == 1 && reply.rules.map(\.id) == ["mfa-owners"])
        let list = try await r.assessor.bus.call(GovernanceAssignmentsQuery())
        #expect(list.map(\.owner) == ["secops@example.com"], "no owner tag: the fallback")

        let bad = Self.rules.replacingOccurrences(of: "remediationDays: 7", with: "remediationDays: 700")
        do { _ = try await r.assessor.bus.call(GovernanceRulesSet(file: "g.yaml", yaml: bad)); Issue.record("accepted") } catch let e as WireError {
            #expect(e.code == "governance.rules.invalid")
            #expect(e.message.contains("g.yaml:6") && e.message.contains("rules in force stay"), "\(e.message)")
        }
        #expect(try await r.assessor.bus.call(GovernanceRulesQuery()).rules.count == 1)

        // Deleting every rule keeps the assignment.
        _ = try await r.assessor.bus.call(GovernanceRulesSet(file: "g.yaml", yaml: "rules: []\n"))
        #expect(try await r.assessor.bus.call(GovernanceAssignmentsQuery()).count == 1)
    }

    @Test func assigningByHandAndReassigning() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = try rig()
        let f = finding("carol", .fail, at: r.clock.now())
        try r.governance.apply([try r.event(EventType.findingChanged, f), try r.event(EventType.scanSealed, seal("scan-1"))])
        let due = r.clock.now().addingTimeInterval(86_400)
        let a = try await r.assessor.bus.call(GovernanceAssign(findingID: f.id, owner: "carol@example.com", due: due))
        #expect(a.ruleID == nil && a.owner == "carol@example.com")
        await #expect(throws: WireError.self) { _ = try await r.assessor.bus.call(GovernanceAssign(findingID: f.id, owner: "x", due: due)) }
        await #expect(throws: WireError.self) {
            _ = try await r.assessor.bus.call(GovernanceAssign(findingID: "aws/none", owner: "x", due: due))
        }
        let moved = try await r.assessor.bus.call(GovernanceReassign(findingID: f.id, owner: "dave@example.com"))
        #expect(moved.owner == "dave@example.com" && abs(moved.dueDate.timeIntervalSince(due)) < 1)
        #expect(try events(r.store, GovernanceEvents.reassigned).first?.previous?.owner == "carol@example.com")
        let past = try? await r.assessor.bus.call(GovernanceReassign(findingID: f.id, due: r.clock.now().addingTimeInterval(-60)))
        #expect(past == nil, "a due date in the past is refused")
    }
}
