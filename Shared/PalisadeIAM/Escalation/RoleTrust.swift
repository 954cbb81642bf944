/// What a role's trust policy says about one caller — enough for escalation, not a full evaluation: an Allow of
/// `sts:AssumeRole` whose `Principal` names the caller (its ARN, its account's root or id, `*`) or the service,
/// unless a Deny for the same caller covers it without conditions.
public enum RoleTrust {
    public struct Match: Sendable, Hashable {
        /// The Allow statement that admits the caller.
        public var index: Int
        public var sid: String?
        /// True when the statement names the caller's ARN itself: in the same account that grants on its own,
        /// without an identity-policy Allow of `sts:AssumeRole`.
        public var direct: Bool
        /// The statement's condition clauses, rendered; non-empty means the trust is conditional.
        public var conditions: [String]
    }

    /// The first Allow admitting the principal `arn` of `account`, or nil.
    public static func admits(_ trust: PolicyDocument, principal arn: String, account: String) -> Match? {
        let names = [arn, "arn:aws:iam::\(account):root", account]
        return first(trust) { spec in
            guard case .specific(let map) = spec else { return spec.includesEveryone ? false : nil }
            let listed = map["AWS"] ?? []
            if listed.contains(arn) { return true }
            if listed.contains("*") || listed.contains(where: names.contains) { return false }
            return nil
        }
    }

    /// The first Allow admitting the AWS service (`ec2.amazonaws.com`), or nil.
    public static func admits(_ trust: PolicyDocument, service: String) -> Match? {
        first(trust) { spec in
            guard case .specific(let map) = spec else { return spec.includesEveryone ? false : nil }
            return (map["Service"] ?? []).contains(service) ? false : nil
        }
    }

    /// `names` gives nil when the principal spec does not name the caller, else whether it names it directly.
    private static func first(_ trust: PolicyDocument, _ names: (PrincipalSpec) -> Bool?) -> Match? {
        let denied = trust.statements.contains { s in
            s.effect == .deny && s.conditions.isEmpty && s.coversAction("sts:AssumeRole")
                && s.principal.flatMap(names) != nil
        }
        if denied { return nil }
        for (i, s) in trust.statements.enumerated() where s.effect == .allow && s.coversAction("sts:AssumeRole") {
            guard let spec = s.principal, let direct = names(spec) else { continue }
            return Match(index: i, sid: s.sid, direct: direct, conditions: s.conditions.map(render))
        }
        return nil
    }

    /// `StringEquals sts:ExternalId = [abc]`.
    static func render(_ c: ConditionClause) -> String { "\(c.op) \(c.key) = [\(c.values.joined(separator: ", "))]" }
}
