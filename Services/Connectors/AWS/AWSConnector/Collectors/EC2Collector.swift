import Foundation
import PalisadeModel

/// EC2 instances, security groups and EBS volumes of one region.
public struct EC2Collector: AWSCollector {
    public static let service = "ec2"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.ec2.instance", "aws.ec2.security_group", "aws.ec2.volume"]
    public static let permissions = ["ec2:DescribeInstances", "ec2:DescribeSecurityGroups", "ec2:DescribeVolumes"]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await scope(region, "aws.ec2.instance") {
                for reservation in try await ctx.client.ec2List("DescribeInstances", list: "reservationSet", region: region) {
                    for i in reservation.list("instancesSet") { await emit(instance(i, region: region)) }
                }
            },
            await scope(region, "aws.ec2.security_group") {
                for g in try await ctx.client.ec2List("DescribeSecurityGroups", list: "securityGroupInfo", region: region) {
                    await emit(securityGroup(g, region: region))
                }
            },
            await scope(region, "aws.ec2.volume") {
                for v in try await ctx.client.ec2List("DescribeVolumes", list: "volumeSet", region: region) {
                    await emit(volume(v, region: region))
                }
            },
        ]
    }

    private func scope(_ region: String, _ type: String, _ body: () async throws -> Void) async -> ScopeResult {
        await ctx.scope(Self.service, region, [type], body)
    }

    static func tags(_ node: XMLNode) -> [String: String] {
        var tags: [String: String] = [:]
        for t in node.list("tagSet") { if let k = t.string("key") { tags[k] = t.string("value") ?? "" } }
        return tags
    }

    func instance(_ i: XMLNode, region: String) -> Resource {
        let id = i.string("instanceId") ?? ""
        let tags = Self.tags(i)
        // Security groups sit on the instance and on each network interface (moto fills only the latter).
        var groups: [String] = []
        for g in i.list("groupSet") + i.list("networkInterfaceSet").flatMap({ $0.list("groupSet") }) {
            if let gid = g.string("groupId"), !groups.contains(gid) { groups.append(gid) }
        }
        let publicIP = i.string("ipAddress").flatMap { $0.isEmpty ? nil : $0 }
        var bag = PropertyBag()
        bag["instanceId"] = .string(id)
        bag["state"] = .optionalString(i.string("instanceState/name"))
        bag["instanceType"] = .optionalString(i.string("instanceType"))
        bag["imageId"] = .optionalString(i.string("imageId"))
        bag["vpcId"] = .optionalString(i.string("vpcId"))
        bag["subnetId"] = .optionalString(i.string("subnetId"))
        bag["privateIpAddress"] = .optionalString(i.string("privateIpAddress"))
        bag["publicIpAddress"] = .optionalString(publicIP)
        bag["securityGroupIds"] = .array(groups.map { .string($0) })
        bag["iamInstanceProfileArn"] = .optionalString(i.string("iamInstanceProfile/arn"))
        bag["metadataOptions"] = i.at("metadataOptions").map {
            ["httpTokens": .optionalString($0.string("httpTokens")), "httpEndpoint": .optionalString($0.string("httpEndpoint"))]
        } ?? .null
        bag["launchTime"] = .optionalString(i.string("launchTime"))
        return bag.resource(id: "arn:aws:ec2:\(region):\(ctx.account):instance/\(id)", account: ctx.account,
                            region: region, type: "aws.ec2.instance", name: tags["Name"] ?? id, tags: tags)
    }

    static func permissions(_ items: [XMLNode]) -> JSONValue {
        .array(items.map { p in
            let port: (String) -> JSONValue = { p.int($0).map { .number(Double($0)) } ?? .null }
            return [
                "ipProtocol": .optionalString(p.string("ipProtocol")),
                "fromPort": port("fromPort"), "toPort": port("toPort"),
                "ipv4Ranges": .array(p.list("ipRanges").compactMap { $0.string("cidrIp").map { .string($0) } }),
                "ipv6Ranges": .array(p.list("ipv6Ranges").compactMap { $0.string("cidrIpv6").map { .string($0) } }),
                "sourceGroupIds": .array(p.list("groups").compactMap { $0.string("groupId").map { .string($0) } }),
            ]
        })
    }

    func securityGroup(_ g: XMLNode, region: String) -> Resource {
        let id = g.string("groupId") ?? ""
        var bag = PropertyBag()
        bag["groupId"] = .string(id)
        bag["groupName"] = .optionalString(g.string("groupName"))
        bag["description"] = .optionalString(g.string("groupDescription"))
        bag["vpcId"] = .optionalString(g.string("vpcId"))
        bag["ingress"] = Self.permissions(g.list("ipPermissions"))
        bag["egress"] = Self.permissions(g.list("ipPermissionsEgress"))
        return bag.resource(id: "arn:aws:ec2:\(region):\(ctx.account):security-group/\(id)", account: ctx.account,
                            region: region, type: "aws.ec2.security_group", name: g.string("groupName") ?? id,
                            tags: Self.tags(g))
    }

    func volume(_ v: XMLNode, region: String) -> Resource {
        let id = v.string("volumeId") ?? ""
        let tags = Self.tags(v)
        var bag = PropertyBag()
        bag["volumeId"] = .string(id)
        bag["encrypted"] = .bool(v.bool("encrypted") ?? false)
        bag["kmsKeyId"] = .optionalString(v.string("kmsKeyId"))
        bag["size"] = v.int("size").map { .number(Double($0)) } ?? .null
        bag["state"] = .optionalString(v.string("status"))
        bag["volumeType"] = .optionalString(v.string("volumeType"))
        bag["attachedInstanceIds"] = .array(v.list("attachmentSet").compactMap { $0.string("instanceId").map { .string($0) } })
        return bag.resource(id: "arn:aws:ec2:\(region):\(ctx.account):volume/\(id)", account: ctx.account,
                            region: region, type: "aws.ec2.volume", name: tags["Name"] ?? id, tags: tags)
    }
}
