import Foundation
import PalisadeModel

/// EKS clusters of one region: Kubernetes version, API endpoint exposure, control-plane logging and
/// envelope encryption of secrets.
public struct EKSCollector: AWSCollector {
    public static let service = "eks"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.eks.cluster"]
    public static let permissions = ["eks:ListClusters", "eks:DescribeCluster"]

    let ctx: CollectorContext
    /// `maxResults` per ListClusters page (the API's maximum is 100).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 100) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            let names = try await ctx.client.restJSONList(
                service: "eks", region: region, path: "/clusters", list: "clusters",
                query: [("maxResults", String(pageSize))], tokenIn: "nextToken", tokenOut: "nextToken",
                operation: "ListClusters").compactMap(\.stringValue)
            await ctx.forEach(names, emit: emit) { await self.cluster($0, region: region) }
        }]
    }

    static let detailKeys = [
        "version", "platformVersion", "status", "roleArn", "endpointPublicAccess", "endpointPrivateAccess",
        "publicAccessCidrs", "vpcId", "subnetIds", "securityGroupIds", "clusterSecurityGroupId",
        "loggingEnabledTypes", "loggingDisabledTypes", "secretsEncrypted", "secretsKmsKeyArn", "encryptionConfig",
        "oidcIssuer", "createdAt", "raw",
    ]

    /// DescribeCluster for one listed cluster; when it fails the cluster is still reported, its details unknown.
    func cluster(_ name: String, region: String) async -> Resource {
        var bag = PropertyBag()
        bag["name"] = .string(name)
        var arn = "arn:aws:eks:\(region):\(ctx.account):cluster/\(name)"
        var tags: [String: String] = [:]
        switch await ctx.attempt({
            try await ctx.client.restJSON(service: "eks", region: region, path: "/clusters/\(name)",
                                          operation: "DescribeCluster")
        }) {
        case .success(let answer):
            let c = answer["cluster"] ?? [:]
            arn = c["arn"]?.stringValue ?? arn
            for (k, v) in c["tags"]?.objectValue ?? [:] { tags[k] = v.stringValue ?? "" }
            for (key, value) in Self.details(c) { bag[key] = value }
        case .failure(let e):
            for key in Self.detailKeys { bag.unknown[key] = e.reason }
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.eks.cluster",
                            name: tags["Name"] ?? name, tags: tags)
    }

    static func details(_ c: JSONValue) -> [String: JSONValue] {
        let vpc = c["resourcesVpcConfig"]
        var enabled: [JSONValue] = [], disabled: [JSONValue] = []
        for entry in c.value(at: "logging.clusterLogging")?.arrayValue ?? [] {
            let types = entry["types"]?.arrayValue ?? []
            if entry["enabled"]?.boolValue == true { enabled += types } else { disabled += types }
        }
        let encryption = c["encryptionConfig"]?.arrayValue ?? []
        let secrets = encryption.first { ($0["resources"]?.arrayValue ?? []).contains("secrets") }
        return [
            "version": .field(c["version"]), "platformVersion": .field(c["platformVersion"]),
            "status": .field(c["status"]), "roleArn": .field(c["roleArn"]),
            "endpointPublicAccess": .field(vpc?["endpointPublicAccess"]),
            "endpointPrivateAccess": .field(vpc?["endpointPrivateAccess"]),
            // Null when the API does not list CIDRs (a private-only endpoint); AWS reports 0.0.0.0/0 when open to all.
            "publicAccessCidrs": .field(vpc?["publicAccessCidrs"]),
            "vpcId": .field(vpc?["vpcId"]), "subnetIds": .strings(vpc?["subnetIds"]),
            "securityGroupIds": .strings(vpc?["securityGroupIds"]),
            "clusterSecurityGroupId": .field(vpc?["clusterSecurityGroupId"]),
            "loggingEnabledTypes": .array(enabled), "loggingDisabledTypes": .array(disabled),
            // Documented: encryptionConfig lists what is envelope-encrypted; no "secrets" entry = not encrypted.
            "secretsEncrypted": .bool(secrets != nil),
            "secretsKmsKeyArn": .field(secrets?.value(at: "provider.keyArn")),
            "encryptionConfig": .array(encryption),
            "oidcIssuer": .field(c.value(at: "identity.oidc.issuer")),
            "createdAt": .isoDate(c["createdAt"]),
            "raw": c,
        ]
    }
}
