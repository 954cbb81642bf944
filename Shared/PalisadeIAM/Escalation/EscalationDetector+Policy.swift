/// Per-policy detection (the `privesc_methods` check built-in): which methods one policy document (or several
/// evaluated together) enables on its own, in one account.
extension EscalationDetector {
    /// Methods enabled by `documents` alone, in catalogue order.
    ///
    /// There are no concrete targets, so each kind of target stands as a wildcard ARN in `account`
    /// (`arn:aws:iam::<account>:user/*`), plus every narrower resource an Allow statement names for the
    /// method's actions that falls inside it (`role/app-*`): a method counts when some such target lets all its
    /// actions through, Denies included. A statement scoped to another account's or an AWS-managed policy does not
    /// count. Without an account, the account part is a wildcard. Undecided conditions count as allowing (the
    /// built-in over-approximates, like `policy_allows`).
    public static func methods(in documents: [PolicyDocument], account: String? = nil) -> [EscalationMethod] {
        let acct = account ?? "*"
        let identity = documents.enumerated().map {
            SourcedPolicy(source: "document#\($0.offset)", name: "document", document: $0.element)
        }
        let allows = documents.flatMap(\.statements).filter { $0.effect == .allow }
        func candidates(_ representative: String, for actions: [String]) -> [String] {
            var out = [representative]
            for s in allows where actions.contains(where: s.coversAction) {
                guard case .only(let patterns)? = s.resources else { continue }
                for p in patterns where !out.contains(p) && Wildcard.matches(pattern: representative, p, caseInsensitive: false) {
                    out.append(p)
                }
            }
            return out
        }
        return EscalationCatalog.all.filter { method in
            let kind: PrincipalPolicies.Kind = method.principalKinds.contains(.user) ? .user : .role
            let principal = PrincipalPolicies(arn: "arn:aws:iam::\(acct):\(kind == .user ? "user" : "role")/*",
                                              account: acct, kind: kind, identity: identity)
            guard mightApply(method, to: principal) else { return false }
            let onTarget = method.allActions.filter(method.isOnTarget)
            let created = method.allActions.filter { !method.isOnTarget($0) }
            var targets = candidates(representativeTarget(method, account: acct, principal: principal.arn), for: onTarget)
            if method.target == .attachedPolicy { targets.removeAll { $0.contains(":iam::aws:policy/") } }
            let creations = created.isEmpty ? [nil] : candidates(
                method.createdResource(in: acct), for: created).map(Optional.some)
            for t in targets {
                for c in creations {
                    let target = ResourceSide(arn: t, account: acct, rules: .identityOnly)
                    let made = c.map { ResourceSide(arn: $0, account: acct, rules: .identityOnly) }
                    if evaluate(method, principal: principal, target: target, created: made) != nil { return true }
                }
            }
            return false
        }
    }

    /// A wildcard ARN standing for every target of the method's kind.
    static func representativeTarget(_ m: EscalationMethod, account a: String, principal: String) -> String {
        switch m.target {
        case .selfPrincipal: return principal
        case .attachedPolicy: return "arn:aws:iam::\(a):policy/*"
        case .otherUser: return "arn:aws:iam::\(a):user/*"
        case .memberGroup, .otherGroup: return "arn:aws:iam::\(a):group/*"
        case .otherRole, .assumableRole, .passableRole: return "arn:aws:iam::\(a):role/*"
        case .workload:
            switch m.workloadType ?? "" {
            case "aws.ec2.instance": return "arn:aws:ec2:*:\(a):instance/*"
            case "aws.ec2.launch_template": return "arn:aws:ec2:*:\(a):launch-template/*"
            case "aws.lambda.function": return "arn:aws:lambda:*:\(a):function:*"
            case "aws.cloudformation.stack": return "arn:aws:cloudformation:*:\(a):stack/*"
            case "aws.codebuild.project": return "arn:aws:codebuild:*:\(a):project/*"
            case "aws.glue.dev_endpoint": return "arn:aws:glue:*:\(a):devEndpoint/*"
            case "aws.sagemaker.notebook_instance": return "arn:aws:sagemaker:*:\(a):notebook-instance/*"
            case "aws.apprunner.service": return "arn:aws:apprunner:*:\(a):service/*"
            default: return "*"
            }
        }
    }
}
