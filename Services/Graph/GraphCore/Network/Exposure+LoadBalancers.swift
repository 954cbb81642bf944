import PalisadeModel

extension NetworkBuilder {
    /// An internet-facing load balancer is exposed on each listener's port that its security groups (none on a
    /// Network Load Balancer without groups: nothing filters) admit from the internet, through any of its subnets'
    /// chains. Dual-stack balancers are asked about IPv6 too.
    static func loadBalancerExposure(_ lb: Resource, ctx: inout NetworkContext) -> [ExposurePiece] {
        let p = lb.properties
        guard p["scheme"]?.stringValue == "internet-facing" else { return [] }
        let name = p["loadBalancerName"]?.stringValue ?? lb.name
        guard let listeners = p["listeners"]?.arrayValue else {
            let reason = lb.unknown["listeners"] ?? "listeners not reported"
            ctx.problem(lb.id, "listeners", reason)
            return [ExposurePiece(flow: Flow(proto: .tcp, ports: .all), details: [], unknown: "listeners of \(name) unknown: \(reason)")]
        }
        let subnets = (p["availabilityZones"]?.arrayValue ?? []).compactMap { $0["subnetId"]?.stringValue }
        let groups: [String]? = p["securityGroups"].flatMap { $0.isNull ? nil : NetworkContext.strings($0) }
            .flatMap { $0.isEmpty && p["type"]?.stringValue == "network" ? nil : $0 }
        let address = publicAddress(lb, detail: "\(name) is internet-facing", fix: "public-ip:\(lb.id)")
        var addresses: [CIDR.Family: EdgeEvidence] = [.ipv4: address]
        if p["ipAddressType"]?.stringValue?.hasPrefix("dualstack") == true { addresses[.ipv6] = address }
        var pieces: [ExposurePiece] = []
        let groupsUnknown = p["securityGroups"] == nil && p["type"]?.stringValue != "network"
        if groupsUnknown { ctx.problem(lb.id, "securityGroups", lb.unknown["securityGroups"] ?? "security groups not reported") }
        for l in listeners {
            guard let port = l["port"]?.intValue, let proto = l["protocol"]?.stringValue else {
                ctx.problem(lb.id, "listener \(l["listenerArn"]?.stringValue ?? "?")", "listener without port or protocol")
                continue
            }
            let protos: [IPProtocolKind] = switch proto.uppercased() {
            case "UDP": [.udp]
            case "TCP_UDP": [.tcp, .udp]
            default: [.tcp]
            }
            let arn = l["listenerArn"]?.stringValue ?? "\(lb.id)/\(proto):\(port)"
            let listener = EdgeEvidence(kind: "listener", source: lb.id, detail: "\(proto) listener on \(port)",
                                        fix: "listener:\(arn)")
            let a = Attachment(owner: lb, region: lb.region, subnetIDs: subnets, groupIDs: groups, addresses: addresses,
                               only: protos.map { Flow(proto: $0, ports: PortRange(port)) }, extra: [listener])
            pieces += ExposureChain.evaluate(a, ctx: &ctx)
        }
        if groupsUnknown {
            pieces = pieces.map { var q = $0; q.unknown = q.unknown ?? "security groups of \(name) unknown"; return q }
        }
        return pieces
    }
}
