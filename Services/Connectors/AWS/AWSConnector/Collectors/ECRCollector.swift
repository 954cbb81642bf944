import Foundation
import PalisadeModel

/// ECR repositories of one region: scan on push, tag mutability, encryption, the repository policy (who can
/// pull or push) and whether a lifecycle policy exists.
public struct ECRCollector: AWSCollector {
    public static let service = "ecr"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.ecr.repository"]
    public static let permissions = ["ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", "ecr:GetLifecyclePolicy"]
    static let target = "AmazonEC2ContainerRegistry_V20150921"

    let ctx: CollectorContext
    /// `maxResults` per DescribeRepositories page (the API's maximum is 1000).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 1000) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            let repos = try await ctx.client.jsonList(service: "ecr", region: region, target: Self.target,
                                                      action: "DescribeRepositories", list: "repositories",
                                                      body: ["maxResults": .number(Double(pageSize))],
                                                      tokenIn: "nextToken")
            await ctx.forEach(repos, emit: emit) { await self.repository($0, region: region) }
        }]
    }

    func repository(_ r: JSONValue, region: String) async -> Resource {
        let name = r["repositoryName"]?.stringValue ?? ""
        let arn = r["repositoryArn"]?.stringValue ?? "arn:aws:ecr:\(region):\(ctx.account):repository/\(name)"
        var bag = PropertyBag()
        bag["repositoryName"] = .string(name)
        bag["repositoryArn"] = .string(arn)
        bag["repositoryUri"] = .field(r["repositoryUri"])
        bag["registryId"] = .field(r["registryId"])
        bag["createdAt"] = .isoDate(r["createdAt"])
        bag["imageTagMutability"] = .field(r["imageTagMutability"])
        // The repository's own setting; a registry-level scanning configuration (enhanced scanning) may override it.
        bag["scanOnPush"] = .field(r["imageScanningConfiguration"]?["scanOnPush"])
        bag["encryptionType"] = .field(r["encryptionConfiguration"]?["encryptionType"])
        bag["kmsKey"] = .field(r["encryptionConfiguration"]?["kmsKey"])
        bag["raw"] = r

        var body: [String: JSONValue] = ["repositoryName": .string(name)]
        if let registry = r["registryId"] { body["registryId"] = registry }
        let request = JSONValue.object(body)
        bag.set("policy", await ctx.attempt {
            let answer = try await call("GetRepositoryPolicy", region, request)
            return try JSONValue.policyDocument(answer["policyText"]?.stringValue)
        }, absentCodes: ["RepositoryPolicyNotFoundException"])
        switch await ctx.attempt({ try await call("GetLifecyclePolicy", region, request) }) {
        case .success(let answer):
            bag["hasLifecyclePolicy"] = true
            bag["lifecyclePolicy"] = (try? JSONValue.policyDocument(answer["lifecyclePolicyText"]?.stringValue))
                ?? .field(answer["lifecyclePolicyText"])
        case .failure(let e) where e.code == "LifecyclePolicyNotFoundException":
            bag["hasLifecyclePolicy"] = false
            bag["lifecyclePolicy"] = .null
        case .failure(let e):
            bag.unknown["hasLifecyclePolicy"] = e.reason
            bag.unknown["lifecyclePolicy"] = e.reason
        }
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.ecr.repository", name: name)
    }

    func call(_ action: String, _ region: String, _ body: JSONValue) async throws -> JSONValue {
        try await ctx.client.json(service: "ecr", region: region, target: Self.target, action: action, body: body)
    }
}
