import PalisadeModel

/// Network edges: who the internet reaches, on which ports, and why (docs/graph.md § Network).
enum NetworkBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        for instance in index.ofType("aws.ec2.instance") {
            let p = instance.properties
            guard p["state"]?.stringValue == "running",
                  let ip = p["publicIpAddress"]?.stringValue, !ip.isEmpty else { continue }
            var details: [EdgeEvidence] = []
            for gid in (p["securityGroupIds"]?.arrayValue ?? []).compactMap(\.stringValue) {
                guard let sg = index.lookup("aws.ec2.security_group", gid, region: instance.region) else { continue }
                for rule in sg.properties["ingress"]?.arrayValue ?? [] {
                    let open = (rule["ipv4Ranges"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0 == "0.0.0.0/0" }
                        + (rule["ipv6Ranges"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0 == "::/0" }
                    guard !open.isEmpty else { continue }
                    details.append(EdgeEvidence(kind: "sg_rule", source: sg.id, detail: "\(gid) from \(open.joined(separator: ", "))"))
                }
            }
            guard !details.isEmpty else { continue }
            g.addEdge(GraphEdge(src: GraphVocabulary.internetID, dst: instance.id, kind: GraphVocabulary.exposes,
                                evidence: "public IP \(ip); " + details.map(\.detail).joined(separator: "; "),
                                details: details))
        }
    }
}
