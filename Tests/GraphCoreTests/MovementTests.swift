import GraphCore
import PalisadeModel
import Testing

/// `has_role` from workloads to their roles, and `can_authenticate_as` from holders of leaked access key ids.
@Suite struct MovementTests {
    func graph(_ resources: [Resource]) -> SecurityGraph { GraphBuilder.build(account: Esc.account, resources: resources) }

    func edges(_ g: SecurityGraph, _ kind: String, from src: String) -> [GraphEdge] {
        g.edges.filter { $0.kind == kind && $0.src == src }
    }

    @Test func instanceAndLaunchTemplateGetTheRoleOfTheirInstanceProfile() throws {
        let instance = Esc.instance("i-1", profile: "web")
        let template = Esc.launchTemplate("lt-1", profile: "web")
        let g = graph([instance, template, Esc.profile("web", role: "web-role"), Esc.role("web-role")])
        let e = try #require(edges(g, "has_role", from: instance.id).first)
        #expect(e.dst == Esc.arn("role", "web-role"))
        #expect(e.details.map(\.kind) == ["instance_profile"])
        #expect(e.details.first?.fix == "instance-profile:i-1")
        #expect(e.details.first?.source == Esc.arn("instance-profile", "web"))
        let t = try #require(edges(g, "has_role", from: template.id).first)
        #expect(t.dst == Esc.arn("role", "web-role") && t.details.first?.fix == "instance-profile:lt-1")
        // No profile, or a profile whose role is not in the inventory: no edge.
        let bare = Esc.instance("i-2")
        #expect(edges(graph([bare, Esc.profile("web", role: "web-role")]), "has_role", from: bare.id).isEmpty)
        #expect(edges(graph([instance, Esc.profile("web", role: "web-role")]), "has_role", from: instance.id).isEmpty)
    }

    @Test func lambdaAndECSTaskDefinitionsGetTheirRoles() throws {
        let fn = Esc.function("worker", role: "fn-role")
        let task = Esc.taskDefinition("api", taskRole: "task-role", executionRole: "exec-role")
        let same = Esc.taskDefinition("batch", taskRole: "task-role", executionRole: "task-role")
        let g = graph([fn, task, same, Esc.role("fn-role"), Esc.role("task-role"), Esc.role("exec-role")])
        let f = try #require(edges(g, "has_role", from: fn.id).first)
        #expect(f.dst == Esc.arn("role", "fn-role") && f.details.map(\.kind) == ["execution_role"])
        let t = edges(g, "has_role", from: task.id)
        #expect(Set(t.map(\.dst)) == [Esc.arn("role", "task-role"), Esc.arn("role", "exec-role")])
        #expect(t.first { $0.dst == Esc.arn("role", "task-role") }?.details.map(\.kind) == ["task_role"])
        // The same role as task and execution role: one edge carrying both elements.
        let s = edges(g, "has_role", from: same.id)
        #expect(s.count == 1 && Set(s[0].details.map(\.kind)) == ["task_role", "execution_role"])
    }

    @Test func anActiveLeakedKeyAuthenticatesAsItsUserAndAnInactiveOneDoesNot() throws {
        let alice = Esc.user("alice", keys: [Esc.key("AKIAALICEACTIVE00001"), Esc.key("AKIAALICEOLD00000002", active: false)])
        let leaky = Esc.instance("i-leak", keys: ["AKIAALICEACTIVE00001"])
        let stale = Esc.instance("i-stale", keys: ["AKIAALICEOLD00000002"])
        let stranger = Esc.instance("i-other", keys: ["AKIAUNKNOWN000000003", "ASIATEMPORARY0000004"])
        let g = graph([alice, leaky, stale, stranger])
        let e = try #require(edges(g, "can_authenticate_as", from: leaky.id).first)
        #expect(e.dst == alice.id)
        #expect(e.details.count == 1)
        let d = try #require(e.details.first)
        #expect(d.kind == "access_key" && d.source == leaky.id)
        #expect(d.fix == "access-key:alice:AKIAALICEACTIVE00001")
        #expect(d.detail.contains("user data"))
        #expect(g.node(leaky.id)?.insight("leaked_credentials")?.detail.contains("AKIAALICEACTIVE00001") == true)
        #expect(edges(g, "can_authenticate_as", from: stale.id).isEmpty)
        #expect(g.node(stale.id)?.insight("leaked_credentials") == nil)
        // Ids of no key in the inventory: no edge, and nothing to report as a problem.
        #expect(edges(g, "can_authenticate_as", from: stranger.id).isEmpty)
        #expect(g.problems.isEmpty)
    }

    @Test func keysInLambdaECSAndLaunchTemplatesAndNeverASecret() throws {
        let bob = Esc.user("bob", keys: [Esc.key("AKIABOB0000000000001")])
        let fn = Esc.function("etl", role: "fn-role", keys: ["AKIABOB0000000000001"])
        let task = Esc.taskDefinition("api", taskRole: nil, executionRole: nil, keys: ["AKIABOB0000000000001"])
        let lt = Esc.launchTemplate("lt-9", profile: nil, keys: ["AKIABOB0000000000001"])
        let g = graph([bob, fn, task, lt, Esc.role("fn-role")])
        for holder in [fn, task, lt] {
            let e = try #require(edges(g, "can_authenticate_as", from: holder.id).first, "\(holder.type)")
            #expect(e.dst == bob.id)
            #expect(g.node(holder.id)?.insight("leaked_credentials") != nil)
        }
        #expect(edges(g, "can_authenticate_as", from: task.id).first?.details.first?.detail.contains("container app") == true)
        #expect(edges(g, "can_authenticate_as", from: fn.id).first?.details.first?.detail.contains("environment") == true)
    }

    @Test func missingKeysAndOldShapesDoNotCrash() {
        // No accessKeyIds (today's connector), null user data, users without accessKeys.
        var old = Esc.instance("i-old")
        old.properties = ["instanceId": "i-old", "userData": ["present": true, "sha256": "x", "secretPatterns": ["aws-access-key-id"]]]
        let nullData = Resource(id: "arn:aws:ec2:us-east-1:\(Esc.account):instance/i-null", account: Esc.account,
                                region: "us-east-1", type: "aws.ec2.instance", name: "i-null",
                                properties: ["userData": .null, "iamInstanceProfileArn": 5])
        let noKeys = Resource(id: Esc.arn("user", "carol"), account: Esc.account, region: "global", type: "aws.iam.user",
                              name: "carol", properties: ["userName": "carol", "accessKeys": "not a list"])
        let weirdTask = Resource(id: "arn:aws:ecs:us-east-1:\(Esc.account):task-definition/x:1", account: Esc.account,
                                 region: "us-east-1", type: "aws.ecs.task_definition", name: "x:1",
                                 properties: ["containers": [5, ["name": 3, "environmentAccessKeyIds": "AKIA"]], "taskRoleArn": ["no"]])
        let g = graph([old, nullData, noKeys, weirdTask])
        #expect(g.edges(kind: "can_authenticate_as").isEmpty && g.edges(kind: "has_role").isEmpty)
    }
}
