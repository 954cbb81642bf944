import Foundation
import PalisadeModel

/// The account's AWS Organization (or the fact that it has none) and, from the management account, its
/// member accounts with their chain of parents and its service control policies. Email addresses are left
/// out (PII).
public struct OrganizationsCollector: AWSCollector {
    public static let service = "organizations"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.organizations.organization", "aws.organizations.account",
                                       "aws.organizations.policy"]
    public static let permissions = [
        "organizations:DescribeOrganization", "organizations:ListAccounts", "organizations:ListParents",
        "organizations:ListPolicies", "organizations:DescribePolicy", "organizations:ListTargetsForPolicy",
    ]

    let ctx: CollectorContext
    var pageSize = 20

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        let orgs = OrganizationsClient(client: ctx.client)
        let described = await ctx.attempt { try await orgs.describeOrganization() }
        return [
            await ctx.scope(Self.service, "global", ["aws.organizations.organization"]) {
                await emit(organization(try described.get()))
            },
            await ctx.scope(Self.service, "global", ["aws.organizations.account"]) {
                // Not in an organization: no members to list (ListAccounts would fail the same way).
                guard let org = try described.get() else { return }
                let parents = OrganizationParents(orgs)
                for a in try await orgs.listAccounts(pageSize: pageSize) {
                    await emit(account(a, org: org, parentIds: await ctx.attempt { try await parents.chain(of: a.id) }))
                }
            },
            await ctx.scope(Self.service, "global", ["aws.organizations.policy"]) {
                // Outside an organization there are no policies; a member account is denied ListPolicies (error).
                guard try described.get() != nil else { return }
                let policies = try await orgs.listPolicies(type: "SERVICE_CONTROL_POLICY", pageSize: pageSize)
                await ctx.forEach(policies, emit: emit) { await self.policy($0, orgs: orgs) }
            },
        ]
    }

    func organization(_ org: OrganizationDescription?) -> Resource {
        var bag = PropertyBag()
        bag["inOrganization"] = .bool(org != nil)
        bag["organizationId"] = .optionalString(org?.id)
        bag["arn"] = .optionalString(org?.arn)
        bag["featureSet"] = .optionalString(org?.featureSet)
        bag["allFeaturesEnabled"] = org.map { .bool($0.featureSet == "ALL") } ?? .null
        bag["masterAccountId"] = .optionalString(org?.masterAccountId)
        bag["isManagementAccount"] = .bool(org?.masterAccountId == ctx.account)
        bag["availablePolicyTypes"] = org?.raw["AvailablePolicyTypes"] ?? []
        bag["raw"] = org?.raw ?? .null
        let id = org?.arn ?? "arn:aws:organizations::\(ctx.account):organization/none"
        return bag.resource(id: id, account: ctx.account, region: "global", type: "aws.organizations.organization",
                            name: org?.id ?? "no-organization")
    }

    /// `parentIds`: the account's parents from the nearest to the root (unknown when ListParents fails).
    func account(_ a: OrganizationAccount, org: OrganizationDescription,
                 parentIds: Result<[String], AWSError>) -> Resource {
        var bag = PropertyBag()
        bag["accountId"] = .string(a.id)
        bag["arn"] = .string(a.arn)
        bag["name"] = .string(a.name)
        bag["status"] = .string(a.status)
        bag["joinedMethod"] = .optionalString(a.joinedMethod)
        bag["joinedTimestamp"] = .optionalString(a.joinedTimestamp)
        bag["isManagementAccount"] = .bool(a.id == org.masterAccountId)
        bag["organizationId"] = .string(org.id)
        bag.set("parentIds", parentIds.map { .array($0.map { .string($0) }) })
        bag["raw"] = a.raw
        return bag.resource(id: a.arn, account: ctx.account, region: "global", type: "aws.organizations.account",
                            name: a.name.isEmpty ? a.id : a.name)
    }
}
