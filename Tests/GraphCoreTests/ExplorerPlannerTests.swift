import GraphCore
import PalisadeModel
import Testing

/// The planner starts where the fewest nodes are and says so; budgets stop a query with `graph.query.budget`.
@Suite struct ExplorerPlannerTests {
    @Test func aPropertyMapUsesTheLabelPropertyIndex() throws {
        let plan = try Small.explorer.explain("""
            MATCH (r:IamRole)<-[:HAS_ROLE]-(w:Ec2Instance {region: 'eu-west-1'}) RETURN r
            """)
        #expect(plan == [
            "NodeIndexSeek (w:Ec2Instance {region: 'eu-west-1'}) on Ec2Instance.region = 'eu-west-1' (1 nodes)",
            "Expand (w:Ec2Instance {region: 'eu-west-1'})-[:HAS_ROLE]->(r:IamRole)",
            "Return r",
        ])
    }

    @Test func anEqualityInWhereUsesTheIndexToo() throws {
        let plan = try Small.explorer.explain("MATCH (n:Ec2Instance) WHERE n.name = $name AND n.region <> 'x' RETURN n",
                                              parameters: ["name": "batch-1"])
        #expect(plan.first == "NodeIndexSeek (n:Ec2Instance) on Ec2Instance.name = 'batch-1' (1 nodes)")
        #expect(plan.contains("Filter n.name = $name AND n.region <> 'x'"))
        #expect(try Small.rows("MATCH (n:Ec2Instance) WHERE n.name = $name AND n.region <> 'x' RETURN n.name",
                               ["name": "batch-1"]) == [["batch-1"]])
        let flag = try Small.explorer.explain("MATCH (n:Ec2Instance) WHERE n.highSeverityFindings RETURN n")
        #expect(flag.first == "NodeIndexSeek (n:Ec2Instance) on Ec2Instance.highSeverityFindings = true (1 nodes)")
    }

    @Test func theSmallerEndIsTheStartAndTheWalkGoesBackwards() throws {
        let plan = try Small.explorer.explain("MATCH (x)-[:ADMINISTERS]->(a:Account) RETURN x.name")
        #expect(plan == ["NodeByLabelScan (a:Account) on Account (1 nodes)", "Expand (a:Account)<-[:ADMINISTERS]-(x)",
                         "Return x.name"])
        #expect(try Small.rows("MATCH (x)-[:ADMINISTERS]->(a:Account) RETURN x.name") == [["admin-role"]])
    }

    @Test func aVariableBoundEarlierIsTheStart() throws {
        let plan = try Small.explorer.explain("""
            MATCH (a:Account) OPTIONAL MATCH (x)-[:ADMINISTERS*1..2]->(a) WITH a, count(x) AS n RETURN n ORDER BY n DESC LIMIT 1
            """)
        #expect(plan == [
            "NodeByLabelScan (a:Account) on Account (1 nodes)",
            "OptionalArgument (a) (bound earlier)",
            "OptionalVarLengthExpand (a)<-[:ADMINISTERS*1..2]-(x)",
            "Aggregate keys [a] aggregates [n]",
            "With a, n",
            "Return n",
            "Sort n DESC",
            "Limit 1",
        ])
    }

    @Test func withoutLabelsEveryNodeIsScanned() throws {
        #expect(try Small.explorer.explain("MATCH (n) RETURN n").first == "AllNodesScan (n) (12 nodes)")
    }

    @Test func theMemoryBudgetStopsACrossProduct() throws {
        let e = try #require(Small.error("MATCH (a), (b), (c) RETURN count(*)", limits: ExplorerLimits(maxBindings: 500)))
        #expect(e.code == "graph.query.budget")
        #expect(e.message.hasPrefix("memory budget exceeded: the query held more than 500 bindings"))
        #expect(e.message.contains("limits.maxBindings; CLI --max-bindings"))
        #expect(try Small.rows("MATCH (a), (b), (c) RETURN count(*)", limits: ExplorerLimits(maxBindings: 5_000)) == [[1728]])
    }

    @Test func theTimeBudgetStopsALongQuery() throws {
        let prepared = try Explorer.prepare("MATCH (a), (b) RETURN count(*)")
        // A clock that has already run two seconds: the 1 s budget is spent at the first check.
        do {
            _ = try Small.explorer.run(prepared, limits: ExplorerLimits(timeoutMilliseconds: 1_000),
                                       elapsed: { .seconds(2) })
            Issue.record("the time budget did not trip")
        } catch {
            #expect(error.code == "graph.query.budget")
            #expect(error.message.hasPrefix("time budget exceeded: the query ran longer than 1000 ms"))
            #expect(error.message.contains("CLI --time-budget"))
        }
        let ok = try Small.explorer.run(prepared, limits: ExplorerLimits(timeoutMilliseconds: 1_000), elapsed: { .milliseconds(5) })
        #expect(ok.rows == [[144]])
    }

    @Test func theRowLimitTruncatesAndSaysSo() throws {
        let r = try Small.explorer.run("MATCH (n) RETURN n.name ORDER BY n.name", limits: ExplorerLimits(maxRows: 2))
        #expect(r.rows == [["Internet"], ["account 111111111111"]])
        #expect(r.truncated)
        let all = try Small.explorer.run("MATCH (n) RETURN n.name")
        #expect(all.rows.count == 12 && !all.truncated)
        #expect(all.nodesVisited == 12)
    }
}

