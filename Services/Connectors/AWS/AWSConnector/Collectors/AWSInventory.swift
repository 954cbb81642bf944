import Foundation
import PalisadeModel

/// One AWS account scan's collection: resolves identity, then IAM (global), EC2 per region, S3.
public struct AWSInventory: Sendable {
    public let client: AWSClient
    public let regions: [String]

    public init(client: AWSClient, regions: [String]) {
        self.client = client
        self.regions = regions
    }

    /// Builds the client from a scan request: credential chain, endpoint, default region.
    public static func make(profile: String?, regions: [String], endpoint: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            homeDirectory: String = NSHomeDirectory(),
                            transport: any HTTPTransport = URLSessionTransport()) throws -> AWSInventory {
        let identity = try AWSCredentialChain(environment: environment, homeDirectory: homeDirectory)
            .resolve(profile: profile)
        let endpoints = try AWSEndpoints.resolve(requested: endpoint, environment: environment)
        let chosen = regions.filter { !$0.isEmpty }
        let client = AWSClient(credentials: identity.credentials, endpoints: endpoints, transport: transport)
        return AWSInventory(client: client, regions: chosen.isEmpty ? [identity.region ?? "us-east-1"] : chosen)
    }

    /// STS GetCallerIdentity: the account id. Fails fast on bad keys or an unreachable endpoint.
    public func accountID() async throws -> String {
        let doc = try await client.query(service: "sts", region: regions[0], action: "GetCallerIdentity",
                                         version: "2011-06-15")
        guard let account = doc.string("GetCallerIdentityResult/Account"), !account.isEmpty else {
            throw AWSError(code: "connector.aws.response.invalid", message: "GetCallerIdentity returned no account",
                           operation: "sts:GetCallerIdentity")
        }
        return account
    }

    /// The scopes a scan will report (for progress totals).
    public var scopeCount: Int { 1 + 4 + 3 * regions.count + 1 }

    /// Collects everything, emitting resources as they come; returns every scope's result.
    public func collect(account: String, emit: ResourceEmitter,
                        scopeDone: @Sendable ([ScopeResult]) async -> Void = { _ in }) async -> [ScopeResult] {
        let ctx = CollectorContext(client: client, account: account)
        var scopes: [ScopeResult] = []
        await emit(Resource(id: "arn:aws:iam::\(account):root", account: account, region: "global",
                            type: "aws.account", name: account, properties: ["accountId": .string(account)]))
        let accountScope = [ScopeResult(service: "sts", region: "global", status: .ok, resourceTypes: ["aws.account"])]
        scopes += accountScope
        await scopeDone(accountScope)
        let iam = await IAMCollector(ctx).collect(emit: emit)
        scopes += iam
        await scopeDone(iam)
        for region in regions {
            let ec2 = await EC2Collector(ctx).collect(region: region, emit: emit)
            scopes += ec2
            await scopeDone(ec2)
        }
        let s3 = await S3Collector(ctx, homeRegion: "us-east-1").collect(emit: emit)
        scopes += s3
        await scopeDone(s3)
        return scopes
    }
}
