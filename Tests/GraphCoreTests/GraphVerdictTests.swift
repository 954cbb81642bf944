import GraphCore
import PalisadeModel
import PalisadeProtocol
import Testing

/// Graph checks decided on hand-built graphs: fail with the evidence, pass without the condition, error when the
/// deciding edge is unknown.
@Suite struct GraphVerdictTests {
    static let account = "111122223333"
    static let accountNode = GraphVocabulary.accountNodeID(account)
    static let ssh = GraphCheck(id: "ssh", resourceType: "aws.ec2.instance",
                                rule: GraphRule(rule: .internetExposure, ports: [PortRange("tcp/22")!]))
    static let db = GraphCheck(id: "db", resourceType: "aws.ec2.instance",
                               rule: GraphRule(rule: .internetExposure,
                                               ports: ["tcp/3306", "tcp/5432", "tcp/6379"].map { PortRange($0)! }))
    static let escalation = GraphCheck(id: "esc", resourceType: "aws.iam.user", rule: GraphRule(rule: .privilegeEscalation))
    static let workload = GraphCheck(id: "wl", resourceType: "aws.ec2.instance",
                                     rule: GraphRule(rule: .exposedPrivilegedWorkload))
    static let publicBucket = GraphCheck(id: "pub", resourceType: "aws.s3.bucket", rule: GraphRule(rule: .publicAccess))

    func node(_ id: String, _ kind: String, insights: [NodeInsight] = []) -> GraphNode {
        GraphNode(id: id, kind: kind, label: id, account: Self.account, region: "us-east-1", insights: insights)
    }

    func graph(_ nodes: [GraphNode], _ edges: [GraphEdge]) -> SecurityGraph {
        let synthetic = [GraphNode(id: GraphVocabulary.internetID, kind: GraphVocabulary.internetKind, label: "Internet"),
                         GraphNode(id: Self.accountNode, kind: GraphVocabulary.accountKind, label: "account"),
                         GraphNode(id: GraphVocabulary.anyPrincipalID, kind: GraphVocabulary.anyPrincipalKind, label: "anyone")]
        return SecurityGraph(nodes: synthetic + nodes, edges: edges)
    }

    func exposes(_ dst: String, _ ports: [String], unknown: String? = nil) -> GraphEdge {
        GraphEdge(src: GraphVocabulary.internetID, dst: dst, kind: GraphVocabulary.exposes,
                  evidence: "igw-1 → 0.0.0.0/0 → sg-1 \(ports.joined(separator: ","))", ports: ports, unknown: unknown)
    }

    func verdict(_ v: [GraphVerdict], _ check: String, _ resource: String) -> GraphVerdict? {
        v.first { $0.checkID == check && $0.resourceID == resource }
    }

