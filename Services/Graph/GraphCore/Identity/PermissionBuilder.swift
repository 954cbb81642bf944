import PalisadeIAM
import PalisadeModel

/// Permission edges: principal → data store, secret, key or account (docs/graph.md § Permissions).
enum PermissionBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        let buckets = index.ofType("aws.s3.bucket")
        for principal in index.ofType("aws.iam.role") + index.ofType("aws.iam.user") {
            let docs = policies(principal)
            guard !docs.isEmpty else { continue }
            for bucket in buckets {
                let name = bucket.properties["name"]?.stringValue ?? bucket.name
                if PolicyEvaluator.allows(docs, action: "s3:GetObject", resource: "arn:aws:s3:::\(name)/*") {
                    g.addEdge(GraphEdge(src: principal.id, dst: bucket.id, kind: GraphVocabulary.canRead,
                                        evidence: "allows s3:GetObject on arn:aws:s3:::\(name)/*"))
                }
                if PolicyEvaluator.allows(docs, action: "s3:PutObject", resource: "arn:aws:s3:::\(name)/*") {
                    g.addEdge(GraphEdge(src: principal.id, dst: bucket.id, kind: GraphVocabulary.canWrite,
                                        evidence: "allows s3:PutObject on arn:aws:s3:::\(name)/*"))
                }
            }
            if PolicyEvaluator.grantsAdmin(docs) {
                g.addEdge(GraphEdge(src: principal.id, dst: GraphVocabulary.accountNodeID(principal.account),
                                    kind: GraphVocabulary.administers, evidence: "policies grant administrator access"))
            }
        }
    }

    static func policies(_ principal: Resource) -> [PolicyDocument] {
        ["attachedPolicies", "inlinePolicies"].flatMap { key in
            (principal.properties[key]?.arrayValue ?? []).compactMap { entry in
                entry["document"].flatMap { try? PolicyDocument(json: $0) }
            }
        }
    }
}
