import Foundation
import GraphCore
import PalisadeModel

/// Hand-built VPC inventories shaped per docs/resources/aws/ec2.md (and logging-compute.md, s3-rds-kms.md for
/// balancers, functions, clusters and databases). Default: vpc-1 (10.0.0.0/16) with subnet-pub routed
/// 0.0.0.0/0 → igw-1 by rtb-pub, the default ACL acl-1 allowing everything both ways, and web-1 (eni-web,
/// 54.1.2.3) in subnet-pub guarded by sg-ssh (tcp/22 from 0.0.0.0/0).
enum Net {
    static let account = "123456789012"
    static let region = "eu-west-1"

    static func arn(_ kind: String, _ id: String) -> String { "arn:aws:ec2:\(region):\(account):\(kind)/\(id)" }

    static func resource(_ type: String, _ id: String, _ arnID: String, name: String? = nil,
                         _ properties: [String: JSONValue], unknown: [String: String] = [:]) -> Resource {
        Resource(id: arnID, account: account, region: region, type: type, name: name ?? id,
                 properties: .object(properties), unknown: unknown)
    }

    static func vpc(_ id: String = "vpc-1", cidr: String = "10.0.0.0/16") -> Resource {
        resource("aws.ec2.vpc", id, arn("vpc", id), ["vpcId": .string(id), "cidrBlock": .string(cidr), "isDefault": false])
    }

    static func subnet(_ id: String = "subnet-pub", cidr: String = "10.0.1.0/24", vpc: String = "vpc-1",
                       zone: String = "eu-west-1a") -> Resource {
        resource("aws.ec2.subnet", id, "arn:aws:ec2:\(region):\(account):subnet/\(id)",
                 ["subnetId": .string(id), "vpcId": .string(vpc), "cidrBlock": .string(cidr), "ipv6CidrBlocks": [],
                  "availabilityZone": .string(zone), "mapPublicIpOnLaunch": true, "state": "available"])
    }

    static func route(_ destination: String, _ targetKind: String, _ targetId: String, state: String = "active") -> JSONValue {
        ["destination": .string(destination), "targetKind": .string(targetKind), "targetId": .string(targetId),
         "state": .string(state), "origin": "CreateRoute"]
    }

    static let local: JSONValue = ["destination": "10.0.0.0/16", "targetKind": "local", "targetId": "local",
                                   "state": "active", "origin": "CreateRouteTable"]

    static func routeTable(_ id: String = "rtb-pub", subnets: [String] = ["subnet-pub"], main: Bool = false,
                           routes: [JSONValue] = [route("0.0.0.0/0", "internet_gateway", "igw-1")],
                           vpc: String = "vpc-1") -> Resource {
        let all = [local] + routes
        return resource("aws.ec2.route_table", id, arn("route-table", id), [
            "routeTableId": .string(id), "vpcId": .string(vpc), "routes": .array(all),
            "routesToInternetGateway": .bool(all.contains { $0["targetKind"] == "internet_gateway" }),
            "associations": .array(subnets.map { ["subnetId": .string($0), "gatewayId": .null, "main": false] }
                + (main ? [["subnetId": .null, "gatewayId": .null, "main": true]] : [])),
            "subnetIds": .array(subnets.map(JSONValue.string)), "main": .bool(main),
        ])
    }

    static func internetGateway(_ id: String = "igw-1", vpc: String = "vpc-1") -> Resource {
        resource("aws.ec2.internet_gateway", id, arn("internet-gateway", id),
                 ["internetGatewayId": .string(id), "attachedVpcIds": [.string(vpc)]])
    }

    static func entry(_ number: Int, egress: Bool, _ action: String = "allow", protocol proto: String = "-1",
                      cidr: String? = "0.0.0.0/0", ipv6: String? = nil, ports: ClosedRange<Int>? = nil) -> JSONValue {
        ["ruleNumber": .number(Double(number)), "egress": .bool(egress), "protocol": .string(proto),
         "ruleAction": .string(action), "cidrBlock": cidr.map(JSONValue.string) ?? .null,
         "ipv6CidrBlock": ipv6.map(JSONValue.string) ?? .null,
         "fromPort": ports.map { .number(Double($0.lowerBound)) } ?? .null,
         "toPort": ports.map { .number(Double($0.upperBound)) } ?? .null, "icmpType": .null, "icmpCode": .null]
    }

    /// AWS's default ACL: allow everything (100) and the `*` deny (32767), both ways, IPv4 and IPv6.
    static let openEntries: [JSONValue] = [
        entry(100, egress: false), entry(101, egress: false, cidr: nil, ipv6: "::/0"),
        entry(32767, egress: false, "deny"), entry(32768, egress: false, "deny", cidr: nil, ipv6: "::/0"),
        entry(100, egress: true), entry(101, egress: true, cidr: nil, ipv6: "::/0"),
        entry(32767, egress: true, "deny"), entry(32768, egress: true, "deny", cidr: nil, ipv6: "::/0"),
    ]

