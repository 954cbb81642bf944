import GraphCore
import PalisadeModel
import Testing

/// Instances: what the internet reaches through gateway, route, NACL and security group, and what it does not.
@Suite struct NetworkExposureTests {
    let web = Net.arn("instance", "i-web")

    @Test func sshThroughTheWholeChainWithEveryElementAsEvidence() throws {
        let g = Net.graph(Net.estate())
        let e = try #require(g.exposure(web))
        #expect(e.ports == ["tcp/22"])
        #expect(e.unknown == nil)
        #expect(e.details.map(\.kind) == ["internet_gateway", "route", "nacl_rule", "nacl_rule", "sg_rule", "public_ip"])
        let fixes = e.details.map(\.fix)
        #expect(fixes == ["route:rtb-pub:0.0.0.0/0", "route:rtb-pub:0.0.0.0/0", "nacl-rule:acl-1:in:100",
                          "nacl-rule:acl-1:out:100", "sg-rule:sg-ssh:in:tcp:22-22:0.0.0.0/0", "public-ip:eni-web"])
        #expect(e.details.map(\.source) == [Net.arn("internet-gateway", "igw-1"), Net.arn("route-table", "rtb-pub"),
                                            Net.arn("network-acl", "acl-1"), Net.arn("network-acl", "acl-1"),
                                            Net.arn("security-group", "sg-ssh"), web])
        let sg = try #require(e.details.first { $0.kind == "sg_rule" })
        #expect(sg.checks.contains("aws-ec2-sg-ssh-open-internet"))
        #expect(sg.checks.contains("aws-ec2-sg-high-risk-ports-restricted"))
        #expect(!sg.checks.contains("aws-ec2-sg-rdp-open-internet"))
        #expect(e.details[2].checks == ["aws-vpc-nacl-no-admin-ports-from-internet"])
        #expect(e.details[3].checks.isEmpty, "the outbound reply entry is not an admin-port finding")
        #expect(e.details[5].checks == ["aws-ec2-instance-no-public-ip"])
        #expect(!e.evidence.contains("\n") && e.evidence.hasPrefix("tcp/22 from the internet"))
        #expect(g.nodes.first { $0.id == web }?.insight("internet_exposed")?.detail == "tcp/22")
        // Structure: internet → igw → subnet, subnet → interface → instance, group → interface.
        #expect(g.edge("routes_to", "internet", Net.arn("internet-gateway", "igw-1")) != nil)
        #expect(g.edge("routes_to", Net.arn("internet-gateway", "igw-1"), Net.subnet().id) != nil)
        #expect(g.edge("contains", Net.subnet().id, Net.arn("network-interface", "eni-web")) != nil)
        #expect(g.edge("attached_to", Net.arn("network-interface", "eni-web"), web) != nil)
        #expect(g.edge("protects", Net.arn("security-group", "sg-ssh"), Net.arn("network-interface", "eni-web")) != nil)
        #expect(g.problems.isEmpty)
    }

    @Test func noRouteToAnInternetGatewayIsNotExposed() {
        let g = Net.graph(Net.estate(Net.routeTable(routes: [Net.route("0.0.0.0/0", "nat_gateway", "nat-1")])))
        #expect(g.exposure(web) == nil, "a public IP whose replies go to a NAT gateway is not reachable")
        #expect(g.nodes.first { $0.id == web }?.insight("internet_exposed") == nil)
        let none = Net.graph(Net.estate(Net.routeTable(routes: [])))
        #expect(none.exposure(web) == nil)
    }

    @Test func blackholeDefaultRouteIsNotExposed() {
        let g = Net.graph(Net.estate(Net.routeTable(routes: [Net.route("0.0.0.0/0", "internet_gateway", "igw-1",
                                                                       state: "blackhole")])))
        #expect(g.exposure(web) == nil)
        #expect(g.edge("routes_to", Net.arn("internet-gateway", "igw-1"), Net.subnet().id) == nil)
    }

    @Test func moreSpecificRoutesNeitherHideNorProvideTheDefaultRoute() throws {
        // A /24 to a NAT gateway covers 256 addresses; every other address still returns through igw-1.
        let specificNAT = Net.graph(Net.estate(Net.routeTable(routes: [
            Net.route("0.0.0.0/0", "internet_gateway", "igw-1"), Net.route("198.51.100.0/24", "nat_gateway", "nat-1"),
        ])))
        #expect(try #require(specificNAT.exposure(web)).ports == ["tcp/22"])
        // Vice versa: only 203.0.113.0/24 returns through the gateway — that range, not the internet.
        let specificIGW = Net.graph(Net.estate(Net.routeTable(routes: [
            Net.route("0.0.0.0/0", "nat_gateway", "nat-1"), Net.route("203.0.113.0/24", "internet_gateway", "igw-1"),
        ])))
        #expect(specificIGW.exposure(web) == nil)
    }

    @Test func subnetWithoutItsOwnTableUsesTheMainTable() throws {
        let mainPublic = Net.graph(Net.estate(Net.routeTable(subnets: [], main: true)))
        #expect(try #require(mainPublic.exposure(web)).details.contains { $0.fix == "route:rtb-pub:0.0.0.0/0" })
        // An explicit private table beats a public main table.
        let g = Net.graph(Net.estate(Net.routeTable(subnets: [], main: true),
                                     Net.routeTable("rtb-priv", subnets: ["subnet-pub"], routes: [])))
        #expect(g.exposure(web) == nil)
    }

    @Test func lowerNumberedNACLDenyBeatsTheAllow() {
        let entries = [Net.entry(50, egress: false, "deny", protocol: "6", ports: 22...22)] + Net.openEntries
        let g = Net.graph(Net.estate(Net.networkACL(entries: entries)))
        #expect(g.exposure(web) == nil, "rule 50 denies tcp/22 before rule 100 allows all")
        let later = [Net.entry(200, egress: false, "deny", protocol: "6", ports: 22...22)] + Net.openEntries
        #expect(Net.graph(Net.estate(Net.networkACL(entries: later))).exposure(web) != nil, "a deny after the allow changes nothing")
    }

    @Test func naclThatDeniesTheEphemeralRepliesIsNotExposed() throws {
        let entries = [Net.entry(50, egress: true, "deny", protocol: "6", ports: 1024...65535)] + Net.openEntries
        #expect(Net.graph(Net.estate(Net.networkACL(entries: entries))).exposure(web) == nil)
        // Replies to part of the ephemeral range are enough: the client chooses its own port.
        let partial = [Net.entry(50, egress: true, "deny", protocol: "6", ports: 1024...32767)] + Net.openEntries
        let e = try #require(Net.graph(Net.estate(Net.networkACL(entries: partial))).exposure(web))
        #expect(e.details.contains { $0.fix == "nacl-rule:acl-1:out:100" })
    }

    @Test func securityGroupRangeIntersectsTheNACLPorts() throws {
        let acl = Net.networkACL(entries: [Net.entry(100, egress: false, protocol: "6", ports: 22...22),
                                           Net.entry(100, egress: true, protocol: "6", ports: 1024...65535)])
        let g = Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("tcp", 0...1024)]), acl))
        let e = try #require(g.exposure(web))
        #expect(e.ports == ["tcp/22"])
        #expect(e.details.contains { $0.fix == "sg-rule:sg-ssh:in:tcp:0-1024:0.0.0.0/0" })
    }

    @Test func allProtocolsRuleIsAllPortsAndANACLCutsItPerPort() throws {
        let open = Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("-1", nil)])))
        let e = try #require(open.exposure(web))
        #expect(e.ports == ["all"])
        #expect(e.details.first { $0.kind == "sg_rule" }?.checks.contains("aws-ec2-sg-all-traffic-open-internet") == true)
        let acl = Net.networkACL(entries: [Net.entry(90, egress: false, "deny", protocol: "6", ports: 0...442),
                                           Net.entry(91, egress: false, "deny", protocol: "6", ports: 444...65535),
                                           Net.entry(92, egress: false, "deny", protocol: "17")] + Net.openEntries)
        let cut = try #require(Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("-1", nil)]), acl)).exposure(web))
        #expect(cut.ports == ["icmp", "tcp/443"])
    }

    @Test func ipv6OnlyExposureThroughColonColonSlashZero() throws {
        let g = Net.graph(Net.estate(
            Net.interface(publicIp: nil, ipv6: ["2a05:d018:1::10"]), Net.instance(publicIp: nil),
            Net.securityGroup(ingress: [Net.rule("tcp", 443...443, v4: [], v6: ["::/0"])]),
            Net.routeTable(routes: [Net.route("::/0", "internet_gateway", "igw-1")])))
        let e = try #require(g.exposure(web))
        #expect(e.ports == ["tcp/443"])
        #expect(e.details.contains { $0.fix == "route:rtb-pub:::/0" })
        #expect(e.details.contains { $0.fix == "nacl-rule:acl-1:in:101" })
        #expect(e.details.contains { $0.detail.contains("2a05:d018:1::10") })
        // An egress-only gateway lets the instance out, never the internet in.
        let eigw = Net.graph(Net.estate(
            Net.interface(publicIp: nil, ipv6: ["2a05:d018:1::10"]), Net.instance(publicIp: nil),
            Net.securityGroup(ingress: [Net.rule("tcp", 443...443, v4: [], v6: ["::/0"])]),
            Net.routeTable(routes: [Net.route("::/0", "egress_only_internet_gateway", "eigw-1")])))
        #expect(eigw.exposure(web) == nil)
    }

    @Test func narrowPublicSourceIsNotTheInternet() {
        let g = Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("tcp", 22...22, v4: ["203.0.113.0/24"])])))
        #expect(g.exposure(web) == nil)
    }

    @Test func noPublicAddressIsNotExposed() {
        #expect(Net.graph(Net.estate(Net.interface(publicIp: nil), Net.instance(publicIp: nil))).exposure(web) == nil)
    }

    @Test func elasticIPOnTheInterfaceIsAPublicAddress() throws {
        let eip = Net.resource("aws.ec2.elastic_ip", "eipalloc-1", Net.arn("elastic-ip", "eipalloc-1"), [
            "allocationId": "eipalloc-1", "publicIp": "52.9.9.9", "domain": "vpc", "associationId": "eipassoc-1",
            "instanceId": "i-web", "networkInterfaceId": "eni-web", "privateIpAddress": "10.0.1.10", "associated": true])
        let g = Net.graph(Net.estate(Net.interface(publicIp: nil), Net.instance(publicIp: nil), eip))
        let e = try #require(g.exposure(web))
        #expect(e.details.contains { $0.kind == "public_ip" && $0.detail.contains("52.9.9.9") })
    }

    @Test func stoppedInstanceIsNotExposed() {
        #expect(Net.graph(Net.estate(Net.instance(state: "stopped"))).exposure(web) == nil)
    }

    @Test func instanceFieldsStandInWhenTheInterfaceIsNotCollected() throws {
        let g = Net.graph(Net.estate().filter { $0.type != "aws.ec2.network_interface" })
        let e = try #require(g.exposure(web))
        #expect(e.unknown == nil)
        #expect(e.details.last?.fix == "public-ip:eni-web")
        #expect(e.details.last?.detail == "i-web public IP 54.1.2.3")
    }
}
