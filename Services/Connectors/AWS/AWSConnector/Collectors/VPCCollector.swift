import Foundation
import PalisadeModel

/// The network of one region: VPCs with their flow logs, subnets, route tables, internet and NAT gateways,
/// VPC endpoints (with their policies), network ACLs, security groups, Elastic IPs and network interfaces.
/// Every type is one list call and one scope, so a denied call makes only that type unknown.
public struct VPCCollector: AWSCollector {
    public static let service = "ec2"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = [
        "aws.ec2.vpc", "aws.ec2.flow_log", "aws.ec2.subnet", "aws.ec2.route_table", "aws.ec2.internet_gateway",
        "aws.ec2.nat_gateway", "aws.ec2.vpc_endpoint", "aws.ec2.network_acl", "aws.ec2.security_group",
        "aws.ec2.elastic_ip", "aws.ec2.network_interface", "aws.ec2.managed_prefix_list",
    ]
    public static let permissions = [
        "ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
        "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeVpcEndpoints",
        "ec2:DescribeNetworkAcls", "ec2:DescribeSecurityGroups", "ec2:DescribeAddresses",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries",
    ]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        // Flow logs are listed once: they are resources of their own and fill each VPC's flowLogIds.
        let flowLogs = await ctx.attempt { try await list("DescribeFlowLogs", "flowLogSet", region) }
        return [
            await scope(region, "aws.ec2.vpc") {
                for v in try await list("DescribeVpcs", "vpcSet", region) {
                    await emit(vpc(v, region: region, flowLogs: flowLogs))
                }
            },
            await scope(region, "aws.ec2.flow_log") {
                for f in try flowLogs.get() { await emit(flowLog(f, region: region)) }
            },
            await each(region, emit, "aws.ec2.subnet", "DescribeSubnets", "subnetSet", subnet),
            await each(region, emit, "aws.ec2.route_table", "DescribeRouteTables", "routeTableSet", routeTable, max: 100),
            await each(region, emit, "aws.ec2.internet_gateway", "DescribeInternetGateways", "internetGatewaySet",
                       internetGateway),
            await each(region, emit, "aws.ec2.nat_gateway", "DescribeNatGateways", "natGatewaySet", natGateway),
            await each(region, emit, "aws.ec2.vpc_endpoint", "DescribeVpcEndpoints", "vpcEndpointSet", vpcEndpoint),
            await each(region, emit, "aws.ec2.network_acl", "DescribeNetworkAcls", "networkAclSet", networkACL),
            await each(region, emit, "aws.ec2.security_group", "DescribeSecurityGroups", "securityGroupInfo", securityGroup),
            // DescribeAddresses is not paginated and takes no MaxResults.
            await each(region, emit, "aws.ec2.elastic_ip", "DescribeAddresses", "addressesSet", elasticIP, max: nil),
            await each(region, emit, "aws.ec2.network_interface", "DescribeNetworkInterfaces", "networkInterfaceSet",
                       networkInterface),
            // Managed prefix lists, with their entries: a security group rule may name one as its source.
            await scope(region, "aws.ec2.managed_prefix_list") {
                for p in try await list("DescribeManagedPrefixLists", "prefixListSet", region, max: 100) {
                    // An AWS-managed list holds an AWS service's ranges (S3, DynamoDB, CloudFront origin-facing):
                    // its entries never admit the whole internet, so they are not read (one call per list saved).
                    let id = p.string("prefixListId") ?? ""
                    let entries: Result<[XMLNode], AWSError>? = p.string("ownerId") == "AWS" ? nil : await ctx.attempt {
                        try await ctx.client.ec2List("GetManagedPrefixListEntries", list: "entrySet", region: region,
                                                     params: [("PrefixListId", id)], maxResults: 100)
                    }
                    await emit(prefixList(p, region: region, entries: entries))
                }
            },
        ]
    }

    private func scope(_ region: String, _ type: String, _ body: () async throws -> Void) async -> ScopeResult {
        await ctx.scope(Self.service, region, [type], body)
    }

    /// One scope: list every page of `action` and emit `make` of each entry.
    private func each(_ region: String, _ emit: ResourceEmitter, _ type: String, _ action: String, _ listName: String,
                      _ make: (XMLNode, String) -> Resource, max: Int? = 1000) async -> ScopeResult {
        await scope(region, type) {
            for item in try await list(action, listName, region, max: max) { await emit(make(item, region)) }
        }
    }

    private func list(_ action: String, _ list: String, _ region: String, max: Int? = 1000) async throws -> [XMLNode] {
        try await ctx.client.ec2List(action, list: list, region: region, maxResults: max)
    }
}
