import Foundation
import PalisadeModel

extension IAMCollector {
    /// One role from ListRoles, completed by its GAAD entry (policies, instance profiles, last use, permissions
    /// boundary, tags — ListRoles omits them; GAAD omits `MaxSessionDuration`).
    func role(_ m: XMLNode, details: IAMAuthorizationDetails) async -> Resource {
        let name = m.string("RoleName") ?? ""
        var bag = PropertyBag()
        bag["roleName"] = .string(name)
        bag["roleId"] = .optionalString(m.string("RoleId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["maxSessionDuration"] = m.number("MaxSessionDuration") ?? .null
        bag.set("assumeRolePolicy", await ctx.attempt { try JSONValue.policyDocument(m.string("AssumeRolePolicyDocument")) })
        guard let detail = details.role(named: name) else {
            bag["raw"] = m.jsonValue
            let why = IAMAuthorizationDetails.missing("role", name).reason
            for key in ["lastUsed", "permissionsBoundary", "tags", "attachedPolicies", "inlinePolicies",
                        "instanceProfileArns"] { bag.unknown[key] = why }
            return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global",
                                type: "aws.iam.role", name: name)
        }
        bag["raw"] = detail.jsonValue
        bag["lastUsed"] = Self.lastUsed(detail.at("RoleLastUsed"))
        bag["permissionsBoundary"] = Self.boundary(detail.at("PermissionsBoundary"))
        bag.set("attachedPolicies", await ctx.attempt { try await policies.attached(detail, details: details) })
        bag.set("inlinePolicies", await ctx.attempt { try policies.inline(detail, list: "RolePolicyList") })
        bag["instanceProfileArns"] = .array(detail.list("InstanceProfileList").map { .optionalString($0.string("Arn")) })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.role",
                            name: name, tags: detail.iamTags)
    }

    /// `RoleLastUsed` → `{lastUsedDate, region}`, or null when the role was never used in the tracking window
    /// (AWS then sends an empty element, or omits it).
    static func lastUsed(_ node: XMLNode?) -> JSONValue {
        guard let node, let date = node.string("LastUsedDate"), !date.isEmpty else { return .null }
        return ["lastUsedDate": .string(date), "region": .optionalString(node.string("Region"))]
    }

    /// `PermissionsBoundary` → `{type, arn}`, or null when the user or role has none (GAAD omits the element).
    static func boundary(_ node: XMLNode?) -> JSONValue {
        guard let node, let arn = node.string("PermissionsBoundaryArn"), !arn.isEmpty else { return .null }
        return ["type": .optionalString(node.string("PermissionsBoundaryType")), "arn": .string(arn)]
    }
}
