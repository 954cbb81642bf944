/// Whether an identity policy grants full administrative access.
///
/// A policy is admin when it has an Allow on `Resource: "*"` whose actions are `*` / `*:*`, or a
/// `NotAction` (everything except a list), **and** the policy as a whole still allows at least one
/// IAM action that lets a principal grant itself anything (`escalationActions`) on `*`.
///
/// The second test is what makes `NotAction` meaningful: `NotAction: ["s3:*"]` on `*` still allows
/// `iam:PutRolePolicy`, so the holder can give itself S3 back — that is admin. `NotAction:
/// ["iam:*", "organizations:*", "account:*"]` (AWS PowerUserAccess) excludes every escalation
/// action, so it is not. It also lets an explicit Deny of IAM in the same document remove admin.
/// Allows with conditions (e.g. MFA required) still count: the grant exists.
extension PolicyEvaluator {
    public static let escalationActions: [String] = [
        "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:AttachUserPolicy", "iam:PutUserPolicy",
        "iam:AttachGroupPolicy", "iam:PutGroupPolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
        "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:CreateAccessKey", "iam:CreateLoginProfile",
        "iam:UpdateLoginProfile",
    ]

    public static func grantsAdmin(_ document: PolicyDocument) -> Bool {
        grantsAdmin([document])
    }

    /// The same test over several documents of one principal (attached + inline), so a Deny in one
    /// document can cancel an Allow in another.
    public static func grantsAdmin(_ documents: [PolicyDocument]) -> Bool {
        let shaped = documents.flatMap(\.statements).contains { s in
            guard s.effect == .allow, case .only(let resources)? = s.resources, resources.contains("*") else {
                return false
            }
            switch s.actions {
            case .only(let actions): return actions.contains("*") || actions.contains("*:*")
            case .except: return true
            }
        }
        guard shaped else { return false }
        return escalationActions.contains { allows(documents, action: $0, resource: "*") }
    }
}
