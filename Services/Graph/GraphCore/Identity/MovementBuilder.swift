import PalisadeModel

/// Identity movement (docs/graph.md § Lateral movement and escalation): a workload → the role it runs with
/// (`has_role`), and a resource holding a leaked access key id → the IAM user whose active key it is
/// (`can_authenticate_as`). Only key ids are read, stored or shown — never a secret.
enum MovementBuilder {
    static let workloadTypes = ["aws.ec2.instance", "aws.ec2.launch_template", "aws.lambda.function",
                                "aws.ecs.task_definition"]

    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        for type in workloadTypes {
            for r in index.ofType(type) { roles(r, index, into: &g) }
        }
        leakedKeys(index, into: &g)
    }

    static func roles(_ r: Resource, _ index: ResourceIndex, into g: inout GraphAccumulator) {
        for link in WorkloadRoles.of(r, in: index) {
            let name = index.byID[link.role]?.name ?? link.role
            g.addEdge(GraphEdge(src: r.id, dst: link.role, kind: GraphVocabulary.hasRole,
                                evidence: "\(link.detail) is role \(name)",
                                details: [EdgeEvidence(kind: link.kind, source: link.source, detail: link.detail, fix: link.fix)]))
        }
    }

    // MARK: leaked access keys

    /// Where a resource holds access key ids: `(key id, where in words)`. Reads the connector's `accessKeyIds`
    /// next to the secret-pattern names (instance and launch-template user data, Lambda environment, each ECS
    /// container's environment); absent keys are simply nothing found.
    static func heldKeyIDs(_ r: Resource) -> [(id: String, location: String)] {
        func ids(_ v: JSONValue?) -> [String] { (v?.arrayValue ?? []).compactMap(\.stringValue) }
        switch r.type {
        case "aws.ec2.instance", "aws.ec2.launch_template":
            return ids(r.properties["userData"]?["accessKeyIds"]).map { ($0, "user data") }
        case "aws.lambda.function":
            return ids(r.properties["environment"]?["accessKeyIds"]).map { ($0, "environment") }
        case "aws.ecs.task_definition":
            return (r.properties["containers"]?.arrayValue ?? []).flatMap { c in
                let name = c["name"]?.stringValue ?? "?"
                return ids(c["environmentAccessKeyIds"])
                    .map { ($0, "environment of container \(name)") }
            }
        default:
            return []
        }
    }

    /// Every active access key of the inventory's users: key id → (user, user name). Inactive keys cannot sign
    /// requests and are left out.
    static func activeKeys(_ index: ResourceIndex) -> [String: (user: Resource, name: String)] {
        var out: [String: (user: Resource, name: String)] = [:]
        for u in index.ofType("aws.iam.user") {
            let name = u.properties["userName"]?.stringValue ?? u.name
            for key in u.properties["accessKeys"]?.arrayValue ?? [] where key["status"]?.stringValue == "Active" {
                if let id = key["accessKeyId"]?.stringValue { out[id] = (u, name) }
            }
        }
        return out
    }

    /// `can_authenticate_as` holder → user for each held id that is an active key. An id that matches no active
    /// key (inactive, another account's, a temporary `ASIA…` id, a typo) is no edge and no problem: nothing to fix.
    static func leakedKeys(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        let active = activeKeys(index)
        guard !active.isEmpty else { return }
        for type in workloadTypes {
            for r in index.ofType(type) {
                for (id, location) in heldKeyIDs(r) {
                    guard let owner = active[id] else { continue }
                    let detail = "access key \(id) of user \(owner.name) in the \(location) of \(r.name)"
                    g.addEdge(GraphEdge(src: r.id, dst: owner.user.id, kind: GraphVocabulary.canAuthenticateAs,
                                        evidence: "holds active access key \(id) of user \(owner.name)",
                                        details: [EdgeEvidence(kind: "access_key", source: r.id, detail: detail,
                                                               fix: "access-key:\(owner.name):\(id)")]))
                    g.addInsight(r.id, NodeInsight(kind: GraphVocabulary.leakedCredentials,
                                                   detail: "active access key \(id) of user \(owner.name)"))
                }
            }
        }
    }
}
