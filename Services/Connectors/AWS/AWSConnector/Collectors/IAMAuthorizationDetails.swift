import Foundation
import PalisadeModel

/// One account's `iam:GetAccountAuthorizationDetails`, every page: users, groups and roles with their inline and
/// attached policies, boundaries, tags and (roles) instance profiles and last use, and the customer-managed
/// policies with all their versions. Read once per account scan (`CollectorContext.iamDetails`) and shared by
/// `IAMCollector` and `IAMPolicyCollector`, instead of a List/Get call per principal and policy.
///
/// AWS-managed policies are not asked for (`Filter` leaves out `AWSManagedPolicy`): they are the same in every
/// account, `ListPolicies Scope=AWS OnlyAttached=true` names the few in use, and their documents come from
/// `PolicyCache`. Asking GAAD for them makes moto return all ~1,500 with every version (24 s a call).
struct IAMAuthorizationDetails: Sendable {
    static let filter = ["User", "Role", "Group", "LocalManagedPolicy"]

    var users: [XMLNode] = []
    var groups: [XMLNode] = []
    var roles: [XMLNode] = []
    var policies: [XMLNode] = []
    /// Lookups by name / ARN, built once the pages are in (accounts have thousands of principals).
    private var usersByName: [String: XMLNode] = [:]
    private var rolesByName: [String: XMLNode] = [:]
    private var policiesByArn: [String: XMLNode] = [:]
    private var membersByGroup: [String: [String]] = [:]

    /// Every page (`Marker`/`IsTruncated`); `pageSize` is `MaxItems` (nil: the API's default, 100).
    static func fetch(client: AWSClient, pageSize: Int? = nil) async throws -> IAMAuthorizationDetails {
        var details = IAMAuthorizationDetails()
        var marker: String?
        repeat {
            var params = filter.enumerated().map { ("Filter.member.\($0.offset + 1)", $0.element) }
            if let pageSize { params.append(("MaxItems", String(pageSize))) }
            if let marker { params.append(("Marker", marker)) }
            let page = try await client.iam("GetAccountAuthorizationDetails", params)
            details.users += page.list("UserDetailList")
            details.groups += page.list("GroupDetailList")
            details.roles += page.list("RoleDetailList")
            details.policies += page.list("Policies")
            marker = page.bool("IsTruncated") == true ? page.string("Marker").flatMap { $0.isEmpty ? nil : $0 } : nil
        } while marker != nil
        details.index()
        return details
    }

    init(users: [XMLNode] = [], groups: [XMLNode] = [], roles: [XMLNode] = [], policies: [XMLNode] = []) {
        (self.users, self.groups, self.roles, self.policies) = (users, groups, roles, policies)
        index()
    }

    private mutating func index() {
        usersByName = Dictionary(users.map { ($0.string("UserName") ?? "", $0) }) { first, _ in first }
        rolesByName = Dictionary(roles.map { ($0.string("RoleName") ?? "", $0) }) { first, _ in first }
        policiesByArn = Dictionary(policies.map { ($0.string("Arn") ?? "", $0) }) { first, _ in first }
        membersByGroup = [:]
        for u in users {
            guard let name = u.string("UserName") else { continue }
            for g in u.list("GroupList") { membersByGroup[g.text, default: []].append(name) }
        }
    }

    func user(named name: String) -> XMLNode? { usersByName[name] }
    func role(named name: String) -> XMLNode? { rolesByName[name] }

    /// Names of the users in `group` (from each user's `GroupList`), in the order GAAD lists the users.
    func members(of group: String) -> [String] { membersByGroup[group] ?? [] }

    /// A customer-managed policy's default version document, parsed; nil when GAAD did not list the policy.
    func defaultDocument(arn: String) throws -> JSONValue? {
        guard let policy = policiesByArn[arn] else { return nil }
        return try Self.defaultDocument(policy)
    }

    /// The version marked `IsDefaultVersion` (else the one named by `DefaultVersionId`), parsed.
    static func defaultDocument(_ policy: XMLNode) throws -> JSONValue {
        let versions = policy.list("PolicyVersionList")
        guard let version = versions.first(where: { $0.bool("IsDefaultVersion") == true })
                ?? versions.first(where: { $0.string("VersionId") == policy.string("DefaultVersionId") }) else {
            throw AWSError(code: "connector.aws.response.invalid",
                           message: "GetAccountAuthorizationDetails lists no default version of \(policy.string("Arn") ?? "?")",
                           operation: "iam:GetAccountAuthorizationDetails")
        }
        return try JSONValue.policyDocument(version.string("Document"))
    }

    /// The error for a principal that ListUsers/ListRoles returned but GAAD did not (created between the calls).
    static func missing(_ kind: String, _ name: String) -> AWSError {
        AWSError(code: "connector.aws.response.incomplete",
                 message: "\(kind) \(name) is not in iam:GetAccountAuthorizationDetails")
    }
}

extension CollectorContext {
    /// This account's GetAccountAuthorizationDetails, fetched on first use; throws its error.
    func iamAuthorizationDetails(pageSize: Int? = nil) async throws -> IAMAuthorizationDetails {
        let client = client
        return try await iamDetails.get {
            await attempt { try await IAMAuthorizationDetails.fetch(client: client, pageSize: pageSize) }
        }.get()
    }
}
