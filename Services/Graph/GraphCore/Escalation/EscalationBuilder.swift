import PalisadeIAM
import PalisadeModel

/// Privilege-escalation edges (docs/graph.md § Lateral movement and escalation): for every user and role, every
/// catalogued method (`EscalationCatalog`) is decided with `EffectiveAccess.decide` against the inventory's
/// concrete targets; each that applies is a `can_escalate` edge to what the principal gains, naming the method,
/// the permissions and the statements that grant them.
enum EscalationBuilder {
    /// The benchmark check whose failing finding on a customer-managed policy is the same grant.
    static let checkID = "aws-iam-policy-allows-privilege-escalation"

    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        var problems: [GraphProblem] = []
        let principals = Principals(index, problems: &problems)
        for p in problems where !g.problems.contains(p) { g.problem(p.resource, p.element, p.reason) }
        let targets = EscalationTargets(index)
        for principal in principals.ordered where !isAlreadyAdmin(principal) {
            for method in EscalationCatalog.all
            where EscalationDetector.mightApply(method, to: principal,
                                                granted: method.target == .assumableRole ? ["sts:AssumeRole"] : []) {
                for target in targets.of(method, for: principal) {
                    guard let found = EscalationDetector.evaluate(method, principal: principal, target: target.side,
                                                                  granted: target.granted) else { continue }
                    for end in target.ends where end.dst != principal.arn {
                        g.addEdge(edge(principal, found, target, end))
                    }
                }
            }
        }
    }

    /// A principal whose own policies already give it everything gains nothing by escalating (it `administers`
    /// the account): decided cheaply only without a boundary or SCPs, which could limit it.
    static func isAlreadyAdmin(_ p: PrincipalPolicies) -> Bool {
        p.boundary == nil && p.scps.isEmpty && PolicyEvaluator.grantsAdmin(p.identity.map(\.document))
    }

    static func edge(_ p: PrincipalPolicies, _ f: EscalationFinding, _ t: EscalationTarget,
                     _ end: EscalationTarget.End) -> GraphEdge {
        var details: [EdgeEvidence] = []
        for grant in f.grants {
            let s = grant.statement
            let e = EdgeEvidence(kind: "policy_statement", source: s.source,
                                 detail: "\(s.label): \(grant.action) on \(grant.resource)",
                                 fix: "policy-statement:\(s.source)#\(s.index)",
                                 checks: EscalationTargets.isCustomerManaged(s.source) ? [checkID] : [])
            if !details.contains(e) { details.append(e) }
        }
        for v in end.via where !details.contains(v) { details.append(v) }
        // Actions a trust statement grants (`t.granted`) stay listed: the trust statement is their evidence.
        let permissions = f.permissions
        var conditions = f.conditions
        for c in t.conditions where !conditions.contains(c) { conditions.append(c) }
        return GraphEdge(src: p.arn, dst: end.dst, kind: GraphVocabulary.canEscalate,
                         evidence: "\(f.method.title) (\(t.name)): \(permissions.joined(separator: ", "))",
                         details: details, conditional: f.conditional || !t.conditions.isEmpty, conditions: conditions,
                         method: f.method.id, permissions: permissions, unknown: t.unknown)
    }
}
