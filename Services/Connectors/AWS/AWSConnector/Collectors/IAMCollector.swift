import Foundation
import PalisadeModel

/// IAM users, roles, instance profiles and the account password policy (region `global`). Policies, groups,
/// boundaries, tags and role last use come from GetAccountAuthorizationDetails (`IAMAuthorizationDetails`); ListUsers
/// and ListRoles add what it leaves out (`PasswordLastUsed`, `MaxSessionDuration`). Groups and managed policies:
/// `IAMPolicyCollector`; account-wide facts: `IAMAccountCollector`; identity providers: `IAMFederationCollector`.
public struct IAMCollector: AWSCollector {
    public static let service = "iam"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.iam.user", "aws.iam.role", "aws.iam.instance_profile",
                                       "aws.iam.password_policy"]
    public static let permissions = [
        "iam:GetAccountAuthorizationDetails", "iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices",
        "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListRoles",
        "iam:ListInstanceProfiles", "iam:GetAccountPasswordPolicy",
    ]

    let ctx: CollectorContext
    let policies: IAMPolicyReader

    public init(_ ctx: CollectorContext) {
        self.ctx = ctx
        self.policies = IAMPolicyReader(client: ctx.client, cache: PolicyCache())
    }

    var client: AWSClient { ctx.client }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        var scopes: [ScopeResult] = []
        scopes.append(await scope("aws.iam.user") {
            let details = try await ctx.iamAuthorizationDetails()
            let users = try await client.iamList("ListUsers", list: "Users")
            await ctx.forEach(users, emit: emit) { await self.user($0, details: details) }
        })
        scopes.append(await scope("aws.iam.role") {
            let details = try await ctx.iamAuthorizationDetails()
            let roles = try await client.iamList("ListRoles", list: "Roles")
            await ctx.forEach(roles, emit: emit) { await self.role($0, details: details) }
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

    func iam(_ action: String, _ params: [(String, String)]) async throws -> XMLNode {
        try await client.iam(action, params)
    }

    /// One ListUsers entry, with its policies, groups and boundary from its GAAD entry.
    func user(_ m: XMLNode, details: IAMAuthorizationDetails) async -> Resource {
        let name = m.string("UserName") ?? ""
        let u = [("UserName", name)]
        var bag = PropertyBag()
        bag["userName"] = .string(name)
        bag["userId"] = .optionalString(m.string("UserId"))
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["path"] = .optionalString(m.string("Path"))
        bag["createDate"] = .optionalString(m.string("CreateDate"))
        bag["passwordLastUsed"] = .optionalString(m.string("PasswordLastUsed"))
        bag["raw"] = m.jsonValue
        // The credential report (one read per account) says whether the user has a console password, an MFA
        // device, an access key; only what it says exists is asked about per user. No report (denied, not ready)
        // or no row for the user (created after the report): every question is asked.
        let row = await reportRow(arn: m.string("Arn"))
        if Self.reported(row, "password_enabled") == false {
            bag["passwordEnabled"] = false
            bag["loginProfile"] = .null
        } else {
            // GetLoginProfile answers NoSuchEntity exactly when the user has no console password.
            let login = await ctx.attempt { try await iam("GetLoginProfile", u).at("LoginProfile") }
            bag.set("passwordEnabled", login.map { _ in JSONValue.bool(true) }, absentCodes: ["NoSuchEntity"], absent: false)
            bag.set("loginProfile", login.map { p -> JSONValue in
                guard let p else { return .null }
                return ["createDate": .optionalString(p.string("CreateDate")),
                        "passwordResetRequired": p.bool("PasswordResetRequired").map { .bool($0) } ?? .null]
            }, absentCodes: ["NoSuchEntity"])
        }
        if Self.reported(row, "mfa_active") == false {
            bag["mfaDevices"] = []
        } else {
            bag.set("mfaDevices", await ctx.attempt {
                .array(try await client.iamList("ListMFADevices", list: "MFADevices", params: u).map {
                    ["serialNumber": .optionalString($0.string("SerialNumber")),
                     "enableDate": .optionalString($0.string("EnableDate"))]
                })
            })
        }
        if let row, Self.hasNoAccessKey(row) {
            bag["accessKeys"] = []
        } else {
            bag.set("accessKeys", await ctx.attempt { try await accessKeys(name) })
        }
        guard let detail = details.user(named: name) else {
            let why = IAMAuthorizationDetails.missing("user", name).reason
            for key in ["attachedPolicies", "inlinePolicies", "groups", "permissionsBoundary"] { bag.unknown[key] = why }
            return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global",
                                type: "aws.iam.user", name: name)
        }
        bag.set("attachedPolicies", await ctx.attempt { try await policies.attached(detail, details: details) })
        bag.set("inlinePolicies", await ctx.attempt { try policies.inline(detail, list: "UserPolicyList") })
        bag["groups"] = .array(detail.list("GroupList").map { .string($0.text) })
        bag["permissionsBoundary"] = Self.boundary(detail.at("PermissionsBoundary"))
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global", type: "aws.iam.user",
                            name: name)
    }

    /// The user's credential-report row, or nil when there is no report or no row for them.
    func reportRow(arn: String?) async -> [String: String]? {
        guard let arn, case .success(let shared) = await IAMAccountCollector(ctx).sharedCredentialReport() else { return nil }
        return shared.report.row(arn: arn)
    }

    /// A boolean column of the row (`password_enabled`, `mfa_active`); nil when unknown.
    static func reported(_ row: [String: String]?, _ column: String) -> Bool? {
        row.flatMap { IAMCredentialReport.value(column, $0[column]).boolValue }
    }

    /// Both key slots empty: neither active nor ever rotated (created), so ListAccessKeys would list nothing.
    /// A slot the report leaves unreadable counts as a key (asked about).
    static func hasNoAccessKey(_ row: [String: String]) -> Bool {
        [1, 2].allSatisfy { n in
            reported(row, "access_key_\(n)_active") == false && row["access_key_\(n)_last_rotated"] == "N/A"
        }
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

    func instanceProfile(_ m: XMLNode) -> Resource {
        let name = m.string("InstanceProfileName") ?? ""
        var bag = PropertyBag()
        bag["instanceProfileName"] = .string(name)
        bag["arn"] = .optionalString(m.string("Arn"))
        bag["roleArns"] = .array(m.list("Roles").map { .optionalString($0.string("Arn")) })
        bag["raw"] = m.jsonValue
        return bag.resource(id: m.string("Arn") ?? name, account: ctx.account, region: "global",
                            type: "aws.iam.instance_profile", name: name)
    }

    func passwordPolicy() async throws -> Resource {
        var bag = PropertyBag()
        do {
            let p = try await iam("GetAccountPasswordPolicy", []).at("PasswordPolicy") ?? XMLNode(name: "PasswordPolicy")
            bag["exists"] = true
            bag["raw"] = p.jsonValue
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
            bag["raw"] = .null
        }
        return bag.resource(id: "arn:aws:iam::\(ctx.account):account-password-policy", account: ctx.account,
                            region: "global", type: "aws.iam.password_policy", name: "account-password-policy")
    }
}
