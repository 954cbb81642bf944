import PalisadeModel

/// `forwards_to` load balancer → target: a listener's default action forwards to a target group that holds the
/// target, and the target's security groups admit the balancer on the target port — by a reference to one of the
/// balancer's groups, or by a CIDR holding one of the balancer's subnets (a Network Load Balancer without groups
/// passes the clients' addresses: a rule from `0.0.0.0/0` holds them). Lambda targets need no admission.
/// Instance targets only; IP targets are reported as not evaluated.
enum LoadBalancerForwarding {
    static func add(_ index: ResourceIndex, ctx: inout NetworkContext, into g: inout GraphAccumulator) {
        for lb in index.ofType("aws.elbv2.load_balancer") {
            let p = lb.properties
            let lbGroups = NetworkContext.strings(p["securityGroups"])
            let lbSubnets = (p["availabilityZones"]?.arrayValue ?? []).compactMap { $0["subnetId"]?.stringValue }
                .compactMap { ctx.subnet($0, region: lb.region)?.properties["cidrBlock"]?.stringValue.flatMap { CIDR($0) } }
            for l in p["listeners"]?.arrayValue ?? [] {
                let listenerDetail = "\(l["protocol"]?.stringValue ?? "?") listener on \(l["port"]?.intValue.map(String.init) ?? "?")"
                let listenerArn = l["listenerArn"]?.stringValue ?? lb.id
                for action in l["defaultActions"]?.arrayValue ?? [] where action["type"]?.stringValue == "forward" {
                    guard let tgArn = action["targetGroupArn"]?.stringValue, let tg = index.byID[tgArn] else { continue }
                    guard let targets = tg.properties["targets"]?.arrayValue else {
                        ctx.problem(tg.id, "targets", tg.unknown["targets"] ?? "targets not reported")
                        continue
                    }
                    let listener = EdgeEvidence(kind: "listener", source: lb.id, detail: listenerDetail, fix: "listener:\(listenerArn)")
                    let tgName = tg.properties["targetGroupName"]?.stringValue ?? tg.name
                    for t in targets {
                        guard let id = t["id"]?.stringValue else { continue }
                        let port = t["port"]?.intValue ?? tg.properties["port"]?.intValue
                        let member = EdgeEvidence(kind: "target_group", source: tg.id,
                                                  detail: "target group \(tgName) holds \(id)\(port.map { " on \($0)" } ?? "")",
                                                  fix: "target:\(tg.id):\(id)")
                        if let fn = index.byID[id], fn.type == "aws.lambda.function" {
                            add(lb, fn, [listener, member], ports: ["lambda"], into: &g)
                            continue
                        }
                        guard let instance = index.lookup("aws.ec2.instance", id, region: lb.region) else {
                            if tg.properties["targetType"]?.stringValue == "ip" {
                                ctx.problem(tg.id, "target \(id)", "IP targets are not matched to interfaces")
                            }
                            continue
                        }
                        let flow = Flow(proto: .tcp, ports: port.map(PortRange.init) ?? .all)
                        let admitted = admission(instance, flow: flow, lbGroups: lbGroups, lbSubnets: lbSubnets, ctx: &ctx)
                        guard !admitted.isEmpty else { continue }
                        add(lb, instance, [listener, member] + admitted, ports: [flow.label], into: &g)
                    }
                }
            }
        }
    }

    static func add(_ lb: Resource, _ target: Resource, _ details: [EdgeEvidence], ports: [String],
                    into g: inout GraphAccumulator) {
        guard g.hasNode(target.id) else { return }
        g.addEdge(GraphEdge(src: lb.id, dst: target.id, kind: GraphVocabulary.forwardsTo,
                            evidence: details.map(\.detail).joined(separator: " → "), details: details, ports: ports))
    }

    /// The target's rules admitting the balancer on `flow`.
    static func admission(_ instance: Resource, flow: Flow, lbGroups: [String], lbSubnets: [CIDR],
                          ctx: inout NetworkContext) -> [EdgeEvidence] {
        let p = instance.properties
        var groups = NetworkContext.strings(p["securityGroupIds"])
        for eniID in NetworkContext.strings(p["networkInterfaceIds"]) {
            guard let eni = ctx.index.lookup("aws.ec2.network_interface", eniID, region: instance.region) else { continue }
            for gid in NetworkContext.strings(eni.properties["securityGroupIds"]) where !groups.contains(gid) { groups.append(gid) }
        }
        var out: [EdgeEvidence] = []
        for gid in groups {
            for rule in SecurityGroupEvaluation.rules(gid, region: instance.region, ctx: &ctx, owner: instance) ?? [] {
                guard rule.flows(.ipv4).contains(where: { $0.proto == flow.proto && $0.ports.intersection(flow.ports) != nil })
                else { continue }
                for ref in rule.sourceGroups where lbGroups.contains(ref) {
                    out.append(LateralReach.evidence(rule, source: ref, flows: [flow]))
                }
                for cidr in rule.ipv4 where cidr.isAll || lbSubnets.contains(where: cidr.contains) {
                    out.append(LateralReach.evidence(rule, source: cidr.text, flows: [flow]))
                }
            }
        }
        return out
    }
}
