import Foundation
import PalisadeModel

/// VPC answers → resources. Pure functions of the XML (and, for VPCs, of the flow-log listing).
extension VPCCollector {
    private func resource(_ bag: PropertyBag, _ node: XMLNode, region: String, kind: String, type: String,
                          id: String, arn: String? = nil) -> Resource {
        var bag = bag
        bag["raw"] = node.jsonValue
        let tags = node.tags
        return bag.resource(id: arn ?? "arn:aws:ec2:\(region):\(ctx.account):\(kind)/\(id)", account: ctx.account,
                            region: region, type: type, name: tags["Name"] ?? id, tags: tags)
    }

    /// `flowLogIds` lists the flow logs whose resource is this VPC; unknown when DescribeFlowLogs failed.
    func vpc(_ v: XMLNode, region: String, flowLogs: Result<[XMLNode], AWSError>) -> Resource {
        let id = v.string("vpcId") ?? ""
        var bag = PropertyBag()
        bag["vpcId"] = .string(id)
        bag["cidrBlock"] = v.jsonString("cidrBlock")
        bag["cidrBlocks"] = v.ids("cidrBlockAssociationSet", "cidrBlock")
        bag["ipv6CidrBlocks"] = v.ids("ipv6CidrBlockAssociationSet", "ipv6CidrBlock")
        bag.bool("isDefault", v, "isDefault", from: "DescribeVpcs")
        bag["state"] = v.jsonString("state")
        bag["instanceTenancy"] = v.jsonString("instanceTenancy")
        bag["dhcpOptionsId"] = v.jsonString("dhcpOptionsId")
        switch flowLogs {
        case .success(let logs):
            bag["flowLogIds"] = .array(logs.filter { $0.string("resourceId") == id }
                .compactMap { $0.string("flowLogId").map { .string($0) } })
        case .failure(let e): bag.unknown["flowLogIds"] = e.reason
        }
        return resource(bag, v, region: region, kind: "vpc", type: "aws.ec2.vpc", id: id)
    }

    func flowLog(_ f: XMLNode, region: String) -> Resource {
        let id = f.string("flowLogId") ?? ""
        var bag = PropertyBag()
        bag["flowLogId"] = .string(id)
        bag["resourceId"] = f.jsonString("resourceId")
        bag["trafficType"] = f.jsonString("trafficType")
        bag["flowLogStatus"] = f.jsonString("flowLogStatus")
        bag["deliverLogsStatus"] = f.jsonString("deliverLogsStatus")
        bag["deliverLogsErrorMessage"] = f.jsonString("deliverLogsErrorMessage")
        bag["logDestinationType"] = f.jsonString("logDestinationType")
        bag["logDestination"] = f.jsonString("logDestination")
        bag["logGroupName"] = f.jsonString("logGroupName")
        bag["deliverLogsPermissionArn"] = f.jsonString("deliverLogsPermissionArn")
        bag["logFormat"] = f.jsonString("logFormat")
        bag["maxAggregationInterval"] = f.jsonInt("maxAggregationInterval")
        bag["creationTime"] = f.jsonString("creationTime")
        return resource(bag, f, region: region, kind: "vpc-flow-log", type: "aws.ec2.flow_log", id: id)
    }

