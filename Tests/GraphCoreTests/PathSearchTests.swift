import GraphCore
import PalisadeModel
import Testing

@Suite struct PathSearchTests {
    /// internet → web → role → account (admin), and role → data (sensitive).
    func webToAdmin() -> Drawn {
        var d = Drawn()
        d.node("web")
        d.node("role", "aws.iam.role")
        d.node("data", "aws.s3.bucket", insights: ["sensitive_data"])
        d.edge("internet", "web", "exposes", fixes: ["sg-rule:sg-1"])
        d.edge("web", "role", "has_role", fixes: ["instance-profile:web"])
        d.edge("role", "account", "administers", fixes: ["policy-statement:admin#0"])
        d.edge("role", "data", "can_read", fixes: ["policy-statement:read#0"])
        return d
    }

    @Test func findsOnePathPerEntryAndTargetWithRiskAndSteps() throws {
        let paths = webToAdmin().paths()
        #expect(paths.count == 2)
        let admin = try #require(paths.first)
        #expect(admin.risk == .critical)
        #expect(admin.nodes.map(\.id) == ["internet", "web", "role", "account"])
        #expect(admin.edges.map(\.kind) == ["exposes", "has_role", "administers"])
        #expect(admin.targetKind == "account_admin" && admin.riskCategory == "account_takeover")
        #expect(admin.steps.map(\.fixes) == [["sg-rule:sg-1"], ["instance-profile:web"], ["policy-statement:admin#0"]])
        let read = paths[1]
        #expect(read.risk == .high)
        #expect(read.riskFactors.contains("sensitive_data"))
        #expect(read.title.contains("can read S3 bucket data (sensitive data) via role"))
    }

    @Test func idsAreStableAndIgnoreIntermediateHops() {
        var other = webToAdmin()
        other.node("role2", "aws.iam.role")
        other.edges.removeAll { $0.src == "web" }
        other.edge("web", "role2", "has_role")
        other.edge("role2", "role", "can_assume")
        #expect(Set(other.paths().map(\.id)) == Set(webToAdmin().paths().map(\.id)))
    }

    @Test func writeBeatsReadForTheSameTarget() {
        var d = webToAdmin()
        d.edge("role", "data", "can_write")
        let toData = d.paths().filter { $0.nodes.last?.id == "data" }
        #expect(toData.count == 1)
        #expect(toData.first?.edges.last?.kind == "can_write")
        #expect(toData.first?.risk == .high)
    }

    @Test func definiteRouteWinsOverShorterConditionalOne() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.node("b", "aws.iam.role")
        d.node("c", "aws.iam.role")
        d.edge("internet", "web", "exposes")
        d.edge("web", "a", "has_role")
        d.edge("a", "c", "can_assume", conditional: true)   // short but conditional
        d.edge("a", "b", "can_assume")
        d.edge("b", "c", "can_assume")
        d.edge("c", "account", "administers")
        let p = d.paths().first
        #expect(p?.nodes.map(\.id) == ["internet", "web", "a", "b", "c", "account"])
        #expect(p?.conditional == false)
        #expect(p?.risk == .critical)
    }

    @Test func onlyConditionalRouteIsKeptAndMarked() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.edge("internet", "web", "exposes")
        d.edge("web", "a", "has_role")
        d.edge("a", "account", "administers", conditional: true)
        let p = d.paths().first
        #expect(p?.conditional == true)
        #expect(p?.riskFactors.contains("conditional") == true)
        #expect(p?.risk == .high, "a condition the graph cannot decide lowers the risk one step, never drops the path")
    }

    @Test func unknownEdgesAreNotWalked() {
        var d = Drawn()
        d.node("web")
        d.node("a", "aws.iam.role")
        d.edge("internet", "web", "exposes")
        d.edge("web", "a", "has_role", unknown: "instance profile not collected")
        d.edge("a", "account", "administers")
        #expect(d.paths().isEmpty)
    }

    @Test func cyclesAndHopLimitBoundTheSearch() {
        var d = Drawn()
        d.node("web")
        for i in 0..<12 { d.node("r\(i)", "aws.iam.role") }
        d.edge("internet", "web", "exposes")
        d.edge("web", "r0", "has_role")
        for i in 0..<11 { d.edge("r\(i)", "r\(i + 1)", "can_assume"); d.edge("r\(i + 1)", "r\(i)", "can_assume") }
        d.edge("r5", "account", "administers")
        d.edge("r11", "account", "administers")
        let finder = AttackPathFinder(graph: d.graph)
        let result = finder.find(maxHops: 8)
        #expect(result.paths.count == 1)
        #expect(result.paths.first?.nodes.count == 9, "internet, web, r0…r5, account: the shortest way in")
        #expect(result.explored <= d.edges.count, "each edge is relaxed at most once per entry")
        #expect(finder.find(maxHops: 4).paths.isEmpty, "r5 is 6 hops from web")
    }

    @Test func leakedCredentialsAndAnyPrincipalAreEntries() {
        var d = Drawn()
        d.node("fn", "aws.lambda.function")
        d.node("user", "aws.iam.user")
        d.node("open-role", "aws.iam.role")
        d.node("secret", "aws.secretsmanager.secret", insights: ["holds_secrets"])
        d.nodes.append(GraphNode(id: "principal:*", kind: "aws.any_principal", label: "any principal"))
        d.edge("fn", "user", "can_authenticate_as", fixes: ["access-key:user:AKIA1"])
        d.edge("user", "account", "administers")
        d.edge("principal:*", "open-role", "can_assume")
        d.edge("open-role", "secret", "can_get_secret")
        let paths = d.paths()
        #expect(Set(paths.map(\.entryKind)) == ["leaked_credentials", "any_principal_trust"])
        #expect(paths.first { $0.entryKind == "leaked_credentials" }?.risk == .critical)
        #expect(paths.first { $0.entryKind == "any_principal_trust" }?.targetKind == "secret")
    }

    @Test func publicSensitiveBucketAndExposedDatabaseAreOneStepPaths() {
        var d = Drawn()
        d.nodes.append(GraphNode(id: "principal:*", kind: "aws.any_principal", label: "any principal"))
        d.node("pii", "aws.s3.bucket", insights: ["sensitive_data"])
        d.node("db", "aws.rds.db_instance")
        d.edge("principal:*", "pii", "can_read", fixes: ["policy-statement:pii#0"])
        d.edge("internet", "db", "exposes", fixes: ["sg-rule:db"])
        let paths = d.paths()
        #expect(paths.map(\.entryKind).sorted() == ["internet_exposed", "public_access"])
        #expect(paths.first { $0.entryKind == "public_access" }?.risk == .high)
        #expect(paths.first { $0.entryKind == "internet_exposed" }?.title == "Internet-exposed RDS instance db is reachable from the internet")
    }
}
