/// Methods that change IAM itself: policies, credentials, group membership, trust.
extension EscalationCatalog {
    static let iam: [EscalationMethod] = [
        EscalationMethod(
            id: "iam:CreatePolicyVersion", title: "Create a new default version of an attached policy",
            requires: [["iam:CreatePolicyVersion"]], target: .attachedPolicy,
            description: "Writes a new version of a customer-managed policy attached to the principal and sets it as default (--set-as-default needs no other permission): the principal grants itself anything."),
        EscalationMethod(
            id: "iam:SetDefaultPolicyVersion", title: "Switch an attached policy to another version",
            requires: [["iam:SetDefaultPolicyVersion"]], target: .attachedPolicy,
            description: "Makes an older or newer version of a customer-managed policy attached to the principal the default; escalates when that version is more permissive (versions are not collected, so the edge is kept)."),
        EscalationMethod(
            id: "iam:CreateAccessKey", title: "Create an access key for another user",
            requires: [["iam:CreateAccessKey"]], target: .otherUser,
            description: "Creates an access key for another IAM user and acts as that user (a user already holding two keys also needs iam:DeleteAccessKey)."),
        EscalationMethod(
            id: "iam:CreateLoginProfile", title: "Give another user a console password",
            requires: [["iam:CreateLoginProfile"]], target: .otherUser, targetState: .noLoginProfile,
            description: "Creates a console password for a user that has none and signs in as that user."),
        EscalationMethod(
            id: "iam:UpdateLoginProfile", title: "Change another user's console password",
            requires: [["iam:UpdateLoginProfile"]], target: .otherUser, targetState: .hasLoginProfile,
            description: "Resets the console password of a user that has one and signs in as that user."),
        EscalationMethod(
            id: "iam:PutUserPolicy", title: "Put an inline policy on itself",
            requires: [["iam:PutUserPolicy"]], target: .selfPrincipal, principalKinds: [.user],
            description: "The user writes itself an inline policy allowing anything."),
        EscalationMethod(
            id: "iam:AttachUserPolicy", title: "Attach a managed policy to itself",
            requires: [["iam:AttachUserPolicy"]], target: .selfPrincipal, principalKinds: [.user],
            description: "The user attaches AdministratorAccess (or any managed policy) to itself."),
        EscalationMethod(
            id: "iam:PutRolePolicy", title: "Put an inline policy on its own role",
            requires: [["iam:PutRolePolicy"]], target: .selfPrincipal, principalKinds: [.role],
            description: "The role writes itself an inline policy allowing anything."),
        EscalationMethod(
            id: "iam:AttachRolePolicy", title: "Attach a managed policy to its own role",
            requires: [["iam:AttachRolePolicy"]], target: .selfPrincipal, principalKinds: [.role],
            description: "The role attaches AdministratorAccess (or any managed policy) to itself."),
        EscalationMethod(
            id: "iam:PutGroupPolicy", title: "Put an inline policy on one of its groups",
            requires: [["iam:PutGroupPolicy"]], target: .memberGroup, principalKinds: [.user],
            description: "The user writes an inline policy allowing anything on a group it belongs to."),
        EscalationMethod(
            id: "iam:AttachGroupPolicy", title: "Attach a managed policy to one of its groups",
            requires: [["iam:AttachGroupPolicy"]], target: .memberGroup, principalKinds: [.user],
            description: "The user attaches AdministratorAccess to a group it belongs to."),
        EscalationMethod(
            id: "iam:AddUserToGroup", title: "Add itself to a group",
            requires: [["iam:AddUserToGroup"]], target: .otherGroup, principalKinds: [.user],
            description: "The user joins a group and gains the group's permissions."),
        EscalationMethod(
            id: "iam:UpdateAssumeRolePolicy+sts:AssumeRole", title: "Rewrite a role's trust policy and assume it",
            requires: [["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]], target: .otherRole,
            description: "Changes a role's trust policy to admit the principal, then assumes the role."),
        EscalationMethod(
            id: "iam:PutRolePolicy+sts:AssumeRole", title: "Put an inline policy on a role it can assume",
            requires: [["iam:PutRolePolicy", "sts:AssumeRole"]], target: .assumableRole,
            description: "Writes an inline policy allowing anything on a role whose trust admits the principal, then assumes it."),
        EscalationMethod(
            id: "iam:AttachRolePolicy+sts:AssumeRole", title: "Attach a managed policy to a role it can assume",
            requires: [["iam:AttachRolePolicy", "sts:AssumeRole"]], target: .assumableRole,
            description: "Attaches AdministratorAccess to a role whose trust admits the principal, then assumes it."),
    ]
}