    static func networkACL(_ id: String = "acl-1", entries: [JSONValue] = openEntries, subnets: [String] = ["subnet-pub"],
                           isDefault: Bool = true, vpc: String = "vpc-1") -> Resource {
        resource("aws.ec2.network_acl", id, arn("network-acl", id), [
            "networkAclId": .string(id), "vpcId": .string(vpc), "isDefault": .bool(isDefault),
            "subnetIds": .array(subnets.map(JSONValue.string)), "entries": .array(entries),
        ])
    }

    static func rule(_ proto: String = "tcp", _ ports: ClosedRange<Int>? = 22...22, v4: [String] = ["0.0.0.0/0"],
                     v6: [String] = [], groups: [String] = []) -> JSONValue {
        ["ipProtocol": .string(proto), "fromPort": ports.map { .number(Double($0.lowerBound)) } ?? .null,
         "toPort": ports.map { .number(Double($0.upperBound)) } ?? .null,
         "ipv4Ranges": .array(v4.map(JSONValue.string)), "ipv6Ranges": .array(v6.map(JSONValue.string)),
         "sourceGroupIds": .array(groups.map(JSONValue.string))]
    }

    static func securityGroup(_ id: String = "sg-ssh", ingress: [JSONValue] = [rule()], vpc: String = "vpc-1") -> Resource {
        resource("aws.ec2.security_group", id, arn("security-group", id), name: id, [
            "groupId": .string(id), "groupName": .string(id), "description": "", "vpcId": .string(vpc),
            "ownerId": .string(account), "ingress": .array(ingress),
            "egress": [rule("-1", nil, v4: ["0.0.0.0/0"])],
        ])
    }

    static func interface(_ id: String = "eni-web", instance: String? = "i-web", subnet: String = "subnet-pub",
                          groups: [String] = ["sg-ssh"], privateIp: String = "10.0.1.10", publicIp: String? = "54.1.2.3",
                          ipv6: [String] = []) -> Resource {
        resource("aws.ec2.network_interface", id, arn("network-interface", id), [
            "networkInterfaceId": .string(id), "vpcId": "vpc-1", "subnetId": .string(subnet),
            "interfaceType": "interface", "status": "in-use", "privateIpAddress": .string(privateIp),
            "publicIp": publicIp.map(JSONValue.string) ?? .null, "publicIpAllocationId": .null,
            "securityGroupIds": .array(groups.map(JSONValue.string)),
            "attachedInstanceId": instance.map(JSONValue.string) ?? .null, "attachmentStatus": "attached",
            "raw": ["networkInterfaceId": .string(id),
                    "ipv6AddressesSet": .array(ipv6.map { ["ipv6Address": .string($0)] })],
        ])
    }

    static func instance(_ id: String = "i-web", name: String = "web-1", state: String = "running",
                         enis: [String] = ["eni-web"], subnet: String = "subnet-pub", groups: [String] = ["sg-ssh"],
                         privateIp: String = "10.0.1.10", publicIp: String? = "54.1.2.3") -> Resource {
        resource("aws.ec2.instance", id, arn("instance", id), name: name, [
            "instanceId": .string(id), "state": .string(state), "instanceType": "t3.micro", "vpcId": "vpc-1",
            "subnetId": .string(subnet), "privateIpAddress": .string(privateIp),
            "publicIpAddress": publicIp.map(JSONValue.string) ?? .null,
            "securityGroupIds": .array(groups.map(JSONValue.string)),
            "networkInterfaceIds": .array(enis.map(JSONValue.string)), "iamInstanceProfileArn": .null,
        ])
    }

    /// The public network of the default estate: vpc-1, subnet-pub, rtb-pub (0.0.0.0/0 → igw-1), igw-1, acl-1.
    static func publicNetwork() -> [Resource] {
        [vpc(), subnet(), routeTable(), internetGateway(), networkACL()]
    }

    /// The default estate: web-1 exposed on SSH through the whole chain.
    static func estate() -> [Resource] {
        publicNetwork() + [securityGroup(), interface(), instance()]
    }

    /// The default estate with resources of the same id replaced and new ones added.
    static func estate(_ changes: Resource...) -> [Resource] {
        var out = estate()
        for c in changes {
            if let i = out.firstIndex(where: { $0.id == c.id }) { out[i] = c } else { out.append(c) }
        }
        return out
    }

    static func graph(_ resources: [Resource]) -> SecurityGraph {
        GraphBuilder.build(account: account, resources: resources)
    }
}

extension Estate {
    /// A public subnet for the consumer estate's web-1 (subnet-1 in vpc-1, 0.0.0.0/0 → igw-1, an allow-all
    /// ACL): with it, web-1's exposure is decided rather than unknown.
    static func publicNetwork() -> [Resource] {
        [Net.vpc(), Net.subnet("subnet-1"), Net.routeTable(subnets: ["subnet-1"]), Net.internetGateway(),
         Net.networkACL(subnets: ["subnet-1"])]
    }
}

extension SecurityGraph {
    func exposure(_ id: String) -> GraphEdge? {
        edges.first { $0.kind == "exposes" && $0.src == "internet" && $0.dst == id }
    }

    func edge(_ kind: String, _ src: String, _ dst: String) -> GraphEdge? {
        edges.first { $0.kind == kind && $0.src == src && $0.dst == dst }
    }
}
