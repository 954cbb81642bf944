import PalisadeIAM
import PalisadeModel

/// Permission edges: principal → data store, secret, key or account, decided by `EffectiveAccess` (identity
/// policies, boundary, SCPs, resource and key policies, Block Public Access, ACLs, conditions); public grants as
/// edges from `principal:*`; then the trust edges (`TrustBuilder`). docs/graph.md § Effective permissions.
///
/// Scaling: a principal is only decided against the targets one of its Allow statements could reach
/// (`CandidateIndex`: binary search on the literal prefix of each resource pattern) or whose resource policy names
/// it; so the work is the number of (principal, target) pairs a statement actually covers, not principals × targets.
enum PermissionBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        var problems: [GraphProblem] = []
        let principals = Principals(index, problems: &problems)
        for p in problems { g.problem(p.resource, p.element, p.reason) }
        let evidence = PolicyEvidence(index)
        let targets = PermissionTarget.all(index, into: &g)
        let candidates = CandidateIndex(targets)
        let actions = Set(targets.flatMap { $0.checks.map { $0.action.lowercased() } })

        // Targets whose resource policy names each principal directly, and those that name everyone. Keyed by the
        // principal: looking a principal up in every target's names instead was principals × targets set lookups
        // (billions at 1,000,000 resources in the bench's estate).
        var namedTargets: [String: Set<Int>] = [:]
        var everyoneTargets: Set<Int> = []
        for (i, t) in targets.enumerated() {
            guard let doc = t.side.policy?.document else { continue }
            for s in doc.statements where s.effect == .allow {
                if s.notPrincipal != nil || s.principal?.includesEveryone == true { everyoneTargets.insert(i); continue }
                for v in s.principal?.awsValues ?? [] {
                    if principals.byARN[v] != nil { namedTargets[v, default: []].insert(i) }
                    if v.contains(":assumed-role/") {
                        let name = v.split(separator: "/").dropFirst().first.map(String.init) ?? ""
                        for p in principals.ordered where p.kind == .role && p.arn.hasSuffix("/\(name)") {
                            namedTargets[p.arn, default: []].insert(i)
                        }
                    }
                }
            }
        }

        // Principals are decided independently, on every core; their edges are added in principal order, as a
        // sequential build adds them (the most of a large account's build is here).
        let ordered = principals.ordered
        var parts = ParallelSlices.map(count: ordered.count) { [namedTargets, everyoneTargets] range -> GraphOps in
            var ops = GraphOps()
            for p in ordered[range] {
                var reach = everyoneTargets
                for policy in p.identity {
                    for s in policy.document.statements where s.effect == .allow {
                        guard actions.contains(where: { s.coversAction($0) }) else { continue }
                        switch s.resources {
                        case .only(let patterns)?: reach.formUnion(candidates.targets(matching: patterns))
                        default: reach.formUnion(candidates.targets(matching: nil))
                        }
                    }
                }
                if let named = namedTargets[p.arn] { reach.formUnion(named) }
                for i in reach.sorted() {
                    addEdges(from: p.arn, principal: p, target: targets[i], evidence: evidence,
                             unknown: principals.unknownReason(p.arn), into: &ops)
                }
                admin(p, evidence: evidence, unknown: principals.unknownReason(p.arn), into: &ops)
            }
            return ops
        }
        GraphOps.replay(&parts, into: &g)

        // Public grants: anyone, anonymous callers included, after Block Public Access and ACL settings.
        let anyone = PrincipalPolicies(arn: "*", account: "", kind: .anonymous)
        for t in targets where t.side.policy != nil || !t.side.aclGrants.isEmpty {
            addEdges(from: GraphVocabulary.anyPrincipalID, principal: anyone, target: t, evidence: evidence,
                     unknown: nil, publicOnly: true, into: &g)
        }
        TrustBuilder.build(index, principals: principals, evidence: evidence, into: &g)
    }

    static func addEdges(from src: String, principal p: PrincipalPolicies, target t: PermissionTarget,
                         evidence: PolicyEvidence, unknown: String?, publicOnly: Bool = false,
                         into g: inout some GraphSink) {
        let publicIdx: Set<Int> = t.side.policy.map { policy in
            let pub = Set(PolicyEvaluator.publicStatements(policy.document))
            return Set(policy.document.statements.indices.filter { pub.contains(policy.document.statements[$0]) })
        } ?? []
        for check in t.checks {
            let d = EffectiveAccess.decide(p, action: check.action,
                                           resource: ResourceSide(arn: check.resource, account: t.side.account,
                                                                  policy: t.side.policy, rules: t.side.rules,
                                                                  aclGrants: t.side.aclGrants,
                                                                  ignorePublicAcls: t.side.ignorePublicAcls,
                                                                  policyUnknown: t.side.policyUnknown))
            guard d.isAllowed, !d.grants.isEmpty else { continue }
            if publicOnly {
                let isPublic = d.grants.contains { ref in
                    ref.source.hasSuffix("#acl") || (ref.source == t.side.policy?.source && publicIdx.contains(ref.index))
                }
                guard isPublic else { continue }
            }
            if src == GraphVocabulary.anyPrincipalID {
                addAnyPrincipalNode(&g)
                g.addInsight(t.resource.id, NodeInsight(kind: GraphVocabulary.publicAccess,
                                                        detail: "\(check.action) for anyone (\(d.grants.map(\.label).joined(separator: ", ")))"))
            }
            let details = d.grants.map { evidence.evidence($0, action: check.action, resource: check.resource, side: t.side,
                                                           document: nil) }
            g.addEdge(GraphEdge(src: src, dst: t.resource.id, kind: check.edge,
                                evidence: "\(d.reason): \(check.action) on \(check.resource)", details: details,
                                conditional: d.outcome == .conditional, conditions: d.conditions,
                                permissions: [check.action], unknown: unknown))
        }
    }

    static func admin(_ p: PrincipalPolicies, evidence: PolicyEvidence, unknown: String?, into g: inout some GraphSink) {
        let d = EffectiveAccess.administers(p)
        guard d.isAllowed else { return }
        let account = GraphVocabulary.accountNodeID(p.account)
        g.addNode(GraphNode(id: account, kind: GraphVocabulary.accountKind, label: "account \(p.account)",
                            account: p.account, region: "global"))
        g.addEdge(GraphEdge(src: p.arn, dst: account, kind: GraphVocabulary.administers, evidence: d.reason,
                            details: d.grants.map { evidence.evidence($0, action: "*", resource: "*", side: nil, document: nil) },
                            conditional: d.outcome == .conditional, conditions: d.conditions, unknown: unknown))
        g.addInsight(p.arn, NodeInsight(kind: GraphVocabulary.admin,
                                        detail: d.grants.map(\.label).joined(separator: ", ")))
    }

    static func addAnyPrincipalNode(_ g: inout some GraphSink) {
        g.addNode(GraphNode(id: GraphVocabulary.anyPrincipalID, kind: GraphVocabulary.anyPrincipalKind,
                            label: "any principal"))
    }
}
