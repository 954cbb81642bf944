import Foundation
import PalisadeModel

/// IAM groups (members, attached and inline policies) and managed policies: every customer-managed policy and
/// the AWS-managed ones attached to something, each with its default version's document (region `global`).
public struct IAMPolicyCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.group", "aws.iam.policy"]
    public static let permissions = [
        "iam:ListGroups", "iam:GetGroup", "iam:ListAttachedGroupPolicies", "iam:ListGroupPolicies",
        "iam:GetGroupPolicy", "iam:ListPolicies", "iam:GetPolicy", "iam:GetPolicyVersion",
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
            let groups = try await client.iamList("ListGroups", list: "Groups", maxItems: pageSize)
            await ctx.forEach(groups, emit: emit) { await self.group($0) }
        })
        scopes.append(await ctx.scope(Self.service, "global", ["aws.iam.policy"]) {
            // Customer-managed policies, attached or not; AWS-managed ones only where something uses them
            // (the account cannot change those, and there are over a thousand).
            let local = try await client.iamList("ListPolicies", list: "Policies", params: [("Scope", "Local")],
                                                 maxItems: pageSize)
            let aws = try await client.iamList("ListPolicies", list: "Policies",
                                               params: [("Scope", "AWS"), ("OnlyAttached", "true")], maxItems: pageSize)
            await ctx.forEach(local + aws, emit: emit) { await self.policy($0) }
        })
        return scopes
    }

    func group(_ m: XMLNode) async -> Resource {
        let name = m.string("GroupName") ?? ""
        let g = [("GroupName", name)]
        var bag = PropertyBag()
        bag["groupName"] = .string(name)
        bag["groupId"] = .optionalString(m.string("GroupId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["raw"] = m.jsonValue
        bag.set("members", await ctx.attempt {
            .array(try await client.iamList("GetGroup", list: "Users", params: g, maxItems: pageSize).map {
                .optionalString($0.string("UserName"))
            })
        })
        bag.set("attachedPolicies", await ctx.attempt {
            try await policies.attached(action: "ListAttachedGroupPolicies", params: g)
        })
        bag.set("inlinePolicies", await ctx.attempt {
            try await policies.inline(list: "ListGroupPolicies", get: "GetGroupPolicy", params: g)
        })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.group",
                            name: name)
    }

    func policy(_ m: XMLNode) async -> Resource {
        let name = m.string("PolicyName") ?? ""
        let arn = m.string("Arn") ?? name
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
        bag.set("document", await ctx.attempt {
            try await policies.cache.document(arn: arn, defaultVersion: m.string("DefaultVersionId"), client: client)
        })
        return bag.resource(id: arn, account: ctx.account, region: "global", type: "aws.iam.policy", name: name)
    }
}
