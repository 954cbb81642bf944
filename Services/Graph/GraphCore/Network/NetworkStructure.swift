import PalisadeModel

/// The cheap structural edges of docs/graph.md § Edges: internet → internet gateway → subnet (`routes_to`, when
/// the subnet's table sends the whole internet to the gateway), vpc → subnet → interface (`contains`),
/// interface → instance (`attached_to`), security group → interface / database / load balancer (`protects`).
/// One pass over each type; an edge whose end is not a collected resource is left out.
enum NetworkStructure {
    static func add(_ index: ResourceIndex, ctx: inout NetworkContext, into g: inout GraphAccumulator) {
        func edge(_ src: String?, _ dst: String?, _ kind: String, _ evidence: String, _ details: [EdgeEvidence] = []) {
            guard let src, let dst, g.hasNode(src), g.hasNode(dst) else { return }
            g.addEdge(GraphEdge(src: src, dst: dst, kind: kind, evidence: evidence, details: details))
        }
        func key(_ type: String, _ r: Resource, _ property: String) -> String? {
            r.properties[property]?.stringValue.flatMap { index.lookup(type, $0, region: r.region)?.id }
        }
        for igw in index.ofType("aws.ec2.internet_gateway") where !NetworkContext.strings(igw.properties["attachedVpcIds"]).isEmpty {
            edge(GraphVocabulary.internetID, igw.id, GraphVocabulary.routesTo,
                 "attached to \(NetworkContext.strings(igw.properties["attachedVpcIds"]).joined(separator: ", "))")
        }
        for s in index.ofType("aws.ec2.subnet") {
            let subnetID = s.properties["subnetId"]?.stringValue ?? s.id
            edge(key("aws.ec2.vpc", s, "vpcId"), s.id, GraphVocabulary.contains, "\(subnetID) in its VPC")
            guard let table = ctx.routeTable(subnet: s) else { continue }
            for family in [CIDR.Family.ipv4, .ipv6] {
                guard case .open(let ev) = RouteSelection.internetRoute(table, family: family, ctx: &ctx),
                      let gw = ev.first?.source else { continue }
                edge(gw, s.id, GraphVocabulary.routesTo, ev.last?.detail ?? "", ev.filter { $0.kind == "route" })
            }
        }
        for eni in index.ofType("aws.ec2.network_interface") {
            edge(key("aws.ec2.subnet", eni, "subnetId"), eni.id, GraphVocabulary.contains, "interface in its subnet")
            edge(eni.id, key("aws.ec2.instance", eni, "attachedInstanceId"), GraphVocabulary.attachedTo, "attachment")
            for gid in NetworkContext.strings(eni.properties["securityGroupIds"]) {
                edge(index.lookup("aws.ec2.security_group", gid, region: eni.region)?.id, eni.id, GraphVocabulary.protects, gid)
            }
        }
        let guarded: [(String, String)] = [("aws.rds.db_instance", "vpcSecurityGroupIds"),
                                           ("aws.elbv2.load_balancer", "securityGroups")]
        for (type, property) in guarded {
            for r in index.ofType(type) {
                for gid in NetworkContext.strings(r.properties[property]) {
                    edge(index.lookup("aws.ec2.security_group", gid, region: r.region)?.id, r.id, GraphVocabulary.protects, gid)
                }
            }
        }
        for i in index.ofType("aws.ec2.instance") where NetworkContext.strings(i.properties["networkInterfaceIds"]).isEmpty {
            for gid in NetworkContext.strings(i.properties["securityGroupIds"]) {
                edge(index.lookup("aws.ec2.security_group", gid, region: i.region)?.id, i.id, GraphVocabulary.protects, gid)
            }
        }
    }
}
