import PalisadeModel

extension LateralReach {
    /// What of `flows` crosses the network ACLs between the source's and the destination's subnets: the
    /// destination's ACL in (from the source) and out (the reply, to an ephemeral port), the source's ACL out and
    /// in (the reply). Same subnet, or a side whose subnet or address is not known (a Lambda function spread over
    /// several subnets): no ACL is crossed or none can be chosen, and the flows stand as the groups admit them.
    static func throughACLs(from s: Member, to d: Destination, flows: [Flow], ctx: inout NetworkContext)
        -> (flows: [Flow], details: [EdgeEvidence], unknown: String?) {
        guard let sSubnetID = s.subnet, let dSubnetID = d.subnet, sSubnetID != dSubnetID,
              let sAddress = s.address, let dAddress = d.address else { return (flows, [], nil) }
        let region = d.resource.region
        guard let sSubnet = ctx.subnet(sSubnetID, region: region), let dSubnet = ctx.subnet(dSubnetID, region: region),
              let sACL = ctx.networkACL(subnet: sSubnet), let dACL = ctx.networkACL(subnet: dSubnet) else {
            return (flows, [], "network ACL between \(sSubnetID) and \(dSubnetID) unknown")
        }
        let sParsed = NetworkACLEvaluation.parse(sACL, ctx: &ctx)
        let dParsed = NetworkACLEvaluation.parse(dACL, ctx: &ctx)
        var definite: [Flow] = [], undecided: [Flow] = []
        var details: [EdgeEvidence] = []
        var reasons: [String] = []
        for flow in flows {
            for inSeg in NetworkACLEvaluation.evaluate(dACL, dParsed, egress: false, family: .ipv4, flow: flow, peer: sAddress)
            where !inSeg.verdict.isClosed {
                let leg = Flow(proto: flow.proto, ports: inSeg.ports)
                for outSeg in NetworkACLEvaluation.evaluate(sACL, sParsed, egress: true, family: .ipv4, flow: leg, peer: dAddress)
                where !outSeg.verdict.isClosed {
                    let replyOut = NetworkACLEvaluation.returnPath(dACL, dParsed, family: .ipv4, proto: flow.proto, peer: sAddress)
                    let replyIn = NetworkACLEvaluation.returnPath(sACL, sParsed, family: .ipv4, proto: flow.proto,
                                                                 egress: false, peer: dAddress)
                    let verdicts = [inSeg.verdict, outSeg.verdict, replyOut, replyIn]
                    guard !verdicts.contains(where: \.isClosed) else { continue }
                    let piece = Flow(proto: flow.proto, ports: outSeg.ports)
                    for v in verdicts { for e in v.evidence where !details.contains(e) { details.append(e) } }
                    if let reason = verdicts.compactMap(\.unknownReason).first {
                        undecided.append(piece)
                        if !reasons.contains(reason) { reasons.append(reason) }
                    } else {
                        definite.append(piece)
                    }
                }
            }
        }
        if !definite.isEmpty { return (definite, details, nil) }
        return (undecided, details, undecided.isEmpty ? nil : reasons.joined(separator: "; "))
    }
}
