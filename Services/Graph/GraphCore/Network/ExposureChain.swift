import PalisadeModel

/// Where something with a public address sits: the subnets it answers from, the groups guarding it and its
/// public addresses. The chain internet → gateway → route → NACL in → security group → address, with the NACL's
/// outbound entry for the reply, is evaluated per family and per port range.
struct Attachment {
    /// The resource exposed (the node the `exposes` edge ends at).
    var owner: Resource
    var region: String
    /// Subnets the resource answers from (an instance interface: one; a load balancer: one per zone). Traffic
    /// reaching any of them reaches the resource.
    var subnetIDs: [String]
    /// The security groups; nil when none filter the traffic (a Network Load Balancer without groups).
    var groupIDs: [String]?
    /// The public address of each family, as evidence (`public_ip`, …).
    var addresses: [CIDR.Family: EdgeEvidence]
    /// Only this traffic can be served (listener ports, the database port); nil = whatever the groups admit.
    var only: [Flow]?
    /// Evidence that belongs to every chain (the listener).
    var extra: [EdgeEvidence] = []
}

/// One reachable (or undecided) stretch of traffic with the whole chain that carries it.
struct ExposurePiece: Hashable {
    var flow: Flow
    var details: [EdgeEvidence]
    var unknown: String?
}

enum ExposureChain {
    static func evaluate(_ a: Attachment, ctx: inout NetworkContext) -> [ExposurePiece] {
        var out: [ExposurePiece] = []
        for family in [CIDR.Family.ipv4, .ipv6] {
            guard let address = a.addresses[family] else { continue }
            let admissions = admitted(a, family: family, ctx: &ctx)
            guard !admissions.isEmpty else { continue }
            for subnetID in a.subnetIDs {
                out += throughSubnet(subnetID, a, family: family, address: address, admissions: admissions, ctx: &ctx)
            }
        }
        return out
    }

    /// What the groups admit from the internet, cut down to what the resource serves.
    static func admitted(_ a: Attachment, family: CIDR.Family, ctx: inout NetworkContext)
        -> [SecurityGroupEvaluation.Admission] {
        guard let groups = a.groupIDs else {
            return (a.only ?? Flow.everything(family)).map {
                SecurityGroupEvaluation.Admission(flow: $0, evidence: [])
            }
        }
        let all = SecurityGroupEvaluation.internetAdmissions(groups, region: a.region, family: family, owner: a.owner,
                                                             ctx: &ctx)
        guard let only = a.only else { return all }
        var out: [SecurityGroupEvaluation.Admission] = []
        for adm in all {
            for o in only where o.proto == adm.flow.proto {
                guard let ports = adm.flow.ports.intersection(o.ports) else { continue }
                var cut = adm
                cut.flow.ports = ports
                out.append(cut)
            }
        }
        return out
    }

    static func throughSubnet(_ subnetID: String, _ a: Attachment, family: CIDR.Family, address: EdgeEvidence,
                              admissions: [SecurityGroupEvaluation.Admission], ctx: inout NetworkContext) -> [ExposurePiece] {
        func undecided(_ reason: String, _ ev: [EdgeEvidence]) -> [ExposurePiece] {
            admissions.map { ExposurePiece(flow: $0.flow, details: ev + $0.evidence + [address] + a.extra,
                                           unknown: $0.unknown ?? reason) }
        }
        guard let subnet = ctx.subnet(subnetID, region: a.region) else {
            ctx.problem(a.owner.id, "subnet \(subnetID)", "subnet not in the inventory")
            return undecided("subnet \(subnetID) not in the inventory", [])
        }
        guard let table = ctx.routeTable(subnet: subnet) else {
            ctx.problem(subnet.id, "route table", "no route table associated and no main table for the VPC")
            return undecided("no route table known for \(subnetID)", [])
        }
        let route = RouteSelection.internetRoute(table, family: family, ctx: &ctx)
        if route.isClosed { return [] }
        guard let acl = ctx.networkACL(subnet: subnet) else {
            ctx.problem(subnet.id, "network ACL", "no network ACL associated and no default ACL for the VPC")
            return undecided("no network ACL known for \(subnetID)", route.evidence)
        }
        let parsed = NetworkACLEvaluation.parse(acl, ctx: &ctx)
        var out: [ExposurePiece] = []
        var replies: [IPProtocolKind: Verdict] = [:]
        for adm in admissions {
            for seg in NetworkACLEvaluation.evaluate(acl, parsed, egress: false, family: family, flow: adm.flow) {
                if seg.verdict.isClosed { continue }
                let reply = replies[adm.flow.proto] ?? NetworkACLEvaluation.returnPath(acl, parsed, family: family,
                                                                                      proto: adm.flow.proto)
                replies[adm.flow.proto] = reply
                if reply.isClosed { continue }
                let reason = route.unknownReason ?? seg.verdict.unknownReason ?? reply.unknownReason ?? adm.unknown
                out.append(ExposurePiece(
                    flow: Flow(proto: adm.flow.proto, ports: seg.ports),
                    details: route.evidence + seg.verdict.evidence + reply.evidence + adm.evidence + [address] + a.extra,
                    unknown: reason))
            }
        }
        return out
    }
}
