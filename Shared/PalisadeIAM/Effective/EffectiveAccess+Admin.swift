extension EffectiveAccess {
    /// Whether the principal administers its account, decided through the full evaluation (Deny anywhere, the
    /// boundary, SCPs): `PolicyEvaluator.grantsAdmin`'s test — an identity Allow of `*` / `*:*` / any `NotAction`
    /// on `Resource: "*"`, and at least one IAM self-escalation action (`PolicyEvaluator.escalationActions`)
    /// allowed on `*` — with each escalation action decided by `decide`. So AdministratorAccess under a boundary
    /// that allows only S3, or with a Deny of `iam:*`, is not admin; NotAction `s3:*` still is.
    /// `grants` holds the shape statement(s) and the statements allowing the escalation action.
    public static func administers(_ p: PrincipalPolicies, context: RequestContext = RequestContext()) -> AccessDecision {
        var shape: [StatementRef] = []
        for policy in p.identity {
            for (i, s) in policy.document.statements.enumerated() where s.effect == .allow {
                guard case .only(let resources)? = s.resources, resources.contains("*") else { continue }
                let all: Bool
                switch s.actions {
                case .only(let actions): all = actions.contains("*") || actions.contains("*:*")
                case .except: all = true
                }
                if all {
                    shape.append(StatementRef(source: policy.source, policyName: policy.name, index: i, sid: s.sid,
                                              effect: .allow))
                }
            }
        }
        guard !shape.isEmpty else {
            return AccessDecision(outcome: .implicitDeny, reason: "no identity policy allows every action on *")
        }
        let side = ResourceSide(arn: "*", account: p.account, rules: .identityOnly)
        var best: AccessDecision?
        var last: AccessDecision?
        for action in PolicyEvaluator.escalationActions {
            let d = decide(p, action: action, resource: side, context: context)
            last = d
            guard d.isAllowed else { continue }
            if d.outcome == .allowed { best = d; break }
            if best == nil { best = d }
        }
        guard var d = best else {
            return AccessDecision(outcome: last?.outcome ?? .implicitDeny, denies: last?.denies ?? [],
                                  reason: "no IAM self-escalation action is allowed: " + (last?.reason ?? ""))
        }
        d.grants = Route.unique(shape + d.grants)
        d.reason = "allows every action on * and \(d.outcome == .allowed ? "" : "conditionally ")IAM self-escalation"
        return d
    }
}
