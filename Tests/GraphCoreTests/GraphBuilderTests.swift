import GraphCore
import PalisadeModel
import Testing

@Suite struct GraphBuilderTests {
    let instanceID = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0web1"
    let roleID = "arn:aws:iam::123456789012:role/app-role"

    @Test func buildsExposureRoleAndDataEdges() {
        let g = GraphBuilder.build(resources: Estate.resources())
        #expect(g.node("internet")?.kind == "internet")
        #expect(g.nodes.count == 7)
        let exposes = g.edges.filter { $0.kind == "exposes" }
        #expect(exposes.map(\.dst) == [instanceID])
        #expect(exposes.first?.evidence.contains("sg-open (ssh-open) allows tcp 22 from 0.0.0.0/0") == true)
        #expect(exposes.first?.evidence.contains("54.1.2.3") == true)
        #expect(g.edges.contains { $0.src == instanceID && $0.dst == roleID && $0.kind == "has_role" })
        let data = g.edges.filter { $0.src == roleID }.map { "\($0.kind) \($0.dst)" }.sorted()
        #expect(data == ["can_read arn:aws:s3:::app-data", "can_write arn:aws:s3:::app-data"])
    }

    @Test func findsInternetToInstanceToRoleToBucketPath() throws {
        let paths = AttackPathFinder.find(in: GraphBuilder.build(resources: Estate.resources()))
        #expect(paths.count == 2)
        let write = try #require(paths.first)
        #expect(write.risk == .critical)
        #expect(write.title == "Internet-exposed EC2 instance web-1 can write S3 bucket app-data via role app-role")
        #expect(write.nodes.map(\.id) == ["internet", instanceID, roleID, "arn:aws:s3:::app-data"])
        #expect(write.edges.map(\.kind) == ["exposes", "has_role", "can_write"])
        #expect(write.edges.last?.evidence.contains("s3:PutObject on arn:aws:s3:::app-data/*") == true)
        #expect(paths[1].risk == .high)
        #expect(paths[1].title.contains("can read S3 bucket app-data"))
        #expect(write.id.hasPrefix("path-") && write.id != paths[1].id)
        // Stable ids: building again gives the same ids.
        #expect(AttackPathFinder.find(in: GraphBuilder.build(resources: Estate.resources().reversed())).map(\.id)
                == paths.map(\.id))
    }

    @Test func ipv6OpenRangeAlsoExposes() {
        var sg = Estate.securityGroup(id: "sg-open", cidr: "10.0.0.0/8")
        sg.properties = .object(sg.properties.objectValue!.merging(["ingress": [[
            "ipProtocol": "-1", "fromPort": nil, "toPort": nil, "ipv4Ranges": [], "ipv6Ranges": ["::/0"],
            "sourceGroupIds": [],
        ]]]) { $1 })
        var resources = Estate.resources()
        resources[1] = sg
        let edge = GraphBuilder.build(resources: resources).edges.first { $0.kind == "exposes" }
        #expect(edge?.evidence.contains("all traffic from ::/0") == true)
    }

    @Test func noPathWhenSecurityGroupIsInternalOnly() {
        let g = GraphBuilder.build(resources: Estate.resources(sgCidr: "10.0.0.0/8"))
        #expect(!g.edges.contains { $0.kind == "exposes" })
        #expect(AttackPathFinder.find(in: g).isEmpty)
    }

    @Test func noPathWithoutPublicIp() {
        let g = GraphBuilder.build(resources: Estate.resources(instance: Estate.instance(publicIp: nil)))
        #expect(AttackPathFinder.find(in: g).isEmpty)
    }

    @Test func noPathWhenInstanceIsStopped() {
        let g = GraphBuilder.build(resources: Estate.resources(instance: Estate.instance(state: "stopped")))
        #expect(AttackPathFinder.find(in: g).isEmpty)
    }

    @Test func noPathWhenRoleCannotTouchTheBucket() {
        let g = GraphBuilder.build(resources: Estate.resources(roleInline: Estate.readLogsOnly))
        #expect(g.edges.contains { $0.kind == "has_role" })
        #expect(!g.edges.contains { $0.kind == "can_read" || $0.kind == "can_write" })
        #expect(AttackPathFinder.find(in: g).isEmpty)
    }

    @Test func explicitDenyRemovesAccess() {
        let denyAppData: JSONValue = ["policyName": "deny", "policyArn": "arn:aws:iam::123456789012:policy/deny",
                                      "document": ["Version": "2012-10-17", "Statement": [[
                                          "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::app-data/*"]]]]
        let g = GraphBuilder.build(resources: Estate.resources(roleAttached: [denyAppData]))
        #expect(!g.edges.contains { $0.kind == "can_write" })
    }

    @Test func noPathWithoutInstanceProfile() {
        let g = GraphBuilder.build(resources: Estate.resources(instance: Estate.instance(profile: nil)))
        #expect(g.edges.contains { $0.kind == "exposes" })
        #expect(AttackPathFinder.find(in: g).isEmpty)
    }

    @Test func adminRoleGivesCriticalAccountPath() throws {
        let g = GraphBuilder.build(resources: Estate.resources(roleInline: Estate.readLogsOnly,
                                                               roleAttached: [Estate.adminAttached]))
        let admin = try #require(g.edges.first { $0.kind == "admin" })
        #expect(admin.src == roleID && admin.dst == "arn:aws:iam::123456789012:root")
        #expect(admin.evidence.contains("AdministratorAccess"))
        #expect(g.node("arn:aws:iam::123456789012:root")?.kind == "aws.account")
        let paths = AttackPathFinder.find(in: g)
        let adminPath = try #require(paths.first { $0.edges.last?.kind == "admin" })
        #expect(adminPath.risk == .critical)
        #expect(adminPath.title == "Internet-exposed EC2 instance web-1 can administer account 123456789012 via role app-role")
        // Admin implies S3 access to every bucket as well.
        #expect(paths.filter { $0.risk == .critical }.count == 3)
    }
}
