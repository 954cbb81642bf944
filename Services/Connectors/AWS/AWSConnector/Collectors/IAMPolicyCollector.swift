import Foundation
import PalisadeModel

/// IAM groups (members, attached and inline policies) and managed policies: every customer-managed policy and
/// the AWS-managed ones attached to something, each with its default version's document (region `global`).
/// Groups and customer-managed policies come from GetAccountAuthorizationDetails (`IAMAuthorizationDetails`);
/// AWS-managed ones from `ListPolicies Scope=AWS OnlyAttached=true` and GetPolicyVersion.
public struct IAMPolicyCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.group", "aws.iam.policy"]
    public static let permissions = [
        "iam:GetAccountAuthorizationDetails", "iam:ListPolicies", "iam:GetPolicy", "iam:GetPolicyVersion",
    ]

    let ctx: CollectorContext
    let policies: IAMPolicyReader
    /// Items per list page (nil: the API's default); tests set it small to show pagination is followed.
    var pageSize: Int?

    public init(_ ctx: CollectorContext) {
        self.ctx = ctx
        self.policies = IAMPolicyReader(client: ctx.client, cache: PolicyCache())
    }

    var client: AWSClient { ctx.client }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        var scopes: [ScopeResult] = []
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.group"]) {
            let details = try await ctx.iamAuthorizationDetails(pageSize: pageSize)
            await ctx.forEach(details.groups, emit: emit) { await self.group($0, details: details) }
        })
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.policy"]) {
            // Customer-managed policies, attached or not; AWS-managed ones only where something uses them
            // (the account cannot change those, and there are over a thousand).
            let details = try await ctx.iamAuthorizationDetails(pageSize: pageSize)
            let aws = try await client.iamList("ListPolicies", list: "Policies",
                                               params: [("Scope", "AWS"), ("OnlyAttached", "true")], maxItems: pageSize)
            for local in details.policies { await emit(await customerManagedPolicy(local)) }
            await ctx.forEach(aws, emit: emit) { await self.policy($0) }
        })
        return scopes
    }

    /// One GAAD group entry; members are the users whose `GroupList` names it.
    func group(_ m: XMLNode, details: IAMAuthorizationDetails) async -> Resource {
        let name = m.string("GroupName") ?? ""
        var bag = PropertyBag()
        bag["groupName"] = .string(name)
        bag["groupId"] = .optionalString(m.string("GroupId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["raw"] = m.jsonValue
        bag["members"] = .array(details.members(of: name).map { .string($0) })
        bag.set("attachedPolicies", await ctx.attempt { try await policies.attached(m, details: details) })
        bag.set("inlinePolicies", await ctx.attempt { try policies.inline(m, list: "GroupPolicyList") })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.group",
                            name: name)
    }

    /// A GAAD `ManagedPolicyDetail`: the ListPolicies keys, and the default version's document from its
    /// `PolicyVersionList` (left out of `raw`).
    func customerManagedPolicy(_ m: XMLNode) async -> Resource {
        let arn = m.string("Arn") ?? ""
        var listed = m
        listed.children.removeAll { $0.name == "PolicyVersionList" }
        var bag = policyKeys(listed, arn: arn)
        bag.set("document", await ctx.attempt { try IAMAuthorizationDetails.defaultDocument(m) })
        return bag.resource(id: arn, account: ctx.account, region: "global", type: "aws.iam.policy",
                            name: bag["policyName"]?.stringValue ?? "")
    }

    /// A ListPolicies entry, with its default version's document (GetPolicyVersion, cached).
    func policy(_ m: XMLNode) async -> Resource {
        let arn = m.string("Arn") ?? m.string("PolicyName") ?? ""
        var bag = policyKeys(m, arn: arn)
        bag.set("document", await ctx.attempt {
            try await policies.cache.document(arn: arn, defaultVersion: m.string("DefaultVersionId"), client: client)
        })
        return bag.resource(id: arn, account: ctx.account, region: "global", type: "aws.iam.policy",
                            name: bag["policyName"]?.stringValue ?? "")
    }

    /// The keys ListPolicies and GAAD both give. moto's GAAD leaves out `PolicyName`: it is the ARN's last part.
    func policyKeys(_ m: XMLNode, arn: String) -> PropertyBag {
        let name = m.string("PolicyName") ?? String(arn.split(separator: "/").last ?? "")
        var bag = PropertyBag()
        bag["policyName"] = .string(name)
        bag["policyId"] = .optionalString(m.string("PolicyId"))
        bag["arn"] = .string(arn)
        bag["path"] = .optionalString(m.string("Path"))
        bag["awsManaged"] = .bool(arn.contains(":iam::aws:policy/"))
        bag["defaultVersionId"] = .optionalString(m.string("DefaultVersionId"))
        bag["attachmentCount"] = m.number("AttachmentCount") ?? .null
        bag["permissionsBoundaryUsageCount"] = m.number("PermissionsBoundaryUsageCount") ?? .null
        bag["isAttachable"] = m.bool("IsAttachable").map { .bool($0) } ?? .null
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["updateDate"] = .optionalString(m.string("UpdateDate"))
        bag["raw"] = m.jsonValue
        return bag
    }
}
