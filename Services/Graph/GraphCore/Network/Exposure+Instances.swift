import PalisadeModel

extension NetworkBuilder {
    /// A running instance is exposed through each interface that has a public address (its own, or an associated
    /// Elastic IP), via that interface's subnet and security groups. Without collected interfaces the instance's
    /// own `publicIpAddress`, `subnetId` and `securityGroupIds` stand for its primary interface.
    static func instanceExposure(_ i: Resource, ctx: inout NetworkContext) -> [ExposurePiece] {
        let p = i.properties
        let state = p["state"]?.stringValue
        if let state, state != "running" { return [] }
        let instanceID = p["instanceId"]?.stringValue ?? i.id
        var attachments: [Attachment] = []
        var carried: Set<String> = []
        let interfaces = NetworkContext.strings(p["networkInterfaceIds"])
            .compactMap { ctx.index.lookup("aws.ec2.network_interface", $0, region: i.region) }
        for eni in interfaces {
            let e = eni.properties
            let eniID = e["networkInterfaceId"]?.stringValue ?? eni.id
            var addresses: [CIDR.Family: EdgeEvidence] = [:]
            let eip = ctx.elasticIP(interface: eniID, region: i.region)
            if let ip = nonEmpty(e["publicIp"]) ?? eip.flatMap({ nonEmpty($0.properties["publicIp"]) }) {
                carried.insert(ip)
                let via = eip.map { " (Elastic IP \($0.properties["allocationId"]?.stringValue ?? $0.id))" } ?? ""
                addresses[.ipv4] = publicAddress(i, detail: "\(eniID) public IP \(ip)\(via)", fix: "public-ip:\(eniID)",
                                                 checks: ["aws-ec2-instance-no-public-ip"])
            }
            if let v6 = ipv6Addresses(eni).first {
                addresses[.ipv6] = publicAddress(i, detail: "\(eniID) IPv6 \(v6)", fix: "public-ip:\(eniID)")
            }
            guard !addresses.isEmpty else { continue }
            attachments.append(Attachment(owner: i, region: i.region, subnetIDs: nonEmpty(e["subnetId"]).map { [$0] } ?? [],
                                          groupIDs: NetworkContext.strings(e["securityGroupIds"]), addresses: addresses))
        }
        // No interface collected, or none of them carries the instance's public address: the instance's own
        // fields stand for its primary interface.
        if interfaces.isEmpty || nonEmpty(p["publicIpAddress"]).map({ !carried.contains($0) }) == true {
            let eip = ctx.elasticIP(instance: instanceID, region: i.region)
            if let ip = nonEmpty(p["publicIpAddress"]) ?? eip.flatMap({ nonEmpty($0.properties["publicIp"]) }) {
                let fix = NetworkContext.strings(p["networkInterfaceIds"]).first.map { "public-ip:\($0)" }
                    ?? "check:aws-ec2-instance-no-public-ip:\(i.id)"
                attachments.append(Attachment(
                    owner: i, region: i.region, subnetIDs: nonEmpty(p["subnetId"]).map { [$0] } ?? [],
                    groupIDs: NetworkContext.strings(p["securityGroupIds"]),
                    addresses: [.ipv4: publicAddress(i, detail: "\(instanceID) public IP \(ip)", fix: fix,
                                                     checks: ["aws-ec2-instance-no-public-ip"])]))
            }
        }
        var pieces = attachments.flatMap { a in
            a.subnetIDs.isEmpty ? undecidedWithoutSubnet(a, ctx: &ctx) : ExposureChain.evaluate(a, ctx: &ctx)
        }
        if state == nil {
            let reason = i.unknown["state"] ?? "instance state not reported"
            ctx.problem(i.id, "state", reason)
            pieces = pieces.map { var q = $0; q.unknown = q.unknown ?? "instance state unknown: \(reason)"; return q }
        }
        return pieces
    }

    static func undecidedWithoutSubnet(_ a: Attachment, ctx: inout NetworkContext) -> [ExposurePiece] {
        ctx.problem(a.owner.id, "subnetId", "no subnet recorded for the interface")
        return a.addresses.flatMap { family, address in
            ExposureChain.admitted(a, family: family, ctx: &ctx).map {
                ExposurePiece(flow: $0.flow, details: $0.evidence + [address], unknown: "subnet unknown")
            }
        }
    }

    /// IPv6 addresses of an interface: `ipv6Addresses` when collected, else the API's `ipv6AddressesSet` in `raw`.
    /// Every IPv6 unicast address an interface gets in a VPC is globally routable.
    static func ipv6Addresses(_ eni: Resource) -> [String] {
        let p = eni.properties
        if let list = p["ipv6Addresses"]?.arrayValue { return list.compactMap(\.stringValue) }
        let set = p["raw"]?["ipv6AddressesSet"]
        let items = set?.arrayValue ?? (set?["item"]).map { $0.arrayValue ?? [$0] } ?? []
        return items.compactMap { $0["ipv6Address"]?.stringValue ?? $0.stringValue }.filter { !$0.isEmpty }
    }

    static func nonEmpty(_ v: JSONValue?) -> String? {
        guard let s = v?.stringValue, !s.isEmpty else { return nil }
        return s
    }
}
