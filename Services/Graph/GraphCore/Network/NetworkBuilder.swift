import PalisadeModel

/// Network edges: who the internet reaches, on which ports, and why; what reaches what inside a VPC
/// (docs/graph.md § Network). Pure over the index: structure first, then one `exposes` edge per exposed resource
/// (every element of every chain as evidence), balancer forwarding, lateral reach, and the problems met.
enum NetworkBuilder {
    static func build(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        var ctx = NetworkContext(index)
        NetworkStructure.add(index, ctx: &ctx, into: &g)
        for i in index.ofType("aws.ec2.instance") { emit(i, instanceExposure(i, ctx: &ctx), into: &g) }
        for db in index.ofType("aws.rds.db_instance") { emit(db, databaseExposure(db, ctx: &ctx), into: &g) }
        for lb in index.ofType("aws.elbv2.load_balancer") { emit(lb, loadBalancerExposure(lb, ctx: &ctx), into: &g) }
        for f in index.ofType("aws.lambda.function") { emit(f, functionURLExposure(f, ctx: &ctx), into: &g) }
        for c in index.ofType("aws.eks.cluster") { emit(c, clusterEndpointExposure(c, ctx: &ctx), into: &g) }
        LoadBalancerForwarding.add(index, ctx: &ctx, into: &g)
        LateralReach.add(index, ctx: &ctx, into: &g)
        for p in ctx.problems { g.problem(p.resource, p.element, p.reason) }
    }

    /// One `exposes` edge for the resource: definite when some chain is wholly readable and open (its ports are
    /// the edge's and the node's `internet_exposed`), else unknown when some chain could not be decided.
    static func emit(_ r: Resource, _ pieces: [ExposurePiece], into g: inout GraphAccumulator) {
        guard !pieces.isEmpty, g.hasNode(r.id) else { return }
        let definite = pieces.filter { $0.unknown == nil }
        let undecided = pieces.filter { $0.unknown != nil }
        let chosen = definite.isEmpty ? undecided : definite
        let ports = PortLabels.labels(chosen.map(\.flow))
        var details: [EdgeEvidence] = []
        // Each piece is one chain (any of its elements fixed breaks it); the edge lasts while any chain is whole.
        for (chain, p) in chosen.enumerated() {
            for var d in p.details {
                d.chain = chain
                if !details.contains(d) { details.append(d) }
            }
        }
        let first = chosen.sorted { $0.flow < $1.flow }[0]
        let line = "\(ports.joined(separator: ", ")) from the internet: " + first.details.map(\.detail).joined(separator: " → ")
        var reasons: [String] = []
        for p in undecided { if let u = p.unknown, !reasons.contains(u) { reasons.append(u) } }
        if definite.isEmpty {
            g.addEdge(GraphEdge(src: GraphVocabulary.internetID, dst: r.id, kind: GraphVocabulary.exposes,
                                evidence: "maybe " + line, details: details, ports: ports,
                                unknown: reasons.joined(separator: "; ")))
            return
        }
        g.addEdge(GraphEdge(src: GraphVocabulary.internetID, dst: r.id, kind: GraphVocabulary.exposes, evidence: line,
                            details: details, ports: ports))
        g.addInsight(r.id, NodeInsight(kind: GraphVocabulary.internetExposed, detail: ports.joined(separator: ", ")))
        if !undecided.isEmpty {
            let more = PortLabels.labels(undecided.map(\.flow)).joined(separator: ", ")
            g.problem(r.id, "exposure", "also maybe reachable on \(more): \(reasons.joined(separator: "; "))")
        }
    }

    /// Evidence of a resource's public address.
    static func publicAddress(_ owner: Resource, detail: String, fix: String, checks: [String] = []) -> EdgeEvidence {
        EdgeEvidence(kind: "public_ip", source: owner.id, detail: detail, fix: fix, checks: checks)
    }
}
