import PalisadeModel

extension NetworkBuilder {
    /// An RDS instance is exposed when it is publicly accessible (its endpoint resolves to a public address) and
    /// the chain of the subnet it runs in — the subnet of its subnet group in its availability zone, any of them
    /// when the zone is not known — and its VPC security groups admit the internet on its port.
    static func databaseExposure(_ db: Resource, ctx: inout NetworkContext) -> [ExposurePiece] {
        let p = db.properties
        if let status = p["status"]?.stringValue, ["stopped", "stopping", "deleting"].contains(status) { return [] }
        let publicFlag = p["publiclyAccessible"]?.boolValue
        if publicFlag == false { return [] }
        let port = p["port"]?.intValue
        let flow = Flow(proto: .tcp, ports: port.map(PortRange.init) ?? .all)
        let name = p["dbInstanceIdentifier"]?.stringValue ?? db.name
        let address = publicAddress(db, detail: "\(name) is publicly accessible",
                                    fix: "check:aws-rds-instance-not-publicly-accessible:\(db.id)",
                                    checks: ["aws-rds-instance-not-publicly-accessible"])
        let subnets = databaseSubnets(db)
        let a = Attachment(owner: db, region: db.region, subnetIDs: subnets,
                           groupIDs: NetworkContext.strings(p["vpcSecurityGroupIds"]), addresses: [.ipv4: address],
                           only: [flow])
        var pieces: [ExposurePiece]
        if subnets.isEmpty {
            ctx.problem(db.id, "dbSubnetGroup", "the subnets of the DB subnet group are not in the description")
            pieces = ExposureChain.admitted(a, family: .ipv4, ctx: &ctx).map {
                ExposurePiece(flow: $0.flow, details: $0.evidence + [address], unknown: "subnets of \(name) unknown")
            }
        } else {
            pieces = ExposureChain.evaluate(a, ctx: &ctx)
        }
        if publicFlag == nil {
            let reason = db.unknown["publiclyAccessible"] ?? "publiclyAccessible not reported"
            ctx.problem(db.id, "publiclyAccessible", reason)
            pieces = pieces.map { var q = $0; q.unknown = q.unknown ?? "public accessibility unknown: \(reason)"; return q }
        }
        return pieces
    }

    /// `raw.DBSubnetGroup.Subnets.Subnet` (one object or a list): the subnet in the instance's zone when known.
    static func databaseSubnets(_ db: Resource) -> [String] {
        let raw = db.properties["raw"]
        let node = raw?["DBSubnetGroup"]?["Subnets"]
        let items: [JSONValue] = node?.arrayValue ?? node?["Subnet"].map { $0.arrayValue ?? [$0] } ?? []
        let subnets = items.compactMap { s -> (id: String, zone: String?)? in
            guard let id = s["SubnetIdentifier"]?.stringValue else { return nil }
            return (id, s["SubnetAvailabilityZone"]?["Name"]?.stringValue)
        }
        if let zone = raw?["AvailabilityZone"]?.stringValue {
            let inZone = subnets.filter { $0.zone == zone }
            if !inZone.isEmpty { return inZone.map(\.id) }
        }
        return subnets.map(\.id)
    }
}
