/// Decides whether an escalation method applies to one concrete target, with `EffectiveAccess.decide` for every
/// action (so explicit Denies anywhere, boundaries and SCPs count, and permissions split across several policies
/// combine: the decision looks at all of the principal's policies).
public enum EscalationDetector {
    /// Cheap pre-test: the principal's kind fits and, for some alternative, every action not granted elsewhere is
    /// named by some identity Allow (ignoring resources and conditions). False means the method cannot apply.
    public static func mightApply(_ method: EscalationMethod, to principal: PrincipalPolicies,
                                  granted: Set<String> = []) -> Bool {
        guard method.principalKinds.contains(principal.kind) else { return false }
        let allows = principal.identity.flatMap(\.document.statements).filter { $0.effect == .allow }
        func named(_ action: String) -> Bool { granted.contains(action) || allows.contains { $0.coversAction(action) } }
        if method.needsPassRole && !named("iam:PassRole") { return false }
        return method.requires.contains { $0.allSatisfy(named) }
    }

    /// The finding when `method` applies to `target`: every action of one alternative allowed (a definite
    /// alternative preferred over a conditional one). Actions in `granted` are taken as allowed by something
    /// else (a trust statement naming the principal). `created` is where a PassRole method's own actions are
    /// evaluated (defaults to `method.createdResource` in the principal's account).
    public static func evaluate(_ method: EscalationMethod, principal: PrincipalPolicies, target: ResourceSide,
                                created: ResourceSide? = nil, granted: Set<String> = []) -> EscalationFinding? {
        let created = created ?? ResourceSide(arn: method.createdResource(in: principal.account),
                                              account: principal.account, rules: .identityOnly)
        var fallback: EscalationFinding?
        for alternative in method.requires {
            let actions = (method.needsPassRole ? ["iam:PassRole"] : []) + alternative
            var finding = EscalationFinding(method: method, permissions: actions, conditional: false, conditions: [], grants: [])
            var applies = true
            for action in actions where !granted.contains(action) {
                let resource = method.isOnTarget(action) ? target : created
                var extra: [String: [String]] = [:]
                if action == "iam:PassRole", let service = method.passedToService { extra["iam:PassedToService"] = [service] }
                let d = decide(principal, action, resource, extra: RequestContext(extra))
                guard d.decision.isAllowed else { applies = false; break }
                if method.target == .otherUser, selfScoped(principal, d.grants, resource: resource.arn) {
                    applies = false
                    break
                }
                if d.decision.outcome == .conditional {
                    finding.conditional = true
                    for c in d.conditions where !finding.conditions.contains(c) { finding.conditions.append(c) }
                }
                finding.grants += d.grants.map { .init(action: action, resource: resource.arn, statement: $0) }
            }
            guard applies else { continue }
            if !finding.conditional { return finding }
            if fallback == nil { fallback = finding }
        }
        return fallback
    }

    /// Every granting statement reaches the resource only through `${aws:username}` (`user/${aws:username}`:
    /// each user on itself, the usual self-service key rotation): on another user it never matches.
    static func selfScoped(_ p: PrincipalPolicies, _ grants: [StatementRef], resource: String) -> Bool {
        guard !grants.isEmpty else { return false }
        return grants.allSatisfy { ref in
            guard let s = p.identity.first(where: { $0.source == ref.source })?.document.statements[safe: ref.index],
                  case .only(let patterns)? = s.resources else { return false }
            let hits = patterns.filter { Wildcard.matches(pattern: $0, resource, caseInsensitive: false) }
            return !hits.isEmpty && hits.allSatisfy { $0.lowercased().contains("${aws:username}") }
        }
    }

    struct Decided {
        var decision: AccessDecision
        var grants: [StatementRef]
        var conditions: [String]
    }

    /// `EffectiveAccess.decide` with the extra keys also in the principal's context, and the granting statements
    /// and undecided conditions worked out here when the decision does not list them.
    static func decide(_ principal: PrincipalPolicies, _ action: String, _ resource: ResourceSide,
                       extra: RequestContext) -> Decided {
        var p = principal
        if !extra.values.isEmpty {
            p.context = RequestContext(principal.context.values.merging(extra.values) { _, new in new })
        }
        let d = EffectiveAccess.decide(p, action: action, resource: resource, context: extra)
        guard d.isAllowed else { return Decided(decision: d, grants: [], conditions: []) }
        var grants = d.grants
        var conditions = d.conditions
        if grants.isEmpty || (d.outcome == .conditional && conditions.isEmpty) {
            let (refs, undecided) = allowing(p, action: action, resource: resource.arn)
            if grants.isEmpty { grants = refs }
            if d.outcome == .conditional && conditions.isEmpty { conditions = undecided }
        }
        return Decided(decision: d, grants: grants, conditions: conditions)
    }

    /// The identity Allow statements that apply, and the condition clauses none of the context decides.
    static func allowing(_ p: PrincipalPolicies, action: String, resource: String) -> ([StatementRef], [String]) {
        var refs: [StatementRef] = []
        var undecided: [String] = []
        for policy in p.identity {
            for (i, s) in policy.document.statements.enumerated() where s.effect == .allow {
                guard let applies = s.applicability(action: action, resource: resource, context: p.context) else { continue }
                refs.append(StatementRef(source: policy.source, policyName: policy.name, index: i, sid: s.sid, effect: .allow))
                guard applies == .conditional else { continue }
                let open = s.conditions.filter { ConditionEvaluator.evaluate($0, context: p.context) == .unknown }
                for c in open.map(RoleTrust.render) where !undecided.contains(c) { undecided.append(c) }
                if open.isEmpty && !undecided.contains("policy variable in Resource") {
                    undecided.append("policy variable in Resource")
                }
            }
        }
        return (refs, undecided)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
