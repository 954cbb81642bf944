import PalisadeIAM
import PalisadeModel

extension GraphBuilder {
    /// `instance -has_role-> role` via iamInstanceProfileArn → instance profile → roleArns.
    static func instanceRoleEdges(_ index: ResourceIndex) -> [GraphEdge] {
        var edges: [GraphEdge] = []
        for instance in index.ofType("aws.ec2.instance") {
            guard let profileArn = instance.properties["iamInstanceProfileArn"]?.stringValue,
                  let profile = index.byID[profileArn] else { continue }
            for roleArn in (profile.properties["roleArns"]?.arrayValue ?? []).compactMap(\.stringValue)
            where index.byID[roleArn] != nil {
                edges.append(GraphEdge(src: instance.id, dst: roleArn, kind: GraphVocabulary.hasRole,
                                       evidence: "instance profile \(profile.name) carries role \(roleArn)"))
            }
        }
        return edges
    }

    /// `role -can_read-> bucket` / `role -can_write-> bucket` from the role's attached and inline policies.
    static func dataAccessEdges(_ index: ResourceIndex) -> [GraphEdge] {
        var edges: [GraphEdge] = []
        let buckets = index.ofType("aws.s3.bucket")
        for role in index.ofType("aws.iam.role") {
            let policies = namedPolicies(role)
            guard !policies.isEmpty else { continue }
            for bucket in buckets {
                let name = bucket.properties["name"]?.stringValue ?? bucket.name
                let objects = "arn:aws:s3:::\(name)/*"
                let bucketArn = "arn:aws:s3:::\(name)"
                if let why = access(policies, [("s3:GetObject", objects), ("s3:ListBucket", bucketArn)]) {
                    edges.append(GraphEdge(src: role.id, dst: bucket.id, kind: GraphVocabulary.canRead, evidence: why))
                }
                if let why = access(policies, [("s3:PutObject", objects)]) {
                    edges.append(GraphEdge(src: role.id, dst: bucket.id, kind: GraphVocabulary.canWrite, evidence: why))
                }
            }
        }
        return edges
    }

    /// `user|role -admin-> account` when their policies together grant administrator access.
    static func adminEdges(_ index: ResourceIndex) -> [GraphEdge] {
        var edges: [GraphEdge] = []
        for principal in index.ofType("aws.iam.role") + index.ofType("aws.iam.user") {
            let policies = namedPolicies(principal)
            guard PolicyEvaluator.grantsAdmin(policies.map(\.document)) else { continue }
            let names = policies.filter { PolicyEvaluator.grantsAdmin($0.document) }.map(\.name)
            edges.append(GraphEdge(
                src: principal.id, dst: GraphVocabulary.accountNodeID(principal.account), kind: GraphVocabulary.admin,
                evidence: "policies grant administrator access: " + (names.isEmpty ? "combined" : names.joined(separator: ", "))))
        }
        return edges
    }

    struct NamedPolicy {
        var name: String
        var document: PolicyDocument
    }

    /// Attached + inline documents that parse; a document that does not parse grants nothing here
    /// (the assessor reports it), so the graph can only under-report for that principal.
    static func namedPolicies(_ principal: Resource) -> [NamedPolicy] {
        var out: [NamedPolicy] = []
        for key in ["attachedPolicies", "inlinePolicies"] {
            for entry in principal.properties[key]?.arrayValue ?? [] {
                guard let raw = entry["document"], let doc = try? PolicyDocument(json: raw) else { continue }
                out.append(NamedPolicy(name: entry["policyName"]?.stringValue ?? key, document: doc))
            }
        }
        return out
    }

    /// Evidence when any (action, resource) pair is allowed by the combined policies, else nil.
    static func access(_ policies: [NamedPolicy], _ requests: [(String, String)]) -> String? {
        let docs = policies.map(\.document)
        for (action, resource) in requests {
            let e = PolicyEvaluator.evaluation(documents: docs, action: action, resource: resource)
            guard e.decision == .allowed else { continue }
            let names = policies.filter {
                PolicyEvaluator.evaluation(documents: [$0.document], action: action, resource: resource).decision == .allowed
            }.map(\.name)
            let via = names.isEmpty ? "" : " via \(names.joined(separator: ", "))"
            return "allows \(action) on \(resource)\(via)" + (e.isConditional ? " (conditionally)" : "")
        }
        return nil
    }
}
