import Foundation
import PalisadeModel

extension IAMCollector {
    /// One role from ListRoles, completed by GetRole (last use, permissions boundary, tags — ListRoles omits them).
    func role(_ m: XMLNode) async -> Resource {
        let name = m.string("RoleName") ?? ""
        let r = [("RoleName", name)]
        var bag = PropertyBag()
        bag["roleName"] = .string(name)
        bag["roleId"] = .optionalString(m.string("RoleId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["maxSessionDuration"] = m.number("MaxSessionDuration") ?? .null
        bag.set("assumeRolePolicy", await ctx.attempt { try JSONValue.policyDocument(m.string("AssumeRolePolicyDocument")) })
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await iam("GetRole", r).at("Role") ?? XMLNode(name: "Role") }) {
        case .success(let full):
            bag["raw"] = full.jsonValue
            bag["lastUsed"] = Self.lastUsed(full.at("RoleLastUsed"))
            bag["permissionsBoundary"] = Self.boundary(full.at("PermissionsBoundary"))
            if let seconds = full.number("MaxSessionDuration") { bag["maxSessionDuration"] = seconds }
            tags = full.iamTags
        case .failure(let e):
            bag["raw"] = m.jsonValue
            for key in ["lastUsed", "permissionsBoundary", "tags"] { bag.unknown[key] = e.reason }
        }
        bag.set("attachedPolicies", await ctx.attempt { try await attached(action: "ListAttachedRolePolicies", params: r) })
        bag.set("inlinePolicies", await ctx.attempt {
            try await inline(list: "ListRolePolicies", get: "GetRolePolicy", params: r)
        })
        bag.set("instanceProfileArns", await ctx.attempt {
            .array(try await client.iamList("ListInstanceProfilesForRole", list: "InstanceProfiles", params: r).map {
                .optionalString($0.string("Arn"))
            })
        })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.role",
                            name: name, tags: tags)
    }

    /// `RoleLastUsed` → `{lastUsedDate, region}`, or null when the role was never used in the tracking window
    /// (AWS then sends an empty element, or omits it).
    static func lastUsed(_ node: XMLNode?) -> JSONValue {
        guard let node, let date = node.string("LastUsedDate"), !date.isEmpty else { return .null }
        return ["lastUsedDate": .string(date), "region": .optionalString(node.string("Region"))]
    }

    /// `PermissionsBoundary` → `{type, arn}`, or null when the role has none (GetRole omits the element).
    static func boundary(_ node: XMLNode?) -> JSONValue {
        guard let node, let arn = node.string("PermissionsBoundaryArn"), !arn.isEmpty else { return .null }
        return ["type": .optionalString(node.string("PermissionsBoundaryType")), "arn": .string(arn)]
    }
}
