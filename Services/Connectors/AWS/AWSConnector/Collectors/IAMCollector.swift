import Foundation
import PalisadeModel

/// IAM users, roles, instance profiles and the account password policy (region `global`).
public struct IAMCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.user", "aws.iam.role", "aws.iam.instance_profile",
                                       "aws.iam.password_policy"]
    public static let permissions = [
        "iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed",
        "iam:ListAttachedUserPolicies", "iam:ListUserPolicies", "iam:GetUserPolicy", "iam:ListGroupsForUser",
        "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListRoles", "iam:ListAttachedRolePolicies",
        "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListInstanceProfilesForRole", "iam:ListInstanceProfiles",
        "iam:GetAccountPasswordPolicy",
    ]

    let ctx: CollectorContext
    let cache = PolicyCache()

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    var client: AWSClient { ctx.client }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        var scopes: [ScopeResult] = []
        scopes.append(await scope("aws.iam.user") {
            let users = try await client.iamList("ListUsers", list: "Users")
            await ctx.forEach(users, emit: emit) { await self.user($0) }
        })
        scopes.append(await scope("aws.iam.role") {
            let roles = try await client.iamList("ListRoles", list: "Roles")
            await ctx.forEach(roles, emit: emit) { await self.role($0) }
        })
        scopes.append(await scope("aws.iam.instance_profile") {
            for p in try await client.iamList("ListInstanceProfiles", list: "InstanceProfiles") {
                await emit(instanceProfile(p))
            }
        })
        scopes.append(await scope("aws.iam.password_policy") { await emit(try await passwordPolicy()) })
        return scopes
    }

    private func scope(_ type: String, _ body: () async throws -> Void) async -> ScopeResult {
        await ctx.scope(Self.service, "global", [type], body)
    }

    private func iam(_ action: String, _ params: [(String, String)]) async throws -> XMLNode {
        let doc = try await client.query(service: "iam", region: "us-east-1", action: action, version: "2010-05-08",
                                         params: params)
        return doc.child("\(action)Result") ?? doc
    }

    func user(_ m: XMLNode) async -> Resource {
        let name = m.string("UserName") ?? ""
        let u = [("UserName", name)]
        var bag = PropertyBag()
        bag["userName"] = .string(name)
        bag["userId"] = .optionalString(m.string("UserId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["passwordLastUsed"] = .optionalString(m.string("PasswordLastUsed"))
        bag.set("passwordEnabled", await ctx.attempt { () -> JSONValue in
            _ = try await iam("GetLoginProfile", u); return true
        }, absentCodes: ["NoSuchEntity"], absent: false)
        bag.set("mfaDevices", await ctx.attempt {
            .array(try await client.iamList("ListMFADevices", list: "MFADevices", params: u).map {
                ["serialNumber": .optionalString($0.string("SerialNumber")),
                 "enableDate": .optionalString($0.string("EnableDate"))]
            })
        })
        bag.set("accessKeys", await ctx.attempt { try await accessKeys(name) })
        bag.set("attachedPolicies", await ctx.attempt {
            try await attached(action: "ListAttachedUserPolicies", params: u)
        })
        bag.set("inlinePolicies", await ctx.attempt {
            try await inline(list: "ListUserPolicies", get: "GetUserPolicy", params: u)
        })
        bag.set("groups", await ctx.attempt {
            .array(try await client.iamList("ListGroupsForUser", list: "Groups", params: u).map {
                .optionalString($0.string("GroupName"))
            })
        })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.user",
                            name: name)
    }

    private func accessKeys(_ user: String) async throws -> JSONValue {
        var keys: [JSONValue] = []
        for k in try await client.iamList("ListAccessKeys", list: "AccessKeyMetadata", params: [("UserName", user)]) {
            let id = k.string("AccessKeyId") ?? ""
            let used = try await iam("GetAccessKeyLastUsed", [("AccessKeyId", id)])
            let date = used.string("AccessKeyLastUsed/LastUsedDate").flatMap { $0.isEmpty ? nil : $0 }
            let service = used.string("AccessKeyLastUsed/ServiceName").flatMap { $0.isEmpty || $0 == "N/A" ? nil : $0 }
            keys.append(["accessKeyId": .string(id), "status": .optionalString(k.string("Status")),
                         "createDate": .optionalString(k.string("CreateDate")),
                         "lastUsedDate": .optionalString(date), "lastUsedService": .optionalString(service)])
        }
        return .array(keys)
    }

    private func attached(action: String, params: [(String, String)]) async throws -> JSONValue {
        var out: [JSONValue] = []
        for p in try await client.iamList(action, list: "AttachedPolicies", params: params) {
            let arn = p.string("PolicyArn") ?? ""
            out.append(["policyName": .optionalString(p.string("PolicyName")), "policyArn": .string(arn),
                        "document": try await cache.document(arn: arn, client: client)])
        }
        return .array(out)
    }

    private func inline(list: String, get: String, params: [(String, String)]) async throws -> JSONValue {
        var out: [JSONValue] = []
        for n in try await client.iamList(list, list: "PolicyNames", params: params) {
            let doc = try await iam(get, params + [("PolicyName", n.text)])
            out.append(["policyName": .string(n.text), "document": try JSONValue.policyDocument(doc.string("PolicyDocument"))])
        }
        return .array(out)
    }

    func role(_ m: XMLNode) async -> Resource {
        let name = m.string("RoleName") ?? ""
        let r = [("RoleName", name)]
        var bag = PropertyBag()
        bag["roleName"] = .string(name)
        bag["roleId"] = .optionalString(m.string("RoleId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag.set("assumeRolePolicy", await ctx.attempt { try JSONValue.policyDocument(m.string("AssumeRolePolicyDocument")) })
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
                            name: name)
    }

    func instanceProfile(_ m: XMLNode) -> Resource {
        let name = m.string("InstanceProfileName") ?? ""
        var bag = PropertyBag()
        bag["instanceProfileName"] = .string(name)
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["roleArns"] = .array(m.list("Roles").map { .optionalString($0.string("Arn")) })
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global",
                            type: "aws.iam.instance_profile", name: name)
    }

    func passwordPolicy() async throws -> Resource {
        var bag = PropertyBag()
        do {
            let p = try await iam("GetAccountPasswordPolicy", []).at("PasswordPolicy") ?? XMLNode(name: "PasswordPolicy")
            bag["exists"] = true
            bag["minimumPasswordLength"] = p.int("MinimumPasswordLength").map { .number(Double($0)) } ?? .null
            for (key, el) in [("requireSymbols", "RequireSymbols"), ("requireNumbers", "RequireNumbers"),
                              ("requireUppercaseCharacters", "RequireUppercaseCharacters"),
                              ("requireLowercaseCharacters", "RequireLowercaseCharacters"),
                              ("allowUsersToChangePassword", "AllowUsersToChangePassword"),
                              ("expirePasswords", "ExpirePasswords"), ("hardExpiry", "HardExpiry")] {
                bag[key] = .bool(p.bool(el) ?? false)
            }
            // moto reports MaxPasswordAge 0 when unset; AWS omits it. Both mean "no maximum age".
            bag["maxPasswordAge"] = p.int("MaxPasswordAge").flatMap { $0 > 0 ? .number(Double($0)) : nil } ?? .null
            bag["passwordReusePrevention"] = p.int("PasswordReusePrevention").flatMap { $0 > 0 ? .number(Double($0)) : nil }
                ?? .null
        } catch let e as AWSError where e.code == "NoSuchEntity" {
            bag["exists"] = false
        }
        return bag.resource(id: "arn:aws:iam::\(ctx.account):account-password-policy", account: ctx.account,
                            region: "global", type: "aws.iam.password_policy", name: "account-password-policy")
    }
}
