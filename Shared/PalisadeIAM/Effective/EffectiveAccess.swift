/// AWS's policy evaluation for one principal, one action, one resource (docs/graph.md § Effective permissions):
/// explicit Deny anywhere wins; SCPs and the permission boundary only limit; in the same account an identity Allow
/// or a resource-policy Allow naming the principal grants (KMS: identity policies count only when the key policy
/// enables IAM); across accounts both sides must allow.
///
/// Boundaries and resource policies (IAM User Guide, policy evaluation within one account): a same-account
/// resource-policy Allow naming the **user ARN** or the **role-session ARN** is not limited by the boundary; one
/// naming the **role ARN**, `"*"` or the account is.
public enum EffectiveAccess {
    public static func decide(_ principal: PrincipalPolicies, action: String, resource: ResourceSide,
                              context extra: RequestContext = RequestContext()) -> AccessDecision {
        let ctx = StatementScan.context(principal, resource, extra)
        let p = principal
        func scan(_ policy: SourcedPolicy, _ effect: PolicyEffect, resourcePolicy: Bool = false,
                  skip: Set<Int> = []) -> [StatementHit] {
            StatementScan.hits(policy, effect: effect, principal: p, action: action, resource: resource.arn,
                               context: ctx, resourcePolicy: resourcePolicy, skip: skip)
        }

        // 1. Deny anywhere: identity, boundary, SCPs, the resource policy.
        var denyHits: [StatementHit] = []
        for policy in p.identity + (p.boundary.map { [$0] } ?? []) + p.scps.flatMap({ $0 }) {
            denyHits += scan(policy, .deny)
        }
        if let rp = resource.policy { denyHits += scan(rp, .deny, resourcePolicy: true) }
        if let deny = denyHits.first(where: { $0.open.isEmpty }) {
            return AccessDecision(outcome: .explicitDeny, denies: denyHits.filter { $0.open.isEmpty }.map(\.ref),
                                  reason: "explicit Deny: \(deny.ref.label)")
        }
        let maybeDenies = denyHits

        // 2. Every SCP level must allow (they limit principals of member accounts; anonymous callers have none).
        var scp = Route.unlimited
        for (level, policies) in p.scps.enumerated() {
            guard let r = Route.allow(policies.flatMap { scan($0, .allow) }) else {
                return AccessDecision(outcome: .implicitDeny,
                                      reason: "no SCP at organization level \(level) allows \(action)")
            }
            scp = Route(refs: [], open: Route.unique(scp.open + r.open))
        }

        // 3. The grants.
        let boundary: Route? = p.boundary.map { Route.allow(scan($0, .allow)) } ?? Route.unlimited
        let boundaryLimit = boundary.map { Route(refs: [], open: $0.open) }
        let identity = Route.allow(p.identity.flatMap { scan($0, .allow) })
        let skip = neutralised(resource)
        var resourceHits = resource.policy.map { scan($0, .allow, resourcePolicy: true, skip: skip) } ?? []
        resourceHits += aclHits(resource, p, action: action)
        let delegated = resourceHits.filter { $0.match == .account }
        let namesCaller = resourceHits.filter { $0.match != .account }
        let sameAccount = p.account == resource.account
        let rpbBlocksCrossAccount = !skip.isEmpty && !sameAccount

        var route: Route?
        var why = ""
        if p.kind == .anonymous || p.kind == .service {
            route = Route.allow(namesCaller)
            why = route == nil ? "no resource policy allows \(p.kind == .service ? p.arn : "anonymous callers")" : ""
        } else if sameAccount {
            var identityRoute = Route.and(identity, boundaryLimit)
            if case .kmsKey = resource.rules {
                let enable: Route?
                if resource.policy == nil {
                    enable = Route(refs: [], open: ["key policy not collected: identity policies count only if it enables IAM"])
                } else {
                    enable = Route.allow(delegated)
                }
                if identityRoute != nil && enable == nil { why = "the key policy does not enable IAM policies for \(action)" }
                identityRoute = Route.and(identityRoute, enable)
            }
            let exempt = namesCaller.filter {
                (p.kind == .user && $0.match == .direct(sessionARN: false)) || $0.match == .direct(sessionARN: true)
            }
            let limited = namesCaller.filter { !exempt.contains($0) }
            let resourceRoute = Route.or(Route.allow(exempt), Route.and(Route.allow(limited), boundaryLimit))
            route = Route.or(identityRoute, resourceRoute)
            if route == nil && why.isEmpty {
                if identity != nil || !limited.isEmpty { why = "the permission boundary does not allow \(action)" }
                else { why = "no identity or resource policy allows \(action)" }
            }
        } else {
            if rpbBlocksCrossAccount {
                return AccessDecision(outcome: .implicitDeny,
                                      reason: "Block Public Access (RestrictPublicBuckets) blocks cross-account access to a bucket with a public policy")
            }
            let other = Route.allow(resourceHits)
            route = Route.and(Route.and(identity, boundaryLimit), other)
            if route == nil {
                if identity == nil { why = "cross-account: no identity policy of \(p.account) allows \(action)" }
                else if boundaryLimit == nil { why = "the permission boundary does not allow \(action)" }
                else { why = "cross-account: the resource policy of \(resource.account) does not allow the caller" }
            }
        }
        guard var granted = Route.and(route, scp) else {
            if let unknown = resource.policyUnknown {
                return AccessDecision(outcome: .conditional, conditions: ["resource policy unknown: \(unknown)"],
                                      reason: "\(why); the resource policy could not be read")
            }
            return AccessDecision(outcome: .implicitDeny, reason: why.isEmpty ? "nothing allows \(action)" : why)
        }

        // 4. Denies that might apply keep the decision open.
        for d in maybeDenies {
            granted.open.append("unless \(d.ref.label) denies: " + d.open.joined(separator: " AND "))
        }
        if let unknown = resource.policyUnknown, !sameAccount || p.kind == .anonymous {
            granted.open.append("resource policy unknown: \(unknown)")
        }
        let layer = granted.refs.contains { $0.source == resource.policy?.source || $0.source.hasSuffix("#acl") }
            ? "resource policy" : "identity policy"
        return AccessDecision(outcome: granted.open.isEmpty ? .allowed : .conditional, grants: granted.refs,
                              denies: maybeDenies.map(\.ref), conditions: Route.unique(granted.open),
                              reason: granted.open.isEmpty ? "\(layer) allows \(action)"
                                  : "\(layer) allows \(action) if the conditions hold")
    }
}
