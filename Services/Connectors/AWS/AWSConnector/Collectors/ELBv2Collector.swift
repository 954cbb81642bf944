import Foundation
import PalisadeModel

/// Application, network and gateway load balancers (ELBv2) of one region with their security attributes and
/// listeners, and their target groups with health checks and registered targets.
public struct ELBv2Collector: AWSCollector {
    public static let service = "elasticloadbalancing"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.elbv2.load_balancer", "aws.elbv2.target_group"]
    public static let permissions = [
        "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
    ]
    static let version = "2015-12-01"

    let ctx: CollectorContext
    /// `PageSize` per describe call (the API's maximum is 400).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 400) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, ["aws.elbv2.load_balancer"]) {
                let lbs = try await list("DescribeLoadBalancers", "LoadBalancers", region)
                let tags = await self.tags(lbs.compactMap { $0.string("LoadBalancerArn") }, region: region)
                await ctx.forEach(lbs, emit: emit) { await self.loadBalancer($0, region: region, tags: tags) }
            },
            await ctx.scope(Self.service, region, ["aws.elbv2.target_group"]) {
                let groups = try await list("DescribeTargetGroups", "TargetGroups", region)
                let tags = await self.tags(groups.compactMap { $0.string("TargetGroupArn") }, region: region)
                await ctx.forEach(groups, emit: emit) { await self.targetGroup($0, region: region, tags: tags) }
            },
        ]
    }

    func list(_ action: String, _ key: String, _ region: String, _ params: [(String, String)] = [],
              paged: Bool = true) async throws -> [XMLNode] {
        try await ctx.client.queryList(service: "elasticloadbalancing", region: region, action: action,
                                       version: Self.version, list: key,
                                       params: params + (paged ? [("PageSize", String(pageSize))] : []),
                                       tokenIn: "Marker", tokenOut: "NextMarker")
    }

    /// DescribeTags for up to 20 ARNs per call; a failure makes every resource's tags unknown.
    func tags(_ arns: [String], region: String) async -> Result<[String: [String: String]], AWSError> {
        await ctx.attempt {
            var out: [String: [String: String]] = [:]
            for start in stride(from: 0, to: arns.count, by: 20) {
                let params = arns[start..<min(start + 20, arns.count)].enumerated()
                    .map { ("ResourceArns.member.\($0.offset + 1)", $0.element) }
                for d in try await list("DescribeTags", "TagDescriptions", region, params, paged: false) {
                    guard let arn = d.string("ResourceArn") else { continue }
                    var map: [String: String] = [:]
                    for t in d.list("Tags") { if let k = t.string("Key") { map[k] = t.string("Value") ?? "" } }
                    out[arn] = map
                }
            }
            return out
        }
    }

    func loadBalancer(_ lb: XMLNode, region: String, tags: Result<[String: [String: String]], AWSError>) async -> Resource {
        let arn = lb.string("LoadBalancerArn") ?? ""
        let name = lb.string("LoadBalancerName") ?? arn
        var bag = PropertyBag()
        bag["loadBalancerName"] = .string(name)
        bag["loadBalancerArn"] = .string(arn)
        bag["dnsName"] = lb.jsonString("DNSName")
        bag["scheme"] = lb.jsonString("Scheme")
        bag["internetFacing"] = lb.string("Scheme").map { .bool($0 == "internet-facing") } ?? .null
        bag["type"] = lb.jsonString("Type")
        bag["state"] = lb.jsonString("State/Code")
        bag["vpcId"] = lb.jsonString("VpcId")
        bag["ipAddressType"] = lb.jsonString("IpAddressType")
        bag["createdTime"] = lb.jsonString("CreatedTime")
        // Documented: network load balancers without security groups omit the list.
        bag["securityGroups"] = lb.jsonStrings("SecurityGroups")
        bag["availabilityZones"] = .array(lb.list("AvailabilityZones").map {
            ["zoneName": $0.jsonString("ZoneName"), "subnetId": $0.jsonString("SubnetId")]
        })
        bag["raw"] = lb.jsonValue

        let attributeKeys = Self.attributeKeys.map(\.property) + ["attributes"]
        switch await ctx.attempt({
            try await list("DescribeLoadBalancerAttributes", "Attributes", region, [("LoadBalancerArn", arn)], paged: false)
        }) {
        case .success(let items):
            var map: [String: JSONValue] = [:]
            for a in items { if let k = a.string("Key") { map[k] = .string(a.string("Value") ?? "") } }
            bag["attributes"] = .object(map)
            // An attribute the load balancer type does not have (NLBs have no HTTP settings) is null.
            for (property, key, isBool) in Self.attributeKeys {
                let value = map[key]?.stringValue
                bag[property] = isBool ? (value.map { .bool($0 == "true") } ?? .null) : .optionalString(value)
            }
        case .failure(let e):
            for key in attributeKeys { bag.unknown[key] = e.reason }
        }

        switch await ctx.attempt({ try await list("DescribeListeners", "Listeners", region, [("LoadBalancerArn", arn)]) }) {
        case .success(let listeners): bag["listeners"] = .array(listeners.map(Self.listener))
        case .failure(let e): bag.unknown["listeners"] = e.reason
        }

        var tagMap: [String: String] = [:]
        switch tags {
        case .success(let all): tagMap = all[arn] ?? [:]
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.elbv2.load_balancer",
                            name: tagMap["Name"] ?? name, tags: tagMap)
    }

    /// (property, attribute key, boolean?) for the attributes checks read.
    static let attributeKeys: [(property: String, key: String, isBool: Bool)] = [
        ("accessLogsEnabled", "access_logs.s3.enabled", true),
        ("accessLogsBucket", "access_logs.s3.bucket", false),
        ("deletionProtection", "deletion_protection.enabled", true),
        ("dropInvalidHeaderFields", "routing.http.drop_invalid_header_fields.enabled", true),
        ("desyncMitigationMode", "routing.http.desync_mitigation_mode", false),
    ]

    static func listener(_ l: XMLNode) -> JSONValue {
        let actions = l.list("DefaultActions").map(action)
        return [
            "listenerArn": l.jsonString("ListenerArn"), "protocol": l.jsonString("Protocol"),
            "port": l.jsonNumber("Port"), "sslPolicy": l.jsonString("SslPolicy"),
            "certificateArns": .array(l.list("Certificates").compactMap { $0.string("CertificateArn").map { .string($0) } }),
            "defaultActions": .array(actions),
            "redirectsToHttps": .bool(actions.contains { $0["type"] == "redirect" && $0.value(at: "redirect.protocol") == "HTTPS" }),
        ]
    }

    static func action(_ a: XMLNode) -> JSONValue {
        let redirect: JSONValue = a.at("RedirectConfig").map {
            ["protocol": $0.jsonString("Protocol"), "port": $0.jsonString("Port"), "host": $0.jsonString("Host"),
             "statusCode": $0.jsonString("StatusCode")]
        } ?? .null
        return ["type": a.jsonString("Type"), "targetGroupArn": a.jsonString("TargetGroupArn"), "redirect": redirect,
                "order": a.jsonNumber("Order")]
    }

    func targetGroup(_ g: XMLNode, region: String, tags: Result<[String: [String: String]], AWSError>) async -> Resource {
        let arn = g.string("TargetGroupArn") ?? ""
        let name = g.string("TargetGroupName") ?? arn
        var bag = PropertyBag()
        bag["targetGroupName"] = .string(name)
        bag["targetGroupArn"] = .string(arn)
        bag["protocol"] = g.jsonString("Protocol")
        bag["port"] = g.jsonNumber("Port")
        bag["protocolVersion"] = g.jsonString("ProtocolVersion")
        bag["targetType"] = g.jsonString("TargetType")
        bag["vpcId"] = g.jsonString("VpcId")
        bag["loadBalancerArns"] = g.jsonStrings("LoadBalancerArns")
        bag["healthCheck"] = [
            "enabled": g.jsonBool("HealthCheckEnabled"), "protocol": g.jsonString("HealthCheckProtocol"),
            "port": g.jsonString("HealthCheckPort"), "path": g.jsonString("HealthCheckPath"),
            "intervalSeconds": g.jsonNumber("HealthCheckIntervalSeconds"),
            "timeoutSeconds": g.jsonNumber("HealthCheckTimeoutSeconds"),
            "healthyThreshold": g.jsonNumber("HealthyThresholdCount"),
            "unhealthyThreshold": g.jsonNumber("UnhealthyThresholdCount"),
            "matcher": g.jsonString("Matcher/HttpCode"),
        ]
        bag["raw"] = g.jsonValue
        switch await ctx.attempt({
            try await list("DescribeTargetHealth", "TargetHealthDescriptions", region, [("TargetGroupArn", arn)], paged: false)
        }) {
        case .success(let targets):
            bag["targets"] = .array(targets.map {
                ["id": $0.jsonString("Target/Id"), "port": $0.jsonNumber("Target/Port"),
                 "state": $0.jsonString("TargetHealth/State")]
            })
        case .failure(let e): bag.unknown["targets"] = e.reason
        }
        var tagMap: [String: String] = [:]
        switch tags {
        case .success(let all): tagMap = all[arn] ?? [:]
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.elbv2.target_group",
                            name: tagMap["Name"] ?? name, tags: tagMap)
    }
}
