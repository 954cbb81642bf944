/// How the `Principal` of a resource, key or trust policy statement names the caller. It decides what the
/// statement can grant on its own (docs/graph.md § Effective permissions):
/// - `.direct`: the caller's own user or role ARN, or its role-session ARN (`arn:aws:sts::<acct>:assumed-role/<role>/*`);
/// - `.everyone`: `"*"` / `{"AWS": "*"}` (anonymous callers included) or a `NotPrincipal` that does not exclude it;
/// - `.account`: the caller's account (`arn:aws:iam::<acct>:root` or the bare id) — in the same account this
///   *delegates* to IAM: the caller's identity policies decide;
/// - `.service`: the caller is the AWS service named under `Service`.
enum PrincipalMatch: Sendable, Hashable {
    case direct(sessionARN: Bool)
    case everyone
    case account
    case service

    /// nil: the statement does not apply to this caller.
    static func of(_ s: PolicyStatement, _ p: PrincipalPolicies) -> PrincipalMatch? {
        if let spec = s.principal { return match(spec, p) }
        if let not = s.notPrincipal {
            // NotPrincipal: everyone except those listed. With Deny, AWS always denies a principal that has a
            // permissions boundary, whatever is listed (IAM User Guide, permissions boundaries); and a user or
            // role is excluded only if its account is listed too.
            if s.effect == .deny && p.boundary != nil { return .everyone }
            guard let m = match(not, p) else { return .everyone }
            switch m {
            case .everyone, .account, .service: return nil
            case .direct:
                if s.effect == .deny {
                    let accountListed = (not.awsValues).contains { accountOf($0) == p.account && isAccountPrincipal($0) }
                    return accountListed ? nil : .everyone
                }
                return nil
            }
        }
        // Identity-policy statements name no principal: they apply to their holder.
        return .direct(sessionARN: false)
    }

    static func match(_ spec: PrincipalSpec, _ p: PrincipalPolicies) -> PrincipalMatch? {
        switch spec {
        case .anyone: return .everyone
        case .specific(let map):
            if p.kind == .service {
                return (map["Service"] ?? []).contains { $0.lowercased() == p.arn.lowercased() } ? .service : nil
            }
            let aws = map["AWS"] ?? []
            if aws.contains("*") { return .everyone }
            guard p.kind != .anonymous else { return nil }
            if aws.contains(p.arn) { return .direct(sessionARN: false) }
            if p.kind == .role, let session = sessionPrefix(p.arn),
               aws.contains(where: { $0.hasPrefix(session) }) { return .direct(sessionARN: true) }
            if aws.contains(where: { isAccountPrincipal($0) && accountOf($0) == p.account }) { return .account }
            return nil
        }
    }

    /// `arn:aws:iam::111:role/path/name` → `arn:aws:sts::111:assumed-role/name/`.
    static func sessionPrefix(_ roleARN: String) -> String? {
        let parts = roleARN.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[5].hasPrefix("role/") else { return nil }
        let name = parts[5].split(separator: "/").last.map(String.init) ?? ""
        return "arn:\(parts[1]):sts::\(parts[4]):assumed-role/\(name)/"
    }

    static func isAccountPrincipal(_ value: String) -> Bool {
        (value.count == 12 && value.allSatisfy(\.isNumber)) || (value.hasPrefix("arn:") && value.hasSuffix(":root"))
    }

    /// The account an AWS principal value belongs to: a bare id, or the fifth field of an ARN.
    static func accountOf(_ value: String) -> String? {
        if value.count == 12 && value.allSatisfy(\.isNumber) { return value }
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[4]) : nil
    }
}

extension PrincipalSpec {
    /// The `AWS` values (`[]` for `"*"`, which `includesEveryone` covers).
    public var awsValues: [String] {
        if case .specific(let map) = self { return map["AWS"] ?? [] }
        return []
    }
}
