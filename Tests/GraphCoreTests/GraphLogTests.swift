import Foundation
import GraphCore
import PalisadeModel
import PalisadeProtocol
import Testing

/// The graph service keeps its own inventory and failing findings from the assessor's event log and builds each
/// account's graph from them (docs/graph.md § Keeping the graph current).
@Suite struct GraphLogTests {
    static let scans = LogHistory.steps.map(\.0)
    static let accounts = [Estate.account, Esc.account]

    @Test func theGraphFromTheLogIsTheGraphFromTheInventory() async throws {
        let assessor = FakeAssessor()
        let replica = try GraphReplica(assessor)
        for step in LogHistory.steps {
            try LogHistory.seal(assessor, step)
            try await replica.catchUp(assessor)
            let (scan, account, resources, findings) = step
            let failing = findings.filter { $0.status == .fail }
            // What the old path built: the inventory and failing findings, as the assessor's queries answer them.
            let expected = GraphBuilder.build(account: account, resources: resources.sorted { $0.id < $1.id },
                                              findings: failing.sorted { $0.id < $1.id })
            let stored = try replica.store.graph(account: account)
            #expect(Set(stored.nodes) == Set(expected.nodes), "\(scan)")
            #expect(Set(stored.edges) == Set(expected.edges), "\(scan)")
            #expect(stored.edges.count == expected.edges.count, "\(scan)")
            let found = AttackPathFinder(graph: expected, findings: failing).find().paths
            let paths = try replica.store.paths(scanID: scan).paths
            #expect(paths.map(\.id).sorted() == found.map(\.id).sorted(), "\(scan)")
            #expect(Set(paths.map(\.steps)) == Set(found.map(\.steps)), "\(scan): the failing findings each step lists")
            if scan == "web-2" {  // resolved as of this scan (a later reopening moves the path's state on)
                #expect(try replica.store.paths(scanID: "web-2").resolved.map(\.id)
                    == replica.store.paths(scanID: "web-1").paths.map(\.id))
            }
        }
        #expect(assessor.snapshots == 0, "no inventory or findings query")
        // The fixture exercises what it claims: findings reach the graph, paths come and go.
        let web1 = try replica.store.paths(scanID: "web-1")
        #expect(web1.paths.count == 1 && web1.paths[0].nodes.contains { $0.insights.contains { $0.kind == "high_severity_findings" } })
        #expect(try replica.store.paths(scanID: "web-3").paths.map(\.lifecycle) == [.reopened])
        #expect(!(try replica.store.paths(scanID: "esc-1").paths.isEmpty))
    }

    @Test func aPageAppliedTwiceOrADuplicateEventChangesNothing() async throws {
        let assessor = FakeAssessor()
        for step in LogHistory.steps { try LogHistory.seal(assessor, step) }
        let replica = try GraphReplica(assessor)
        let page = assessor.page(after: 0)
        try await replica.consumer.apply(page)
        let once = try replica.view(scans: Self.scans, accounts: Self.accounts)
        let inputs = try Self.accounts.map { try replica.store.inputs(account: $0) }
        try await replica.consumer.apply(page)
        try await replica.consumer.apply(Array(page.suffix(5)))
        #expect(try replica.view(scans: Self.scans, accounts: Self.accounts) == once)
        #expect(try Self.accounts.map { try replica.store.inputs(account: $0) } == inputs)

        // The same resource and finding logged again under new seqs: stored as they are, the account is not rebuilt.
        try assessor.append(type: EventType.resourceChanged, payload: LogHistory.webReopened[0])
        try assessor.append(type: EventType.findingChanged, payload: LogHistory.sgFinding)
        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("web-4"))
        try await replica.catchUp(assessor)
        #expect(try replica.store.builtScan(of: "web-4") == "web-3")
        #expect(try replica.store.inputs(account: Estate.account) == inputs[0])
    }

    @Test func aCrashBetweenVerdictsAndCommitThenARestartEndsInTheSameState() async throws {
        struct Crash: Error {}
        let assessor = FakeAssessor()
        for step in LogHistory.steps.prefix(3) { try LogHistory.seal(assessor, step) }
        let crashing = try GraphReplica(assessor, failpoint: { if $0 == "graph.delivered" { throw Crash() } })
        await #expect(throws: Crash.self) { try await crashing.catchUp(assessor) }
        #expect(assessor.verdicts.map(\.scanID) == ["web-1"], "delivered before the crash")
        let web1Seal = try #require(assessor.page(after: 0).first { $0.type == EventType.scanSealed }?.seq)
        #expect(try crashing.store.position().cursor == web1Seal - 1, "the inventory before the seal, not the seal")
        #expect(try crashing.store.paths(scanID: nil).scanID == nil)

        // Restart on the same files; a replica that never crashed is the reference.
        let restarted = try GraphReplica(assessor, dir: crashing.dir)
        try await restarted.catchUp(assessor)
        let reference = try GraphReplica(assessor)
        try await reference.catchUp(assessor)
        let scans = Array(Self.scans.prefix(3))
        #expect(try restarted.view(scans: scans, accounts: Self.accounts) == reference.view(scans: scans, accounts: Self.accounts))
        #expect(assessor.verdicts.map(\.scanID) == ["web-1", "esc-1", "web-2"], "the resent set was a duplicate")
    }

    @Test func aLateReplicaCatchingUpFromZeroEqualsOneThatRanAllAlong() async throws {
        let assessor = FakeAssessor()
        let along = try GraphReplica(assessor)
        for step in LogHistory.steps {
            try LogHistory.seal(assessor, step)
            try await along.catchUp(assessor)
        }
        let late = try GraphReplica(assessor)
        try await late.catchUp(assessor, limit: 4)  // small pages: runs and seals split across them
        let view = try late.view(scans: Self.scans, accounts: Self.accounts)
        #expect(view == (try along.view(scans: Self.scans, accounts: Self.accounts)))
        #expect(view.cursor == assessor.page(after: 0).last?.seq)
        #expect(view.nodes[Estate.account]?.isEmpty == false && view.edges[Esc.account]?.isEmpty == false)
        #expect(assessor.snapshots == 0)
    }

    @Test func anAccountWithNoChangeIsNotRebuilt() async throws {
        let assessor = FakeAssessor()
        let replica = try GraphReplica(assessor)
        for step in LogHistory.steps {
            try LogHistory.seal(assessor, step)
            try await replica.catchUp(assessor)
        }
        let built = try Self.scans.map { try replica.store.builtScan(of: $0) }
        #expect(built == ["web-1", "esc-1", "web-2", "esc-1", "web-3", "esc-3"],
                "esc-2 changed nothing of its account, though web-2 changed the other one")
        let esc1 = try replica.store.paths(scanID: "esc-1"), esc2 = try replica.store.paths(scanID: "esc-2")
        #expect(esc2.paths.map(\.id) == esc1.paths.map(\.id) && !esc2.paths.isEmpty)
        #expect(esc2.paths.allSatisfy { $0.lifecycle == .persisting }, "the lifecycle still advances")
        #expect(esc2.paths.map(\.firstSeen) == esc1.paths.map(\.firstSeen))
        #expect(esc2.nodeCount == esc1.nodeCount && esc2.chokePoints == esc1.chokePoints && esc2.fixPlan == esc1.fixPlan)
        #expect(!assessor.verdicts.contains { $0.scanID == "esc-2" }, "the accepted set of esc-1 still holds")

        // A failing finding whose reason changed is kept but rebuilds nothing; one that starts failing does.
        var reworded = LogHistory.sgFinding
        reworded.version = 2
        reworded.reason = "fails, said differently"
        try assessor.seal("web-4", resources: LogHistory.webReopened,
                          findings: [LogHistory.finding("aws-ec2-instance-imdsv2", on: Estate.instance(), version: 3), reworded])
        try await replica.catchUp(assessor)
        #expect(try replica.store.builtScan(of: "web-4") == "web-3")
        #expect(try replica.store.inputs(account: Estate.account).findings.contains(reworded), "the latest version is kept")
        let bucket = try #require(LogHistory.webReopened.first { $0.type == "aws.s3.bucket" })
        try assessor.seal("web-5", resources: LogHistory.webReopened,
                          findings: [LogHistory.finding("aws-s3-bucket-public", on: bucket, severity: .critical), reworded])
        try await replica.catchUp(assessor)
        #expect(try replica.store.builtScan(of: "web-5") == "web-5")

        // New graph checks (or new builder code) rebuild an unchanged account.
        let upgraded = try GraphReplica(assessor, dir: replica.dir, checks: [])
        try assessor.seal("esc-4", resources: LogHistory.escGrown, account: Esc.account)
        try await upgraded.catchUp(assessor)
        #expect(try upgraded.store.builtScan(of: "esc-4") == "esc-4")
    }

    @Test func aRejectedVerdictSetIsSentAgainWithTheNextSeal() async throws {
        let assessor = FakeAssessor()
        let replica = try GraphReplica(assessor)
        assessor.failVerdicts(with: WireError(code: "assessor.verdicts.invalid", message: "unknown check id"))
        try LogHistory.seal(assessor, LogHistory.steps[0])
        try await replica.catchUp(assessor)
        assessor.failVerdicts(with: nil)
        try assessor.seal("web-2", resources: LogHistory.web, findings: LogHistory.steps[0].3)
        try await replica.catchUp(assessor)
        #expect(try replica.store.builtScan(of: "web-2") == "web-2")
        #expect(assessor.verdicts.map(\.scanID) == ["web-2"])
    }

    @Test func badPayloadsAreLoggedAndSkipped() async throws {
        let assessor = FakeAssessor()
        try assessor.append(type: EventType.resourceChanged, payload: ["id": 1] as JSONValue)
        try assessor.append(type: EventType.resourceRemoved, payload: JSONValue.null)
        try assessor.append(type: EventType.findingChanged, payload: ["status": "fail"] as JSONValue)
        try assessor.append(type: EventType.scanSealed, payload: ["scanID": "broken"] as JSONValue)
        try LogHistory.seal(assessor, LogHistory.steps[0])
        let replica = try GraphReplica(assessor)
        try await replica.catchUp(assessor, limit: 3)
        #expect(try replica.store.position().cursor == assessor.page(after: 0).last?.seq)
        #expect(try replica.store.paths(scanID: "web-1").paths.count == 1)
        #expect(try replica.store.inputs(account: Estate.account).resources.count == LogHistory.web.count)
    }

    /// A log written before the assessor logged resource events: the account's first seal seeds the graph's inventory
    /// from the assessor once; later seals follow the log.
    @Test func aLogWithoutResourceEventsSeedsOnceFromTheAssessor() async throws {
        let assessor = FakeAssessor()
        assessor.setInventory(LogHistory.web)
        try assessor.append(type: EventType.scanSealed, payload: FakeAssessor.sealed("old-1"))
        let replica = try GraphReplica(assessor)
        try await replica.catchUp(assessor)
        #expect(assessor.snapshots == 2, "one inventory and one findings query")
        #expect(try replica.store.inputs(account: Estate.account).resources == LogHistory.web.sorted { $0.id < $1.id })
        #expect(try replica.store.paths(scanID: "old-1").paths.count == 1)
        try assessor.seal("new-2", resources: LogHistory.webFixed)
        try await replica.catchUp(assessor)
        #expect(assessor.snapshots == 2)
        #expect(try replica.store.paths(scanID: "new-2").paths.isEmpty)
    }
}
