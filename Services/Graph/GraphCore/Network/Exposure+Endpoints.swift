import PalisadeModel

extension NetworkBuilder {
    /// A function URL with `authType` NONE answers anyone on HTTPS: exposed on tcp/443, whatever the function's
    /// VPC (the URL is served by Lambda, not from the VPC). An unreadable URL configuration is undecided.
    static func functionURLExposure(_ f: Resource, ctx: inout NetworkContext) -> [ExposurePiece] {
        let https = Flow(proto: .tcp, ports: PortRange(443))
        guard let url = f.properties["functionUrl"], !url.isNull else {
            guard f.properties["functionUrl"] == nil else { return [] }
            let reason = f.unknown["functionUrl"] ?? "function URL configuration not reported"
            return [ExposurePiece(flow: https, details: [], unknown: "function URL unknown: \(reason)")]
        }
        guard let auth = url["authType"]?.stringValue else {
            ctx.problem(f.id, "functionUrl.authType", "function URL without authType")
            return [ExposurePiece(flow: https, details: [], unknown: "function URL auth type unknown")]
        }
        guard auth == "NONE" else { return [] }
        let evidence = EdgeEvidence(kind: "function_url", source: f.id,
                                    detail: "function URL \(url["url"]?.stringValue ?? "") with auth type NONE",
                                    fix: "function-url:\(f.id)")
        return [ExposurePiece(flow: https, details: [evidence], unknown: nil)]
    }

    /// An EKS API endpoint is exposed on tcp/443 when public access is on and its allowed CIDRs include the whole
    /// internet (`0.0.0.0/0` or `::/0`); a narrower list admits only those ranges.
    static func clusterEndpointExposure(_ c: Resource, ctx: inout NetworkContext) -> [ExposurePiece] {
        let p = c.properties
        let https = Flow(proto: .tcp, ports: PortRange(443))
        guard let publicAccess = p["endpointPublicAccess"]?.boolValue else {
            let reason = c.unknown["endpointPublicAccess"] ?? "endpointPublicAccess not reported"
            return [ExposurePiece(flow: https, details: [], unknown: "endpoint public access unknown: \(reason)")]
        }
        guard publicAccess else { return [] }
        guard let cidrs = p["publicAccessCidrs"]?.arrayValue?.compactMap(\.stringValue) else {
            let reason = c.unknown["publicAccessCidrs"] ?? "publicAccessCidrs not reported"
            return [ExposurePiece(flow: https, details: [], unknown: "public endpoint CIDRs unknown: \(reason)")]
        }
        var open: [String] = []
        for text in cidrs {
            guard let cidr = CIDR(text) else {
                ctx.problem(c.id, "publicAccessCidrs", "\(text) is not a CIDR")
                return [ExposurePiece(flow: https, details: [], unknown: "public endpoint CIDR \(text) not understood")]
            }
            if cidr.isAll { open.append(text) }
        }
        guard !open.isEmpty else { return [] }
        let name = p["name"]?.stringValue ?? c.name
        let evidence = EdgeEvidence(kind: "endpoint", source: c.id,
                                    detail: "\(name) public API endpoint open to \(open.joined(separator: ", "))",
                                    fix: "check:aws-eks-cluster-endpoint-not-public:\(c.id)",
                                    checks: ["aws-eks-cluster-endpoint-not-public"])
        return [ExposurePiece(flow: https, details: [evidence], unknown: nil)]
    }
}
