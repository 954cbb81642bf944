import PalisadeIAM
import PalisadeModel

/// `can_assume` edges: who may assume each role (docs/graph.md § Effective permissions, trust).
/// - inventory users and roles: `TrustEvaluation.canAssume` (trust naming the ARN grants alone in the same
///   account; account-root trust needs an identity Allow of `sts:AssumeRole`; Deny, boundary and SCPs apply;
///   a trust that requires MFA removes role callers — a role session carries none);
/// - AWS services → `service:<name>` (informational: the service runs code as the role);
/// - `"*"` without a condition restricting the caller → `principal:*` (entry "role trusting any principal");
/// - other accounts → their external-account node; identity providers (`Federated`) → a node for the provider.
/// Candidates are only the principals the trust names, or (account trust) those with an identity Allow of
/// `sts:AssumeRole` whose resource pattern matches the role, or everyone for `"*"`.
enum TrustBuilder {
    static func build(_ index: ResourceIndex, principals: Principals, evidence: PolicyEvidence,
                      into g: inout GraphAccumulator) {
        // Principals with an identity Allow that could cover sts:AssumeRole, with its resource patterns.
        var assumers: [(PrincipalPolicies, [String]?)] = []
        for p in principals.ordered {
            var patterns: [String]? = []
            for s in p.identity.flatMap(\.document.statements) where s.effect == .allow && s.coversAction("sts:AssumeRole") {
                if case .only(let r)? = s.resources { patterns?.append(contentsOf: r) } else { patterns = nil }
            }
            if patterns == nil || !(patterns ?? []).isEmpty { assumers.append((p, patterns)) }
        }
        // Roles are decided independently, on every core; their edges are added in role order (`GraphOps`).
        let roles = index.ofType("aws.iam.role")
        var parts = ParallelSlices.map(count: roles.count) { [assumers] range -> GraphOps in
            var ops = GraphOps()
            for role in roles[range] { Self.role(role, index: index, principals: principals, assumers: assumers,
                                                 evidence: evidence, into: &ops) }
            return ops
        }
        GraphOps.replay(&parts, into: &g)
    }

    static func role(_ role: Resource, index: ResourceIndex, principals: Principals,
                     assumers: [(PrincipalPolicies, [String]?)], evidence: PolicyEvidence, into g: inout some GraphSink) {
        guard let raw = role.properties["assumeRolePolicy"], !raw.isNull else {
            if let why = role.unknown["assumeRolePolicy"] { g.problem(role.id, "trust policy", "not collected: \(why)") }
            return
        }
        let trust: SourcedPolicy
        do {
            trust = SourcedPolicy(source: "\(role.id)#trust", name: "\(role.name) trust policy",
                                  document: try PolicyDocument(json: raw))
        } catch {
            g.problem(role.id, "trust policy", "\(error); nobody is shown able to assume the role")
            return
        }
        let side = TrustEvaluation.roleSide(arn: role.id, account: role.account, trust: trust)
        var candidates: Set<String> = []
        var everyone = false
        for s in trust.document.statements where s.effect == .allow {
            if s.notPrincipal != nil || s.principal?.includesEveryone == true { everyone = true; continue }
            for v in s.principal?.awsValues ?? [] {
                if principals.byARN[v] != nil { candidates.insert(v) }
                if namesAccount(v, role.account) {
                    for (p, patterns) in assumers where patterns.map({ ps in ps.contains {
                        Wildcard.matches(pattern: $0, role.id, caseInsensitive: false) || Wildcard.containsPolicyVariable($0)
                    } }) ?? true {
                        candidates.insert(p.arn)
                    }
                }
            }
        }
        let callers = everyone ? principals.ordered.map(\.arn) : candidates.sorted()
        for arn in callers where arn != role.id {
            guard let p = principals.byARN[arn] else { continue }
            let d = TrustEvaluation.canAssume(p, role: side)
            guard d.isAllowed, !d.grants.isEmpty else { continue }
            g.addEdge(GraphEdge(src: arn, dst: role.id, kind: GraphVocabulary.canAssume,
                                evidence: "\(d.reason): sts:AssumeRole on \(role.id)",
                                details: d.grants.map { evidence.evidence($0, action: "sts:AssumeRole", resource: role.id,
                                                                          side: nil, document: trust.document) },
                                conditional: d.outcome == .conditional, conditions: d.conditions,
                                unknown: principals.unknownReason(arn)))
        }
        for t in TrustEvaluation.trustees(trust, roleAccount: role.account) {
            let node: GraphNode
            switch t.kind {
            case .service(let name):
                node = GraphNode(id: GraphVocabulary.servicePrincipalID(name), kind: GraphVocabulary.servicePrincipalKind,
                                 label: name)
            case .anyone:
                node = GraphNode(id: GraphVocabulary.anyPrincipalID, kind: GraphVocabulary.anyPrincipalKind,
                                 label: "any principal")
            case .externalAccount(let acct):
                node = GraphNode(id: GraphVocabulary.externalAccountID(acct), kind: GraphVocabulary.externalAccountKind,
                                 label: "account \(acct)", account: acct, region: "global")
            case .federated(let provider):
                node = GraphNode(id: index.byID[provider] != nil ? provider : "federated:\(provider)",
                                 kind: "aws.identity_provider", label: provider)
            }
            g.addNode(node)
            if case .anyone = t.kind {
                g.addInsight(role.id, NodeInsight(kind: GraphVocabulary.publicAccess,
                                                  detail: "trust policy lets any principal assume the role (\(t.statement.label))"))
            }
            g.addEdge(GraphEdge(src: node.id, dst: role.id, kind: GraphVocabulary.canAssume,
                                evidence: "trust policy admits \(node.label)",
                                details: [evidence.evidence(t.statement, action: "sts:AssumeRole", resource: role.id,
                                                            side: nil, document: trust.document)],
                                conditional: !t.conditions.isEmpty, conditions: t.conditions))
        }
    }

    static func namesAccount(_ v: String, _ account: String) -> Bool {
        v == account || v == "arn:aws:iam::\(account):root"
    }
}