@Suite struct ExplorerRelationshipAnchorTests {
    @Test func aConstrainedRelationshipPropertyStartsAtItsEnds() throws {
        let q = "MATCH (p)-[e]->(t) WHERE e.conditional RETURN p.name, type(e), t.name"
        #expect(try Small.explorer.explain(q).first
            == "RelationshipIndexEnds (p) of -[e]-> {conditional: true} (1 relationships) (1 nodes)")
        #expect(try Small.rows(q) == [["app-role", "CAN_ASSUME", "admin-role"]])
        let typed = "MATCH (a)<-[e:EXPOSES {ports: ['tcp/80']}]-(i:Internet) RETURN a.name"
        #expect(try Small.explorer.explain(typed).first
            == "RelationshipIndexEnds (a) of <-[e:EXPOSES]- {ports: ['tcp/80']} (1 relationships) (1 nodes)")
        #expect(try Small.rows(typed) == [["web-2"]])
        let right = "MATCH (x)-[e:CAN_ESCALATE]->(t) WHERE e.method = 'iam:PassRole+ec2:RunInstances' RETURN t.name"
        #expect(try Small.explorer.explain(right).first
            == "RelationshipIndexEnds (x) of -[e:CAN_ESCALATE]-> {method: 'iam:PassRole+ec2:RunInstances'} (1 relationships) (1 nodes)")
        #expect(try Small.rows(right) == [["admin-role"]])
    }
}

@Suite struct ExplorerPushdownTests {
    @Test func aPredicateOnEveryRelationshipOfAPathIsCheckedWhileWalking() throws {
        let q = """
            MATCH p = (:Internet)-[*1..4]->(r:IamRole {admin: true})
            WHERE all(e IN relationships(p) WHERE NOT e.conditional) AND length(p) > 1 RETURN nodes(p)[2].name
            """
        let plan = try Small.explorer.explain(q)
        #expect(plan.contains("RelationshipFilter on every relationship of p: NOT e.conditional"))
        #expect(plan.contains("Filter length(p) > 1"))
        #expect(try Small.rows(q) == [["batch-1"]])
        // A predicate that reads another variable stays a filter on the finished path.
        let other = "MATCH p = (a:IamUser)-[*1..2]->(b) WHERE all(e IN relationships(p) WHERE e.method IS NULL OR a.name = 'alice') RETURN count(*)"
        #expect(try Small.explorer.explain(other).contains { $0.hasPrefix("RelationshipFilter") } == false)
        #expect(try Small.rows(other) == [[7]])
    }
}
