import PalisadeModel

/// The outcome of evaluating identity policies for one action on one resource.
public enum PolicyDecision: String, Sendable, Hashable {
    case allowed
    case explicitDeny
    case implicitDeny
}

/// The decision plus why: whether it hangs on request context the evaluator did not have.
public struct PolicyEvaluation: Sendable, Hashable {
    public var decision: PolicyDecision
    /// True when the decision is `.allowed` but only because an Allow whose conditions (or policy
    /// variables) could not be evaluated was counted, or a Deny that might apply was set aside.
    /// Reachability analyses count it as allowed; reports should say "conditionally".
    public var isConditional: Bool
    /// The Allow statements that matched (with unevaluated conditions or not).
    public var allowingStatements: [PolicyStatement]
    /// Deny statements that match the action and resource but whose conditions were not decidable.
    public var conditionalDenies: [PolicyStatement]
}

/// Evaluates IAM policies the way AWS does for identity-based policies: an applicable explicit Deny
/// wins, then any applicable Allow, otherwise the request is implicitly denied.
///
/// Conditions are evaluated against `RequestContext`; keys the context does not hold are unknown.
/// An Allow with unknown conditions counts as allowed (marked conditional). A Deny with unknown
/// conditions does not count as an explicit deny (it is reported in `conditionalDenies`, and the
/// allow becomes conditional): the evaluator over-approximates what is reachable, which is the
/// safe direction for attack-path analysis.
public enum PolicyEvaluator {
    public static func evaluate(
        documents: [PolicyDocument], action: String, resource: String, context: RequestContext = RequestContext()
    ) -> PolicyDecision {
        evaluation(documents: documents, action: action, resource: resource, context: context).decision
    }

    public static func allows(
        _ documents: [PolicyDocument], action: String, resource: String, context: RequestContext = RequestContext()
    ) -> Bool {
        evaluate(documents: documents, action: action, resource: resource, context: context) == .allowed
    }

    public static func evaluation(
        documents: [PolicyDocument], action: String, resource: String, context: RequestContext = RequestContext()
    ) -> PolicyEvaluation {
        var definiteAllow = false
        var allowing: [PolicyStatement] = []
        var conditionalDenies: [PolicyStatement] = []
        for statement in documents.flatMap(\.statements) {
            guard let applies = statement.applicability(action: action, resource: resource, context: context) else {
                continue
            }
            switch (statement.effect, applies) {
            case (.deny, .definite):
                return PolicyEvaluation(decision: .explicitDeny, isConditional: false,
                                        allowingStatements: [], conditionalDenies: [])
            case (.deny, .conditional):
                conditionalDenies.append(statement)
            case (.allow, .definite):
                definiteAllow = true
                allowing.append(statement)
            case (.allow, .conditional):
                allowing.append(statement)
            }
        }
        if allowing.isEmpty {
            return PolicyEvaluation(decision: .implicitDeny, isConditional: false,
                                    allowingStatements: [], conditionalDenies: conditionalDenies)
        }
        return PolicyEvaluation(decision: .allowed, isConditional: !definiteAllow || !conditionalDenies.isEmpty,
                                allowingStatements: allowing, conditionalDenies: conditionalDenies)
    }
}

enum Applicability {
    case definite
    case conditional
}

extension PolicyStatement {
    /// Whether the statement covers the action (case-insensitive) — `NotAction` covers every other.
    public func coversAction(_ action: String) -> Bool {
        switch actions {
        case .only(let p): return p.contains { Wildcard.matches(pattern: $0, action, caseInsensitive: true) }
        case .except(let p): return !p.contains { Wildcard.matches(pattern: $0, action, caseInsensitive: true) }
        }
    }

    /// nil: does not cover; otherwise whether the match leaned on a policy variable.
    func resourceMatch(_ resource: String) -> Applicability? {
        guard let resources else { return .definite }  // resource/trust policy: its own resource
        switch resources {
        case .only(let p):
            let hits = p.filter { Wildcard.matches(pattern: $0, resource, caseInsensitive: false) }
            if hits.isEmpty { return nil }
            return hits.contains { !Wildcard.containsPolicyVariable($0) } ? .definite : .conditional
        case .except(let p):
            let hits = p.filter { Wildcard.matches(pattern: $0, resource, caseInsensitive: false) }
            if hits.contains(where: { !Wildcard.containsPolicyVariable($0) }) { return nil }
            return hits.isEmpty && !p.contains(where: Wildcard.containsPolicyVariable) ? .definite : .conditional
        }
    }

    func applicability(action: String, resource: String, context: RequestContext) -> Applicability? {
        guard coversAction(action), let r = resourceMatch(resource) else { return nil }
        switch ConditionEvaluator.evaluate(conditions, context: context) {
        case .false: return nil
        case .unknown: return .conditional
        case .true: return r
        }
    }
}
