/// AWS's policy evaluation for one principal, one action, one resource (docs/graph.md § Effective permissions):
/// explicit Deny anywhere wins; SCPs and the permission boundary only limit; in the same account an identity Allow
/// or a resource-policy Allow naming the principal grants (KMS: identity policies count only when the key policy
/// enables IAM); across accounts both sides must allow.
public enum EffectiveAccess {
    public static func decide(_ principal: PrincipalPolicies, action: String, resource: ResourceSide,
                              context extra: RequestContext = RequestContext()) -> AccessDecision {
        let docs = principal.identity.map(\.document)
        let e = PolicyEvaluator.evaluation(documents: docs, action: action, resource: resource.arn,
                                           context: principal.context)
        switch e.decision {
        case .explicitDeny: return AccessDecision(outcome: .explicitDeny, reason: "explicit Deny in an identity policy")
        case .implicitDeny: return AccessDecision(outcome: .implicitDeny, reason: "no identity policy allows \(action)")
        case .allowed:
            return AccessDecision(outcome: e.isConditional ? .conditional : .allowed,
                                  reason: "identity policy allows \(action)")
        }
    }
}
