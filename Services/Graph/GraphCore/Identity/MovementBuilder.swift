import PalisadeModel

/// Identity movement: compute → its role, principal → role it can assume, holder of a leaked key → the user
/// (docs/graph.md § Lateral movement).
enum MovementBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        for instance in index.ofType("aws.ec2.instance") {
            guard let profileArn = instance.properties["iamInstanceProfileArn"]?.stringValue,
                  let profile = index.byID[profileArn] else { continue }
            for roleArn in (profile.properties["roleArns"]?.arrayValue ?? []).compactMap(\.stringValue)
            where index.byID[roleArn] != nil {
                g.addEdge(GraphEdge(src: instance.id, dst: roleArn, kind: GraphVocabulary.hasRole,
                                    evidence: "instance profile \(profile.name) carries role \(roleArn)",
                                    details: [EdgeEvidence(kind: "instance_profile", source: profile.id,
                                                           detail: "instance profile \(profile.name)")]))
            }
        }
    }
}
