/// One privilege-escalation method of the catalogue (pathfinding.cloud; Rhino Security Labs' list): the actions
/// that enable it, what it is applied to, and what the principal gains. Pure data: the graph's escalation builder
/// applies it to the inventory's concrete targets, the `privesc_methods` check built-in to one policy document.
public struct EscalationMethod: Sendable, Hashable, Identifiable {
    /// What the method is applied to; also decides where the edge ends (docs/graph.md § Lateral movement and
    /// escalation).
    public enum Target: String, Sendable, Hashable, CaseIterable {
        /// The principal's own user or role: it grants itself any policy → the account.
        case selfPrincipal = "self"
        /// A customer-managed policy attached to the principal (directly or through a group) → the account.
        case attachedPolicy = "attached_policy"
        /// Another IAM user: the principal gets that user's credentials → the user.
        case otherUser = "other_user"
        /// A group the user is a member of: a policy put on it applies to the user → the account.
        case memberGroup = "member_group"
        /// A group the user is not a member of: joining it gives the group's permissions → the group.
        case otherGroup = "other_group"
        /// Any role: the principal rewrites its trust and assumes it → the role.
        case otherRole = "other_role"
        /// A role whose trust policy already admits the principal: give it any policy, then assume it → the account.
        case assumableRole = "assumable_role"
        /// A role the principal may pass (`iam:PassRole` on its ARN) to `passedToService`, which the role trusts
        /// → the role.
        case passableRole = "passable_role"
        /// An existing resource of `workloadType` that runs with a role, whose code or configuration the
        /// principal can change or run commands in → that role.
        case workload
    }

    /// Which state of the target the method needs (cheap to decide from the inventory; unknown keeps the target).
    public enum TargetState: String, Sendable, Hashable {
        case any
        /// `iam:UpdateLoginProfile` changes an existing console password.
        case hasLoginProfile = "has_login_profile"
        /// `iam:CreateLoginProfile` fails when the user already has one.
        case noLoginProfile = "no_login_profile"
    }

    /// Stable id, the actions joined by `+` (`iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction`).
    public var id: String
    public var title: String
    /// Alternatives, each a set of actions that are all needed (`[[RunInstances], [RequestSpotInstances]]`).
    /// `iam:PassRole` is not listed here: `needsPassRole` adds it, evaluated on the passed role.
    public var requires: [[String]]
    public var needsPassRole: Bool
    /// The service the role is passed to (`ec2.amazonaws.com`): the role must trust it, and it is the value of
    /// `iam:PassedToService` when PassRole is evaluated.
    public var passedToService: String?
    public var target: Target
    /// For `.workload`: the resource type (`aws.ec2.instance`, `aws.lambda.function`, …).
    public var workloadType: String?
    public var targetState: TargetState
    /// Which principals can use it (`iam:PutUserPolicy` on itself: users; `iam:PutRolePolicy`: roles).
    public var principalKinds: Set<PrincipalPolicies.Kind>
    /// For `.passableRole`: the resource the non-PassRole actions create, an ARN template (`{account}`), so a
    /// statement scoped to `arn:aws:lambda:*:*:function:*` still matches.
    public var createdResource: String
    public var description: String

    public init(id: String, title: String, requires: [[String]], needsPassRole: Bool = false,
                passedToService: String? = nil, target: Target, workloadType: String? = nil,
                targetState: TargetState = .any, principalKinds: Set<PrincipalPolicies.Kind> = [.user, .role],
                createdResource: String = "*", description: String) {
        self.id = id
        self.title = title
        self.requires = requires
        self.needsPassRole = needsPassRole
        self.passedToService = passedToService
        self.target = target
        self.workloadType = workloadType
        self.targetState = targetState
        self.principalKinds = principalKinds
        self.createdResource = createdResource
        self.description = description
    }

    /// `createdResource` in `account`.
    public func createdResource(in account: String) -> String {
        let t = createdResource
        guard let open = t.firstIndex(of: "{"), let close = t[open...].firstIndex(of: "}") else { return t }
        return String(t[..<open]) + account + String(t[t.index(after: close)...])
    }

    /// Every action any alternative names, PassRole included.
    public var allActions: [String] {
        var out: [String] = needsPassRole ? ["iam:PassRole"] : []
        for set in requires { for a in set where !out.contains(a) { out.append(a) } }
        return out
    }

    /// Whether `action` is evaluated on the target (else on `createdResource`): everything but the created
    /// resource's actions of a PassRole method.
    public func isOnTarget(_ action: String) -> Bool {
        target != .passableRole || action == "iam:PassRole"
    }
}
