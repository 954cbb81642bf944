import GraphCore
import PalisadeModel
import Testing

/// Bad input never crashes and never decides: the element is skipped, a problem recorded, and the exposure that
/// depends on it kept as unknown.
@Suite struct NetworkRobustnessTests {
    let web = Net.arn("instance", "i-web")

    @Test func ruleWithUnknownProtocolIsAProblemAndTheExposureUnknown() throws {
        let g = Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("bogus", 22...22)])))
        let e = try #require(g.exposure(web))
        #expect(e.unknown?.contains("protocol bogus") == true)
        #expect(g.problems.contains { $0.resource == Net.arn("security-group", "sg-ssh") && $0.reason.contains("bogus") })
        #expect(g.nodes.first { $0.id == web }?.insight("internet_exposed") == nil)
    }

    @Test func malformedSourceCIDRIsAProblemButAReadableOpenRuleStillDecides() throws {
        let g = Net.graph(Net.estate(Net.securityGroup(ingress: [Net.rule("tcp", 22...22), Net.rule("tcp", 80...80, v4: ["0.0.0.0/33"])])))
        let e = try #require(g.exposure(web))
        #expect(e.unknown == nil)
        #expect(e.ports == ["tcp/22"])
        #expect(g.problems.contains { $0.reason.contains("0.0.0.0/33") })
    }

    @Test func unreadableNACLEntriesMakeTheExposureUnknown() throws {
        let acl = Net.resource("aws.ec2.network_acl", "acl-1", Net.arn("network-acl", "acl-1"),
                               ["networkAclId": "acl-1", "vpcId": "vpc-1", "isDefault": true, "subnetIds": ["subnet-pub"]],
                               unknown: ["entries": "UnauthorizedOperation: ec2:DescribeNetworkAcls"])
        let e = try #require(Net.graph(Net.estate(acl)).exposure(web))
        #expect(e.unknown?.contains("acl-1") == true)
        #expect(e.ports == ["tcp/22"])
    }

    @Test func malformedNACLEntryBeforeTheAllowMakesItUnknownAfterItChangesNothing() throws {
        let before = [Net.entry(10, egress: false, protocol: "ftp")] + Net.openEntries
        #expect(try #require(Net.graph(Net.estate(Net.networkACL(entries: before))).exposure(web)).unknown != nil)
        let after = [Net.entry(200, egress: false, protocol: "ftp")] + Net.openEntries
        #expect(try #require(Net.graph(Net.estate(Net.networkACL(entries: after))).exposure(web)).unknown == nil)
    }

    @Test func missingSubnetRouteTableOrGroupIsUnknownNotOpenNotClosed() throws {
        let noTable = Net.estate().filter { $0.type != "aws.ec2.route_table" }
        #expect(try #require(Net.graph(noTable).exposure(web)).unknown?.contains("route table") == true)
        let noSubnet = Net.estate().filter { $0.type != "aws.ec2.subnet" }
        #expect(try #require(Net.graph(noSubnet).exposure(web)).unknown?.contains("subnet") == true)
        let noGroup = Net.estate().filter { $0.type != "aws.ec2.security_group" }
        let g = Net.graph(noGroup)
        #expect(try #require(g.exposure(web)).unknown?.contains("sg-ssh") == true)
        #expect(g.problems.contains { $0.element == "security group sg-ssh" })
    }

    @Test func garbageShapesDoNotCrash() {
        let weird: [Resource] = [
            Net.resource("aws.ec2.route_table", "rtb-pub", Net.arn("route-table", "rtb-pub"),
                         ["routeTableId": "rtb-pub", "vpcId": "vpc-1", "subnetIds": ["subnet-pub"], "main": false,
                          "routes": [["destination": 42, "targetKind": .null], "junk", ["destination": "not-a-cidr"]]]),
            Net.resource("aws.ec2.network_acl", "acl-1", Net.arn("network-acl", "acl-1"),
                         ["networkAclId": "acl-1", "vpcId": "vpc-1", "isDefault": true, "subnetIds": "subnet-pub",
                          "entries": [["ruleNumber": "x"], .null, ["ruleNumber": 1, "egress": true, "protocol": "6",
                                      "ruleAction": "allow", "cidrBlock": "0.0.0.0/0", "fromPort": 90, "toPort": 10]]]),
            Net.resource("aws.ec2.security_group", "sg-ssh", Net.arn("security-group", "sg-ssh"),
                         ["groupId": "sg-ssh", "ingress": [["ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                            "ipv4Ranges": "0.0.0.0/0"], .null, 7]]),
        ]
        let g = Net.graph(Net.estate(weird[0], weird[1], weird[2]))
        #expect(!g.problems.isEmpty)
        #expect(g.exposure(web)?.unknown != nil || g.exposure(web) == nil)
        #expect(g.nodes.first { $0.id == web }?.insight("internet_exposed") == nil)
    }
}