    @Test func exposureOnTheAskedPortsFailsWithTheEvidence() throws {
        let g = graph([node("i-ssh", "aws.ec2.instance"), node("i-web", "aws.ec2.instance"), node("i-all", "aws.ec2.instance"),
                       node("i-private", "aws.ec2.instance"), node("i-unknown", "aws.ec2.instance"),
                       node("i-redis", "aws.ec2.instance")],
                      [exposes("i-ssh", ["tcp/22"]), exposes("i-web", ["tcp/443", "tcp/80"]),
                       exposes("i-all", ["tcp/0-65535"]), exposes("i-redis", ["tcp/6379"]),
                       exposes("i-unknown", ["tcp/22"], unknown: "NACL acl-1 rule 100 has protocol 99")])
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.ssh, Self.db])
        #expect(v.count == 12, "one verdict per check and instance, nothing for other kinds")

        let ssh = try #require(verdict(v, "ssh", "i-ssh"))
        #expect(ssh.status == .fail)
        #expect(ssh.reason.contains("tcp/22") && ssh.reason.contains("igw-1 → 0.0.0.0/0 → sg-1"))
        #expect(verdict(v, "ssh", "i-web")?.status == .pass, "exposed, but not on 22")
        #expect(verdict(v, "ssh", "i-private")?.status == .pass)
        #expect(verdict(v, "ssh", "i-all")?.status == .fail, "a range holding 22 counts")
        let unknown = try #require(verdict(v, "ssh", "i-unknown"))
        #expect(unknown.status == .error, "unknown is not false")
        #expect(unknown.reason.contains("protocol 99"))

        #expect(verdict(v, "db", "i-redis")?.status == .fail)
        #expect(verdict(v, "db", "i-redis")?.reason.contains("tcp/6379") == true)
        #expect(verdict(v, "db", "i-ssh")?.status == .pass)
        #expect(verdict(v, "db", "i-all")?.status == .fail)
        #expect(verdict(v, "db", "i-unknown")?.status == .pass, "the unknown edge is about port 22 only")
    }

    @Test func anExposureEdgeWithoutReadablePortsIsAnError() {
        let g = graph([node("i-1", "aws.ec2.instance"), node("i-2", "aws.ec2.instance")],
                      [exposes("i-1", []), exposes("i-2", ["tcp/22"]), exposes("i-2", ["gre/x"])])
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.ssh])
        #expect(verdict(v, "ssh", "i-1")?.status == .error)
        #expect(verdict(v, "ssh", "i-2")?.status == .fail, "a definite exposure decides even beside an unreadable one")
    }

    @Test func aPortOnlyMaybeReachableIsAnErrorNotAPass() {
        var g = graph([node("i-1", "aws.ec2.instance")], [exposes("i-1", ["tcp/443", "icmp"])])
        g.problems = [GraphProblem(resource: "i-1", element: "exposure",
                                   reason: "also maybe reachable on tcp/22: NACL acl-1 rule 90 has protocol 99")]
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.ssh, Self.db])
        #expect(verdict(v, "ssh", "i-1")?.status == .error)
        #expect(verdict(v, "ssh", "i-1")?.reason.contains("protocol 99") == true)
        #expect(verdict(v, "db", "i-1")?.status == .pass, "443 and ICMP are readable and not database ports")
    }

    @Test func escalationNamesEveryMethodAndItsPermissions() throws {
        let g = graph([node("u-esc", "aws.iam.user"), node("u-ok", "aws.iam.user"), node("u-unknown", "aws.iam.user"),
                       node("r-admin", "aws.iam.role")],
                      [GraphEdge(src: "u-esc", dst: Self.accountNode, kind: GraphVocabulary.canEscalate, evidence: "policy p#0",
                                 method: "iam:CreatePolicyVersion", permissions: ["iam:CreatePolicyVersion"]),
                       GraphEdge(src: "u-esc", dst: "r-admin", kind: GraphVocabulary.canEscalate, evidence: "policy p#1",
                                 method: "iam:PassRole+lambda:CreateFunction",
                                 permissions: ["lambda:InvokeFunction", "iam:PassRole", "lambda:CreateFunction"]),
                       GraphEdge(src: "u-unknown", dst: Self.accountNode, kind: GraphVocabulary.canEscalate,
                                 evidence: "policy q", method: "iam:AttachUserPolicy", permissions: ["iam:AttachUserPolicy"],
                                 unknown: "policy q is malformed")])
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.escalation])
        #expect(v.map(\.resourceID) == ["u-esc", "u-ok", "u-unknown"])
        let esc = try #require(verdict(v, "esc", "u-esc"))
        #expect(esc.status == .fail)
        #expect(esc.reason.contains("2 methods"))
        #expect(esc.reason.contains("iam:CreatePolicyVersion (permissions: iam:CreatePolicyVersion)"))
        #expect(esc.reason.contains("iam:PassRole+lambda:CreateFunction (permissions: iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction) → r-admin"))
        #expect(verdict(v, "esc", "u-ok")?.status == .pass)
        #expect(verdict(v, "esc", "u-unknown")?.status == .error)
        #expect(verdict(v, "esc", "u-unknown")?.reason.contains("malformed") == true)
    }

    @Test func exposedWorkloadFailsOnlyWhenBothHalvesHold() throws {
        let sensitive = NodeInsight(kind: GraphVocabulary.sensitiveData, detail: "tag data-classification=restricted")
        let g = graph([node("i-admin", "aws.ec2.instance"), node("i-writer", "aws.ec2.instance"),
                       node("i-private-admin", "aws.ec2.instance"), node("i-lb", "aws.ec2.instance"),
                       node("i-unknown-role", "aws.ec2.instance"), node("i-reader", "aws.ec2.instance"),
                       node("lb-1", "aws.elbv2.load_balancer"),
                       node("r-admin", "aws.iam.role"), node("r-writer", "aws.iam.role"), node("r-reader", "aws.iam.role"),
                       node("r-maybe", "aws.iam.role"),
                       node("b-pii", "aws.s3.bucket", insights: [sensitive]), node("b-logs", "aws.s3.bucket")],
                      [exposes("i-admin", ["tcp/443"]), exposes("i-writer", ["tcp/80"]), exposes("lb-1", ["tcp/443"]),
                       exposes("i-unknown-role", ["tcp/443"]), exposes("i-reader", ["tcp/443"]),
                       GraphEdge(src: "lb-1", dst: "i-lb", kind: GraphVocabulary.forwardsTo, evidence: "listener 443"),
                       GraphEdge(src: "i-admin", dst: "r-admin", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "i-private-admin", dst: "r-admin", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "i-lb", dst: "r-admin", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "i-writer", dst: "r-writer", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "i-reader", dst: "r-reader", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "i-unknown-role", dst: "r-maybe", kind: GraphVocabulary.hasRole, evidence: "profile"),
                       GraphEdge(src: "r-admin", dst: Self.accountNode, kind: GraphVocabulary.administers,
                                 evidence: "AdministratorAccess"),
                       GraphEdge(src: "r-writer", dst: "b-pii", kind: GraphVocabulary.canWrite, evidence: "s3:PutObject"),
                       GraphEdge(src: "r-writer", dst: "b-logs", kind: GraphVocabulary.canWrite, evidence: "s3:PutObject"),
                       GraphEdge(src: "r-reader", dst: "b-pii", kind: GraphVocabulary.canRead, evidence: "s3:GetObject"),
                       GraphEdge(src: "r-maybe", dst: Self.accountNode, kind: GraphVocabulary.administers,
                                 evidence: "policy z", unknown: "policy z could not be parsed")])
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.workload])
        let admin = try #require(verdict(v, "wl", "i-admin"))
        #expect(admin.status == .fail)
        #expect(admin.reason.contains("tcp/443") && admin.reason.contains("administers the account"))
        let writer = try #require(verdict(v, "wl", "i-writer"))
        #expect(writer.status == .fail)
        #expect(writer.reason.contains("can write sensitive data in b-pii"))
        #expect(!writer.reason.contains("b-logs"), "a store without sensitive data is not evidence")
        #expect(verdict(v, "wl", "i-lb")?.status == .fail, "exposed through a load balancer")
        #expect(verdict(v, "wl", "i-lb")?.reason.contains("load balancer lb-1") == true)
        #expect(verdict(v, "wl", "i-private-admin")?.status == .pass, "admin, but the internet does not reach it")
        #expect(verdict(v, "wl", "i-reader")?.status == .pass, "reading sensitive data is not writing it")
        #expect(verdict(v, "wl", "i-unknown-role")?.status == .error)
    }

    @Test func publicGrantsFromAnyPrincipalFail() throws {
        let g = graph([node("b-public", "aws.s3.bucket"), node("b-private", "aws.s3.bucket"), node("b-cond", "aws.s3.bucket"),
                       node("b-unknown", "aws.s3.bucket"), node("r-app", "aws.iam.role")],
                      [GraphEdge(src: GraphVocabulary.anyPrincipalID, dst: "b-public", kind: GraphVocabulary.canRead,
                                 evidence: "bucket policy Statement[0]: s3:GetObject"),
                       GraphEdge(src: GraphVocabulary.anyPrincipalID, dst: "b-public", kind: GraphVocabulary.canWrite,
                                 evidence: "bucket policy Statement[1]: s3:PutObject"),
                       GraphEdge(src: "r-app", dst: "b-private", kind: GraphVocabulary.canRead, evidence: "identity"),
                       GraphEdge(src: GraphVocabulary.anyPrincipalID, dst: "b-cond", kind: GraphVocabulary.canRead,
                                 evidence: "bucket policy Statement[0]", conditional: true,
                                 conditions: ["aws:SourceIp IpAddress 203.0.113.0/24"]),
                       GraphEdge(src: GraphVocabulary.anyPrincipalID, dst: "b-unknown", kind: GraphVocabulary.canRead,
                                 evidence: "bucket policy", unknown: "policy could not be parsed")])
        let v = GraphVerdictEngine.verdicts(g, checks: [Self.publicBucket])
        let pub = try #require(verdict(v, "pub", "b-public"))
        #expect(pub.status == .fail)
        #expect(pub.reason.contains("can_read") && pub.reason.contains("can_write") && pub.reason.contains("Statement[1]"))
        #expect(verdict(v, "pub", "b-private")?.status == .pass)
        #expect(verdict(v, "pub", "b-cond")?.status == .fail)
        #expect(verdict(v, "pub", "b-cond")?.reason.contains("aws:SourceIp") == true)
        #expect(verdict(v, "pub", "b-unknown")?.status == .error)
    }

    @Test func verdictsAreDeterministic() {
        let g = graph([node("i-2", "aws.ec2.instance"), node("i-1", "aws.ec2.instance")], [exposes("i-2", ["tcp/22"])])
        let a = GraphVerdictEngine.verdicts(g, checks: [Self.ssh, Self.db])
        let b = GraphVerdictEngine.verdicts(SecurityGraph(nodes: g.nodes.reversed(), edges: g.edges), checks: [Self.db, Self.ssh])
        #expect(a == b)
        #expect(a.map(\.checkID) == ["db", "db", "ssh", "ssh"])
        #expect(a.map(\.resourceID) == ["i-1", "i-2", "i-1", "i-2"])
    }

    @Test func portRangesParseAndOverlap() {
        #expect(PortRange("tcp/22") == PortRange(proto: "tcp", from: 22, to: 22))
        #expect(PortRange("tcp/80-443")?.overlaps(PortRange("tcp/443")!) == true)
        #expect(PortRange("udp/22")?.overlaps(PortRange("tcp/22")!) == false)
        #expect(PortRange("all")?.overlaps(PortRange("tcp/22")!) == true)
        #expect(PortRange("tcp/all")?.description == "tcp/all")
        #expect(PortRange("tcp/99999") == nil)
        #expect(PortRange("tcp/30-20") == nil)
        #expect(PortRange("22") == nil)
        #expect(PortRange("icmp")?.overlaps(PortRange("tcp/22")!) == false, "a protocol without ports, as edges list ICMP")
    }
}
