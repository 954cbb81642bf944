import Foundation
import PalisadeModel

extension OrganizationsCollector {
    /// One service control policy: its summary, its document (DescribePolicy) and where it is attached
    /// (ListTargetsForPolicy); each of the last two unknown on its own when its call fails.
    func policy(_ p: OrganizationPolicySummary, orgs: OrganizationsClient) async -> Resource {
        var bag = PropertyBag()
        bag["policyId"] = .string(p.id)
        bag["arn"] = .string(p.arn)
        bag["name"] = .string(p.name)
        bag["description"] = .optionalString(p.description)
        bag["type"] = .string(p.type)
        bag["awsManaged"] = p.awsManaged.map { .bool($0) } ?? .null
        bag["raw"] = p.raw
        bag.set("document", await ctx.attempt { try await orgs.policyContent(id: p.id) })
        bag.set("targets", await ctx.attempt {
            .array(try await orgs.targets(policyID: p.id, pageSize: pageSize).map {
                ["targetId": .string($0.id), "type": .string($0.type), "name": .optionalString($0.name)]
            })
        })
        return bag.resource(id: p.arn.isEmpty ? p.id : p.arn, account: ctx.account, region: "global",
                            type: "aws.organizations.policy", name: p.name.isEmpty ? p.id : p.name)
    }
}

/// Each account's chain of parents up to the root (ListParents, one call per account and per OU: an OU's
/// parent is asked once per scan).
actor OrganizationParents {
    private let orgs: OrganizationsClient
    private var parentOf: [String: OrganizationNode] = [:]

    init(_ orgs: OrganizationsClient) { self.orgs = orgs }

    /// Parent ids from the nearest (an OU or the root) to the root, e.g. `["ou-ab12-prod", "ou-ab12-apps", "r-ab12"]`.
    func chain(of accountID: String) async throws -> [String] {
        var ids: [String] = []
        var child = accountID
        // An organization nests OUs at most five deep under the root; the bound guards against a cycle.
        for _ in 0..<8 {
            let parent: OrganizationNode
            if let known = parentOf[child] {
                parent = known
            } else {
                guard let asked = try await orgs.parent(of: child) else {
                    throw AWSError(code: "connector.aws.response.invalid", message: "ListParents gave no parent of \(child)",
                                   operation: "organizations:ListParents")
                }
                parentOf[child] = asked
                parent = asked
            }
            ids.append(parent.id)
            if parent.type == "ROOT" { return ids }
            child = parent.id
        }
        throw AWSError(code: "connector.aws.response.invalid", message: "no root above \(accountID) after 8 parents",
                       operation: "organizations:ListParents")
    }
}