    func subnet(_ s: XMLNode, region: String) -> Resource {
        let id = s.string("subnetId") ?? ""
        var bag = PropertyBag()
        bag["subnetId"] = .string(id)
        bag["vpcId"] = s.jsonString("vpcId")
        bag["cidrBlock"] = s.jsonString("cidrBlock")
        bag["ipv6CidrBlocks"] = s.ids("ipv6CidrBlockAssociationSet", "ipv6CidrBlock")
        bag["availabilityZone"] = s.jsonString("availabilityZone")
        bag.bool("mapPublicIpOnLaunch", s, "mapPublicIpOnLaunch", from: "DescribeSubnets")
        bag.bool("assignIpv6AddressOnCreation", s, "assignIpv6AddressOnCreation", from: "DescribeSubnets")
        bag.bool("defaultForAz", s, "defaultForAz", from: "DescribeSubnets")
        bag["state"] = s.jsonString("state")
        bag["availableIpAddressCount"] = s.jsonInt("availableIpAddressCount")
        return resource(bag, s, region: region, kind: "subnet", type: "aws.ec2.subnet", id: id,
                        arn: s.string("subnetArn").flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A route's target: which field names it decides the kind.
    static let routeTargets: [(field: String, kind: String)] = [
        ("natGatewayId", "nat_gateway"), ("transitGatewayId", "transit_gateway"),
        ("vpcPeeringConnectionId", "vpc_peering"), ("egressOnlyInternetGatewayId", "egress_only_internet_gateway"),
        ("instanceId", "instance"), ("networkInterfaceId", "network_interface"), ("localGatewayId", "local_gateway"),
        ("carrierGatewayId", "carrier_gateway"), ("coreNetworkArn", "core_network"), ("gatewayId", "gateway"),
    ]

    static func route(_ r: XMLNode) -> JSONValue {
        var kind: String?
        var target: String?
        for (field, k) in routeTargets {
            guard let value = r.string(field), !value.isEmpty else { continue }
            target = value
            kind = k
            break
        }
        // gatewayId carries local, internet gateways, virtual private gateways and gateway VPC endpoints.
        if kind == "gateway", let t = target {
            kind = t == "local" ? "local" : t.hasPrefix("igw-") ? "internet_gateway" : t.hasPrefix("vgw-") ? "vpn_gateway"
                : t.hasPrefix("vpce-") ? "vpc_endpoint" : "gateway"
        }
        let destination = [r.string("destinationCidrBlock"), r.string("destinationIpv6CidrBlock"),
                           r.string("destinationPrefixListId")].compactMap { $0 }.first { !$0.isEmpty }
        return ["destination": .optionalString(destination), "targetKind": .optionalString(kind),
                "targetId": .optionalString(target), "state": r.jsonString("state"), "origin": r.jsonString("origin")]
    }

    func routeTable(_ t: XMLNode, region: String) -> Resource {
        let id = t.string("routeTableId") ?? ""
        let routes = t.list("routeSet").map(Self.route)
        let associations = t.list("associationSet")
        var bag = PropertyBag()
        bag["routeTableId"] = .string(id)
        bag["vpcId"] = t.jsonString("vpcId")
        bag["routes"] = .array(routes)
        bag["routesToInternetGateway"] = .bool(routes.contains { $0["targetKind"] == "internet_gateway" })
        bag["associations"] = .array(associations.map {
            ["subnetId": $0.jsonString("subnetId"), "gatewayId": $0.jsonString("gatewayId"),
             "main": .bool($0.bool("main") == true)]
        })
        bag["subnetIds"] = t.ids("associationSet", "subnetId")
        // AWS marks the VPC's main table with an association whose main is true.
        bag["main"] = .bool(associations.contains { $0.bool("main") == true })
        return resource(bag, t, region: region, kind: "route-table", type: "aws.ec2.route_table", id: id)
    }

    func internetGateway(_ g: XMLNode, region: String) -> Resource {
        let id = g.string("internetGatewayId") ?? ""
        var bag = PropertyBag()
        bag["internetGatewayId"] = .string(id)
        bag["attachedVpcIds"] = g.ids("attachmentSet", "vpcId")
        return resource(bag, g, region: region, kind: "internet-gateway", type: "aws.ec2.internet_gateway", id: id)
    }

    func natGateway(_ n: XMLNode, region: String) -> Resource {
        let id = n.string("natGatewayId") ?? ""
        var bag = PropertyBag()
        bag["natGatewayId"] = .string(id)
        bag["vpcId"] = n.jsonString("vpcId")
        bag["subnetId"] = n.jsonString("subnetId")
        bag["state"] = n.jsonString("state")
        bag["connectivityType"] = n.jsonString("connectivityType")
        bag["publicIps"] = n.ids("natGatewayAddressSet", "publicIp")
        bag["privateIps"] = n.ids("natGatewayAddressSet", "privateIp")
        bag["allocationIds"] = n.ids("natGatewayAddressSet", "allocationId")
        return resource(bag, n, region: region, kind: "natgateway", type: "aws.ec2.nat_gateway", id: id)
    }

    /// `policy` is the endpoint policy parsed; unknown when it is not JSON.
    func vpcEndpoint(_ e: XMLNode, region: String) -> Resource {
        let id = e.string("vpcEndpointId") ?? ""
        var bag = PropertyBag()
        bag["vpcEndpointId"] = .string(id)
        bag["vpcId"] = e.jsonString("vpcId")
        bag["serviceName"] = e.jsonString("serviceName")
        bag["vpcEndpointType"] = e.jsonString("vpcEndpointType")
        bag["state"] = e.jsonString("state")
        do { bag["policy"] = try JSONValue.policyDocument(e.string("policyDocument")) } catch let error as AWSError {
            bag.unknown["policy"] = error.reason
        } catch { bag.unknown["policy"] = "\(error)" }
        bag["routeTableIds"] = e.texts("routeTableIdSet")
        bag["subnetIds"] = e.texts("subnetIdSet")
        bag["securityGroupIds"] = e.ids("groupSet", "groupId")
        bag["privateDnsEnabled"] = e.bool("privateDnsEnabled").map { .bool($0) } ?? .null
        return resource(bag, e, region: region, kind: "vpc-endpoint", type: "aws.ec2.vpc_endpoint", id: id)
    }

    /// Entries as rules: protocol `-1` is all protocols; ports null when the entry has no port range.
    func networkACL(_ a: XMLNode, region: String) -> Resource {
        let id = a.string("networkAclId") ?? ""
        var bag = PropertyBag()
        bag["networkAclId"] = .string(id)
        bag["vpcId"] = a.jsonString("vpcId")
        bag.bool("isDefault", a, "default", from: "DescribeNetworkAcls")
        bag["entries"] = .array(a.list("entrySet").map { e in
            ["ruleNumber": e.jsonInt("ruleNumber"), "egress": e.bool("egress").map { .bool($0) } ?? .null,
             "protocol": e.jsonString("protocol"), "ruleAction": e.jsonString("ruleAction"),
             "cidrBlock": e.jsonString("cidrBlock"), "ipv6CidrBlock": e.jsonString("ipv6CidrBlock"),
             "fromPort": e.jsonInt("portRange/from"), "toPort": e.jsonInt("portRange/to"),
             "icmpType": e.jsonInt("icmpTypeCode/type"), "icmpCode": e.jsonInt("icmpTypeCode/code")]
        })
        bag["subnetIds"] = a.ids("associationSet", "subnetId")
        return resource(bag, a, region: region, kind: "network-acl", type: "aws.ec2.network_acl", id: id)
    }

    static func permissions(_ items: [XMLNode]) -> JSONValue {
        .array(items.map { p in
            [
                "ipProtocol": .optionalString(p.string("ipProtocol")),
                "fromPort": p.jsonInt("fromPort"), "toPort": p.jsonInt("toPort"),
                "ipv4Ranges": .array(p.list("ipRanges").compactMap { $0.string("cidrIp").map { .string($0) } }),
                "ipv6Ranges": .array(p.list("ipv6Ranges").compactMap { $0.string("cidrIpv6").map { .string($0) } }),
                "sourceGroupIds": .array(p.list("groups").compactMap { $0.string("groupId").map { .string($0) } }),
                "prefixListIds": .array(p.list("prefixListIds").compactMap { $0.string("prefixListId").map { .string($0) } }),
            ]
        })
    }

    /// A managed prefix list; `entries` [{cidr, description}] from GetManagedPrefixListEntries (unknown when
    /// that call failed). AWS-managed lists (owner `AWS`, `awsManaged` true) are kept without entries (nil).
    func prefixList(_ p: XMLNode, region: String, entries: Result<[XMLNode], AWSError>?) -> Resource {
        let id = p.string("prefixListId") ?? ""
        var bag = PropertyBag()
        bag["prefixListId"] = .string(id)
        bag["prefixListName"] = p.jsonString("prefixListName")
        bag["addressFamily"] = p.jsonString("addressFamily")
        bag["ownerId"] = p.jsonString("ownerId")
        bag["state"] = p.jsonString("state")
        bag["maxEntries"] = p.jsonInt("maxEntries")
        bag["awsManaged"] = .bool(entries == nil)
        if let entries {
            bag.set("entries", entries.map { items in
                .array(items.map { ["cidr": $0.jsonString("cidr"), "description": $0.jsonString("description")] })
            })
        }
        bag["raw"] = p.jsonValue
        let tags = p.tags
        return bag.resource(id: p.string("prefixListArn") ?? "arn:aws:ec2:\(region):\(ctx.account):prefix-list/\(id)",
                            account: ctx.account, region: region, type: "aws.ec2.managed_prefix_list",
                            name: tags["Name"] ?? p.string("prefixListName") ?? id, tags: tags)
    }

    func securityGroup(_ g: XMLNode, region: String) -> Resource {
        let id = g.string("groupId") ?? ""
        var bag = PropertyBag()
        bag["groupId"] = .string(id)
        bag["groupName"] = .optionalString(g.string("groupName"))
        bag["description"] = .optionalString(g.string("groupDescription"))
        bag["vpcId"] = .optionalString(g.string("vpcId"))
        bag["ownerId"] = g.jsonString("ownerId")
        bag["ingress"] = Self.permissions(g.list("ipPermissions"))
        bag["egress"] = Self.permissions(g.list("ipPermissionsEgress"))
        var r = resource(bag, g, region: region, kind: "security-group", type: "aws.ec2.security_group", id: id)
        r.name = g.string("groupName") ?? id
        return r
    }

    /// An allocated address; `instanceId`/`networkInterfaceId` null when it is not associated.
    func elasticIP(_ a: XMLNode, region: String) -> Resource {
        let id = a.string("allocationId").flatMap { $0.isEmpty ? nil : $0 } ?? a.string("publicIp") ?? ""
        var bag = PropertyBag()
        bag["allocationId"] = a.jsonString("allocationId")
        bag["publicIp"] = a.jsonString("publicIp")
        bag["domain"] = a.jsonString("domain")
        bag["associationId"] = a.jsonString("associationId")
        bag["instanceId"] = a.jsonString("instanceId")
        bag["networkInterfaceId"] = a.jsonString("networkInterfaceId")
        bag["privateIpAddress"] = a.jsonString("privateIpAddress")
        bag["associated"] = .bool(!(a.jsonString("associationId").isNull && a.jsonString("instanceId").isNull
                                    && a.jsonString("networkInterfaceId").isNull))
        return resource(bag, a, region: region, kind: "elastic-ip", type: "aws.ec2.elastic_ip", id: id)
    }

    func networkInterface(_ n: XMLNode, region: String) -> Resource {
        let id = n.string("networkInterfaceId") ?? ""
        var bag = PropertyBag()
        bag["networkInterfaceId"] = .string(id)
        bag["vpcId"] = n.jsonString("vpcId")
        bag["subnetId"] = n.jsonString("subnetId")
        bag["interfaceType"] = n.jsonString("interfaceType")
        bag["status"] = n.jsonString("status")
        bag["description"] = n.jsonString("description")
        bag["privateIpAddress"] = n.jsonString("privateIpAddress")
        bag["publicIp"] = n.jsonString("association/publicIp")
        bag["publicIpAllocationId"] = n.jsonString("association/allocationId")
        bag["securityGroupIds"] = n.ids("groupSet", "groupId")
        bag["attachedInstanceId"] = n.jsonString("attachment/instanceId")
        bag["attachmentStatus"] = n.jsonString("attachment/status")
        bag["requesterManaged"] = n.bool("requesterManaged").map { .bool($0) } ?? .null
        bag["sourceDestCheck"] = n.bool("sourceDestCheck").map { .bool($0) } ?? .null
        return resource(bag, n, region: region, kind: "network-interface", type: "aws.ec2.network_interface", id: id)
    }
}
