import GraphCore
import PalisadeModel
import Testing

@Suite struct FixPlanTests {
    func plan(_ d: Drawn) -> FixPlan {
        let finder = AttackPathFinder(graph: d.graph)
        return FixPlanner.plan(finder, paths: finder.find().paths)
    }

    /// Three exposed instances share one role: one fix on the role beats three on the instances.
    @Test func sharedStepIsTheMinimum() {
        var d = Drawn()
        d.node("role", "aws.iam.role")
        for i in 0..<3 {
            d.node("web\(i)")
            d.edge("internet", "web\(i)", "exposes", fixes: ["sg-rule:web\(i)"])
            d.edge("web\(i)", "role", "has_role", fixes: ["instance-profile:web\(i)"])
        }
        d.edge("role", "account", "administers", fixes: ["policy-statement:admin#0"])
        let p = plan(d)
        #expect(p.fixes.map(\.fix) == ["policy-statement:admin#0"])
        #expect(p.method == "exact")
        #expect(p.pathsCovered == 3)
        #expect(p.fixes.first?.pathIDs.count == 3)
    }

    /// Breaking the found route is not enough when a second route exists: the plan is searched again.
    @Test func alternativeRouteIsFoundByVerification() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.node("b", "aws.iam.role")
        d.edge("internet", "web", "exposes", fixes: [nil])          // not fixable here
        d.edge("web", "a", "has_role", fixes: [nil])
        d.edge("a", "account", "administers", fixes: ["policy-statement:a#0"])
        d.edge("a", "b", "can_assume", fixes: ["policy-statement:trust-b#0"])
        d.edge("b", "account", "administers", fixes: ["policy-statement:b#0"])
        let p = plan(d)
        #expect(p.rounds >= 2)
        #expect(p.fixes.count == 2)
        let chosen = Set(p.fixes.map(\.fix))
        #expect(chosen.contains("policy-statement:a#0"))
        #expect(chosen.contains("policy-statement:trust-b#0") || chosen.contains("policy-statement:b#0"))
        // Applying the plan leaves nothing critical or high.
        let finder = AttackPathFinder(graph: d.graph)
        let removed = Set(d.edges.indices.filter { i in d.edges[i].details.allSatisfy { $0.fix.map(chosen.contains) ?? false } })
        #expect(finder.find(removed: removed).paths.filter { $0.risk >= .high }.isEmpty)
    }

    @Test func edgeWithTwoElementsNeedsBoth() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.edge("internet", "web", "exposes", fixes: ["sg-rule:1", "sg-rule:2"])  // two open rules
        d.edge("web", "a", "has_role", fixes: [nil])
        d.edge("a", "account", "administers", fixes: [nil, "policy-statement:a#0"])  // one element has no fix
        let p = plan(d)
        #expect(Set(p.fixes.map(\.fix)) == ["sg-rule:1", "sg-rule:2"])
    }

    /// An exposure is a chain (gateway, route, NACL, SG rule, address): any one element fixed breaks it; with two
    /// chains (two open rules on different ports), one element of each — and a shared one breaks both.
    @Test func oneElementBreaksAChainASharedOneBreaksTwo() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.edge("internet", "web", "exposes", chains: [["route:rtb-1", "sg-rule:22", "public-ip:eni-1"],
                                                      ["route:rtb-1", "sg-rule:443", "public-ip:eni-1"]])
        d.edge("web", "a", "has_role", fixes: ["instance-profile:web", nil])
        d.edge("a", "account", "administers", fixes: [nil])
        let p = plan(d)
        #expect(p.fixes.count == 1)
        #expect(["route:rtb-1", "public-ip:eni-1"].contains(p.fixes.first?.fix ?? ""), "\(p.fixes.map(\.fix))")
        #expect(EdgeEvidence.broken(d.edges[0].details, by: ["sg-rule:22"]) == false, "the 443 chain still stands")
        #expect(EdgeEvidence.broken(d.edges[0].details, by: ["sg-rule:22", "sg-rule:443"]))
    }

    @Test func unbreakablePathIsReported() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.edge("internet", "web", "exposes")
        d.edge("web", "a", "has_role")
        d.edge("a", "account", "administers")
        let p = plan(d)
        #expect(p.fixes.isEmpty)
        #expect(p.unbreakable.count == 1)
    }

    @Test func greedyStaysCloseOnLargeInstances() {
        // 40 paths, each breakable by its own fix or by one of 4 shared ones: minimum is 4.
        var d = Drawn()
        for g in 0..<4 { d.node("role\(g)", "aws.iam.role"); d.edge("role\(g)", "account", "administers", fixes: ["shared:\(g)"]) }
        for i in 0..<40 {
            d.node("web\(i)")
            d.edge("internet", "web\(i)", "exposes", fixes: ["own:\(i)"])
            d.edge("web\(i)", "role\(i % 4)", "has_role", fixes: [nil])
        }
        let p = plan(d)
        #expect(p.fixes.count == 4)
        #expect(p.pathsCovered == 40)
    }

    @Test func chokePointsRankByRiskThenCount() {
        var d = Drawn()
        d.node("role", "aws.iam.role")
        d.node("data", "aws.s3.bucket", insights: ["sensitive_data"])
        d.node("reader", "aws.iam.role")
        for i in 0..<3 {
            d.node("web\(i)")
            d.edge("internet", "web\(i)", "exposes")
            d.edge("web\(i)", "role", "has_role")
        }
        d.edge("role", "account", "administers")
        d.node("app")
        d.edge("internet", "app", "exposes")
        d.edge("app", "reader", "has_role")
        d.edge("reader", "data", "can_read")
        let finder = AttackPathFinder(graph: d.graph)
        let points = ChokePoints.rank(finder.find(), finder: finder)
        #expect(points.first?.node.id == "role")
        #expect(points.first?.paths == 3 && points.first?.critical == 3)
        #expect(!points.contains { $0.node.id == "internet" || $0.node.id == "account" })
        #expect(points.last?.risk == .high)
    }
}
