import PalisadeModel

extension GraphBuilder {
    /// `internet -exposes-> instance`: the instance is running, has a public IP, and one of its
    /// security groups allows inbound traffic from 0.0.0.0/0 or ::/0.
    static func exposureEdges(_ index: ResourceIndex) -> [GraphEdge] {
        var edges: [GraphEdge] = []
        for instance in index.ofType("aws.ec2.instance") {
            let p = instance.properties
            guard p["state"]?.stringValue == "running",
                  let ip = p["publicIpAddress"]?.stringValue, !ip.isEmpty else { continue }
            let groupIDs = (p["securityGroupIds"]?.arrayValue ?? []).compactMap(\.stringValue)
            var openings: [String] = []
            for gid in groupIDs {
                guard let sg = index.securityGroups["\(instance.account)/\(instance.region)/\(gid)"] else { continue }
                for rule in sg.properties["ingress"]?.arrayValue ?? [] {
                    let sources = openSources(rule)
                    guard !sources.isEmpty else { continue }
                    openings.append("\(gid) (\(sg.name)) allows \(describe(rule)) from \(sources.joined(separator: ", "))")
                }
            }
            guard !openings.isEmpty else { continue }
            edges.append(GraphEdge(
                src: GraphVocabulary.internetID, dst: instance.id, kind: GraphVocabulary.exposes,
                evidence: "public IP \(ip); " + openings.joined(separator: "; ")))
        }
        return edges
    }

    static func openSources(_ rule: JSONValue) -> [String] {
        let v4 = (rule["ipv4Ranges"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0 == "0.0.0.0/0" }
        let v6 = (rule["ipv6Ranges"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0 == "::/0" }
        return v4 + v6
    }

    /// `tcp 22`, `tcp 8000-8080`, `all traffic`, `udp all ports`.
    static func describe(_ rule: JSONValue) -> String {
        let proto = rule["ipProtocol"]?.stringValue ?? "-1"
        if proto == "-1" { return "all traffic" }
        let from = rule["fromPort"]?.intValue
        let to = rule["toPort"]?.intValue
        switch (from, to) {
        case let (f?, t?) where f == t: return "\(proto) \(f)"
        case let (f?, t?) where f == -1 || (f == 0 && t == 65535): return "\(proto) all ports"
        case let (f?, t?): return "\(proto) \(f)-\(t)"
        default: return "\(proto) all ports"
        }
    }
}
