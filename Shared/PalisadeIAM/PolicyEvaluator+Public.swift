/// Whether a resource or trust policy lets anyone (any AWS account, or anonymous callers) in.
///
/// An Allow statement is public when its principal is `"*"`, `{"AWS": "*"}` (or a list holding
/// `"*"`), or when it uses `NotPrincipal` (everyone except the listed), unless a condition restricts
/// *who* may call. Conditions that restrict are positive tests (`StringEquals`, `StringLike`,
/// `ArnEquals`, `ArnLike`, `IpAddress`, optionally `ForAnyValue:`) with non-wildcard values on
/// `aws:SourceIp`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
/// `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`, `aws:PrincipalArn`.
/// `...IfExists` variants do not restrict (a caller without the key passes), nor do `0.0.0.0/0`,
/// `::/0`, `"*"` or ARNs whose account field is `*`.
///
/// `aws:SecureTransport` does NOT restrict: requiring TLS says how the caller connects, not who the
/// caller is — a policy that allows `*` over HTTPS only is still public.
///
/// The common "allow everyone, then deny everyone not from my VPC endpoint / IP / org" pattern is
/// recognised: an Allow is not public when a Deny for everyone covers all of its actions and
/// resources and carries only negated (`StringNotEquals`, `NotIpAddress`, ...) restricting conditions.
extension PolicyEvaluator {
    public static func isPublic(_ document: PolicyDocument) -> Bool {
        !publicStatements(document).isEmpty
    }

    /// The Allow statements that make the policy public.
    public static func publicStatements(_ document: PolicyDocument) -> [PolicyStatement] {
        let denies = document.statements.filter { $0.effect == .deny && restrictingDeny($0) }
        return document.statements.filter { s in
            guard s.effect == .allow else { return false }
            let everyone = (s.principal?.includesEveryone ?? false) || s.notPrincipal != nil
            guard everyone, !s.conditions.contains(where: { restricts($0, negated: false) }) else { return false }
            return !denies.contains { covers(deny: $0, allow: s) }
        }
    }

    static let restrictingKeys: Set<String> = [
        "aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:principalorgid", "aws:principalaccount",
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:principalarn",
    ]

    static let positiveOperators: Set<String> = [
        "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress",
    ]
    static let negatedOperators: Set<String> = [
        "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress",
    ]

    /// Whether one clause narrows the set of callers (positive form for Allow, negated for Deny).
    static func restricts(_ clause: ConditionClause, negated: Bool) -> Bool {
        let op = ConditionEvaluator.Operator(clause.op)
        guard restrictingKeys.contains(clause.key.lowercased()), op.setMode != .allValues else { return false }
        if negated {
            // In a Deny, `IfExists` makes the deny apply to callers without the key too: still restricting.
            guard negatedOperators.contains(op.base) else { return false }
        } else {
            guard positiveOperators.contains(op.base), !op.ifExists else { return false }
        }
        return !clause.values.isEmpty && !clause.values.contains { isWildcardValue($0, key: clause.key) }
    }

    static func isWildcardValue(_ value: String, key: String) -> Bool {
        if value.allSatisfy({ $0 == "*" || $0 == "?" }) { return true }
        if value == "0.0.0.0/0" || value == "::/0" { return true }
        let k = key.lowercased()
        if k == "aws:principalarn" || k == "aws:sourcearn" {
            let fields = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if fields.count >= 5, !fields[4].isEmpty, fields[4].allSatisfy({ $0 == "*" || $0 == "?" }) { return true }
        }
        return false
    }

    static func restrictingDeny(_ s: PolicyStatement) -> Bool {
        let everyone = s.principal?.includesEveryone ?? true
        return everyone && !s.conditions.isEmpty && s.conditions.allSatisfy { restricts($0, negated: true) }
    }

    /// Whether the Deny applies to every action and resource the Allow grants.
    static func covers(deny: PolicyStatement, allow: PolicyStatement) -> Bool {
        let actionsCovered: Bool
        switch allow.actions {
        case .only(let granted):
            actionsCovered = granted.allSatisfy { deny.coversActionPattern($0) }
        case .except:
            if case .only(let denied) = deny.actions { actionsCovered = denied.contains("*") } else { actionsCovered = false }
        }
        guard actionsCovered else { return false }
        guard let denied = deny.resources else { return true }
        guard case .only(let deniedPatterns) = denied else { return false }
        guard let allowed = allow.resources, case .only(let allowedPatterns) = allowed else {
            return deniedPatterns.contains("*")
        }
        return allowedPatterns.allSatisfy { a in
            deniedPatterns.contains { Wildcard.matches(pattern: $0, a, caseInsensitive: false) }
        }
    }
}

extension PolicyStatement {
    /// Whether the statement covers every action an action *pattern* may name (the pattern's own
    /// wildcards are read literally: `s3:*` covers `s3:Get*`, `s3:GetObject` does not).
    func coversActionPattern(_ pattern: String) -> Bool {
        switch actions {
        case .only(let p): return p.contains { Wildcard.matches(pattern: $0, pattern, caseInsensitive: true) }
        case .except(let p):
            // Covered unless some excluded action could overlap the pattern.
            return !p.contains { excluded in
                Wildcard.matches(pattern: excluded, pattern, caseInsensitive: true)
                    || Wildcard.matches(pattern: pattern, excluded, caseInsensitive: true)
            }
        }
    }
}
