/// Who may assume a role (docs/graph.md § Effective permissions, trust).
///
/// A trust policy is the role's resource policy for `sts:AssumeRole`, so an inventory principal is decided by
/// `EffectiveAccess.decide` like any other request: trust naming the caller's ARN grants alone in the same account;
/// trust naming the account (`arn:aws:iam::<acct>:root` or the id) delegates to the caller's identity policies,
/// which must allow `sts:AssumeRole` on the role; across accounts both must allow. Callers outside the inventory —
/// AWS services, anyone, other accounts — are `trustees`.
public enum TrustEvaluation {
    public static let assumeActions = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"]

    /// The role as the resource of an AssumeRole request.
    public static func roleSide(arn: String, account: String, trust: SourcedPolicy?) -> ResourceSide {
        ResourceSide(arn: arn, account: account, policy: trust, rules: .standard,
                     policyUnknown: trust == nil ? "trust policy not collected or not understood" : nil)
    }

    /// Whether an inventory principal can assume the role.
    public static func canAssume(_ principal: PrincipalPolicies, role: ResourceSide,
                                 context: RequestContext = RequestContext()) -> AccessDecision {
        let d = EffectiveAccess.decide(principal, action: "sts:AssumeRole", resource: role, context: context)
        guard d.isAllowed else { return d }
        // Unlike other resource policies, a trust policy is always needed: an identity Allow of sts:AssumeRole
        // alone never lets a principal into a role whose trust does not admit it (by ARN, account or "*").
        guard let trust = role.policy else {
            return AccessDecision(outcome: .implicitDeny, reason: "the trust policy of \(role.arn) was not collected")
        }
        let ctx = StatementScan.context(principal, role, context)
        let admits = StatementScan.hits(trust, effect: .allow, principal: principal, action: "sts:AssumeRole",
                                        resource: role.arn, context: ctx, resourcePolicy: true)
        guard let best = admits.first(where: { $0.open.isEmpty }) ?? admits.first else {
            return AccessDecision(outcome: .implicitDeny,
                                  reason: "the trust policy of \(role.arn) does not admit \(principal.arn)")
        }
        var out = d
        if !out.grants.contains(best.ref) { out.grants.insert(best.ref, at: 0) }
        if !best.open.isEmpty && !admits.contains(where: { $0.open.isEmpty }) {
            out.conditions = Route.unique(out.conditions + best.open)
            out.outcome = .conditional
        }
        return out
    }

    /// A caller outside the inventory that the trust policy admits.
    public struct Trustee: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case service(String)
            /// `"*"` / `{"AWS": "*"}` with no condition restricting who calls.
            case anyone
            case externalAccount(String)
            /// `Federated`: a SAML or OIDC provider (its users assume with a web identity or SAML assertion).
            case federated(String)
        }
        public var kind: Kind
        public var statement: StatementRef
        /// Clauses the configuration cannot decide (empty: definite).
        public var conditions: [String]
    }

    /// Services, anyone, other accounts and identity providers the trust policy admits, after its own Denies.
    /// Conditions are evaluated with what is known of such a caller (its account, for an external account; for a
    /// service, that it is one); the rest stay open. A clause known to be false removes the trustee.
    public static func trustees(_ trust: SourcedPolicy, roleAccount: String) -> [Trustee] {
        var out: [Trustee] = []
        func admit(_ kind: Trustee.Kind, _ caller: PrincipalPolicies, _ action: String) {
            let side = ResourceSide(arn: "role", account: roleAccount, policy: trust)
            let d = EffectiveAccess.decide(caller, action: action, resource: side)
            guard d.isAllowed, let ref = d.grants.first else { return }
            if !out.contains(where: { $0.kind == kind }) {
                out.append(Trustee(kind: kind, statement: ref, conditions: d.conditions))
            }
        }
        func anyone(_ s: PolicyStatement) {
            guard !s.conditions.contains(where: { PolicyEvaluator.restricts($0, negated: false) }) else { return }
            admit(.anyone, PrincipalPolicies(arn: "*", account: "", kind: .anonymous), "sts:AssumeRole")
        }
        for (i, s) in trust.document.statements.enumerated() where s.effect == .allow {
            guard case .specific(let map)? = s.principal else {
                if s.principal == .anyone || s.notPrincipal != nil { anyone(s) }
                continue
            }
            for service in map["Service"] ?? [] {
                admit(.service(service), PrincipalPolicies(arn: service, account: "", kind: .service), "sts:AssumeRole")
            }
            // Federated callers come through an identity provider: the statement is read directly.
            for provider in map["Federated"] ?? [] where assumeActions.dropFirst().contains(where: s.coversAction) {
                let (truth, open) = ConditionEvaluator.undecided(s.conditions, context: RequestContext())
                guard truth != .false, !out.contains(where: { $0.kind == .federated(provider) }) else { continue }
                out.append(Trustee(kind: .federated(provider),
                                   statement: StatementRef(source: trust.source, policyName: trust.name, index: i,
                                                           sid: s.sid, effect: .allow),
                                   conditions: open.map(ConditionEvaluator.render)))
            }
            for value in map["AWS"] ?? [] {
                if value == "*" { anyone(s); continue }
                guard let acct = PrincipalMatch.accountOf(value), acct != roleAccount else { continue }
                let caller = PrincipalPolicies(
                    arn: PrincipalMatch.isAccountPrincipal(value) ? "arn:aws:iam::\(acct):root" : value, account: acct,
                    kind: .external, identity: [allowAll],
                    context: RequestContext(["aws:PrincipalAccount": [acct]]))
                admit(.externalAccount(acct), caller, "sts:AssumeRole")
            }
        }
        return out
    }

    /// What an external account may do is its own business: the trust side alone is evaluated for it.
    static let allowAll = SourcedPolicy(
        source: "external", name: "external account",
        document: PolicyDocument(statements: [PolicyStatement(effect: .allow, actions: .only(["*"]),
                                                              resources: .only(["*"]))]))
}
