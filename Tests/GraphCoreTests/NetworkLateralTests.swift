@testable import GraphCore
import PalisadeModel
import Testing

/// can_reach inside a VPC: group references, private CIDRs, network ACLs between subnets, the fan-in bound.
@Suite struct NetworkLateralTests {
    @Test func groupReferenceLetsMembersReachTheDestination() throws {
        let db = Net.securityGroup("sg-db-hosts", ingress: [Net.rule("tcp", 5432...5432, v4: [], groups: ["sg-ssh"])])
        let host = Net.instance("i-db", name: "db-1", enis: ["eni-db"], groups: ["sg-db-hosts"], privateIp: "10.0.1.30", publicIp: nil)
        let eni = Net.interface("eni-db", instance: "i-db", groups: ["sg-db-hosts"], privateIp: "10.0.1.30", publicIp: nil)
        let outsider = Net.instance("i-other", name: "other", enis: [], groups: ["sg-other"], privateIp: "10.0.1.40", publicIp: nil)
        let g = Net.graph(Net.estate(db, host, eni, outsider, Net.securityGroup("sg-other", ingress: [])))
        let e = try #require(g.edge("can_reach", Net.arn("instance", "i-web"), Net.arn("instance", "i-db")))
        #expect(e.ports == ["tcp/5432"])
        #expect(e.details.map(\.fix) == ["sg-rule:sg-db-hosts:in:tcp:5432-5432:sg-ssh"])
        #expect(g.edge("can_reach", Net.arn("instance", "i-other"), Net.arn("instance", "i-db")) == nil)
        let back = try #require(g.edge("can_reach", Net.arn("instance", "i-db"), Net.arn("instance", "i-web")),
                                "web's 0.0.0.0/0 rule admits the VPC too")
        #expect(back.ports == ["tcp/22"])
    }

    @Test func privateCIDRRuleAdmitsOnlyAddressesInIt() throws {
        let group = Net.securityGroup("sg-db-hosts", ingress: [Net.rule("tcp", 3306...3306, v4: ["10.0.1.0/29"])])
        let host = Net.instance("i-db", name: "db-1", enis: [], groups: ["sg-db-hosts"], privateIp: "10.0.1.30", publicIp: nil)
        let near = Net.instance("i-near", name: "near", enis: [], groups: ["sg-x"], privateIp: "10.0.1.5", publicIp: nil)
        let g = Net.graph(Net.estate(group, host, near, Net.securityGroup("sg-x", ingress: [])))
        #expect(try #require(g.edge("can_reach", Net.arn("instance", "i-near"), Net.arn("instance", "i-db"))).ports == ["tcp/3306"])
        #expect(g.edge("can_reach", Net.arn("instance", "i-web"), Net.arn("instance", "i-db")) == nil, "10.0.1.10 is outside 10.0.1.0/29")
    }

    @Test func aWholeVPCReachingOneDestinationIsBounded() {
        let many = (0..<150).map { n in
            Net.instance("i-\(n)", name: "n\(n)", enis: [], groups: ["sg-x"], privateIp: "10.0.3.\(n)", publicIp: nil)
        }
        let g = Net.graph(Net.estate(Net.securityGroup("sg-x", ingress: [])) + many)
        let into = g.edges.filter { $0.kind == "can_reach" && $0.dst == Net.arn("instance", "i-web") }
        #expect(into.count == LateralReach.maxSourcesPerDestination)
        #expect(g.problems.contains { $0.resource == Net.arn("instance", "i-web") && $0.element == "can_reach" })
    }

    @Test func betweenSubnetsBothNetworkACLsDecide() throws {
        let group = Net.securityGroup("sg-db-hosts", ingress: [Net.rule("tcp", 5432...5432, v4: [], groups: ["sg-ssh"])])
        let host = Net.instance("i-db", name: "db-1", enis: [], subnet: "subnet-data", groups: ["sg-db-hosts"],
                                privateIp: "10.0.9.30", publicIp: nil)
        let subnet = Net.subnet("subnet-data", cidr: "10.0.9.0/24")
        func graph(_ dataEntries: [JSONValue]) -> SecurityGraph {
            Net.graph(Net.estate(group, host, subnet, Net.networkACL("acl-data", entries: dataEntries,
                                                                     subnets: ["subnet-data"], isDefault: false)))
        }
        let src = Net.arn("instance", "i-web"), dst = Net.arn("instance", "i-db")
        let open = try #require(graph([Net.entry(100, egress: false, protocol: "6", cidr: "10.0.1.0/24", ports: 5432...5432),
                                       Net.entry(100, egress: true, protocol: "6", cidr: "10.0.0.0/16", ports: 1024...65535)])
            .edge("can_reach", src, dst))
        #expect(open.ports == ["tcp/5432"])
        #expect(open.details.contains { $0.fix == "nacl-rule:acl-data:in:100" })
        #expect(open.details.contains { $0.fix == "nacl-rule:acl-data:out:100" })
        #expect(open.details.contains { $0.fix == "nacl-rule:acl-1:out:100" }, "the source subnet's ACL lets it out")
        let denied = graph([Net.entry(50, egress: false, "deny", protocol: "6", cidr: "10.0.1.0/24", ports: 5432...5432)]
                           + Net.openEntries)
        #expect(denied.edge("can_reach", src, dst) == nil, "the data subnet's ACL denies the web subnet first")
    }
}
