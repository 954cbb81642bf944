import PalisadeModel

/// Whether a subnet's route table lets an arbitrary internet address talk to the subnet (docs/graph.md § Network).
///
/// Inbound packets from the internet reach a public address through the internet gateway whatever the table
/// says; what decides is the **return** route: the reply to an arbitrary internet address takes the most specific
/// route containing it. Only a route to the whole family (`0.0.0.0/0`, `::/0`) contains an arbitrary address, so a
/// more specific route (to a NAT gateway, a peering, a prefix list) neither hides nor provides the default route.
/// The default route admits when its target is an internet gateway and its state `active`; a `blackhole` default
/// route drops the replies; an egress-only internet gateway (IPv6) admits no inbound connection.
enum RouteSelection {
    static func internetRoute(_ table: Resource, family: CIDR.Family, ctx: inout NetworkContext) -> Verdict {
        let tableID = table.properties["routeTableId"]?.stringValue ?? table.id
        guard let routes = table.properties["routes"]?.arrayValue else {
            let reason = table.unknown["routes"] ?? "route table \(tableID) has no routes listed"
            ctx.problem(table.id, "routes", reason)
            return .unknown("routes of \(tableID) unknown: \(reason)", [])
        }
        var malformed: [String] = []
        var best: (route: JSONValue, cidr: CIDR)?
        for (i, r) in routes.enumerated() {
            guard let dest = r["destination"]?.stringValue, !dest.isEmpty else {
                malformed.append("route \(i) has no destination")
                continue
            }
            if dest.hasPrefix("pl-") { continue }  // a managed prefix list never holds every address
            guard let cidr = CIDR(dest) else {
                malformed.append("route \(i) destination \(dest) is not a CIDR")
                continue
            }
            guard cidr.family == family, cidr.isAll else { continue }
            if best == nil || cidr.prefix > best!.cidr.prefix { best = (r, cidr) }
        }
        for m in malformed { ctx.problem(table.id, "routes", m) }
        guard let (route, cidr) = best else {
            if !malformed.isEmpty {
                return .unknown("route table \(tableID): \(malformed.joined(separator: "; "))", [])
            }
            return .closed("\(tableID) has no route for \(family == .ipv4 ? "0.0.0.0/0" : "::/0")")
        }
        let kind = route["targetKind"]?.stringValue ?? "unknown"
        let target = route["targetId"]?.stringValue ?? "?"
        let state = route["state"]?.stringValue
        let fix = "route:\(tableID):\(cidr.text)"
        if state == "blackhole" { return .closed("\(tableID) \(cidr.text) → \(target) is a blackhole") }
        guard kind == "internet_gateway" else { return .closed("\(tableID) \(cidr.text) → \(kind) \(target)") }
        let gateway = ctx.index.lookup("aws.ec2.internet_gateway", target, region: table.region)?.id ?? target
        let evidence = [
            EdgeEvidence(kind: "internet_gateway", source: gateway, detail: "internet gateway \(target)", fix: fix),
            EdgeEvidence(kind: "route", source: table.id, detail: "\(tableID): \(cidr.text) → \(target) (active)", fix: fix),
        ]
        guard state == "active" else {
            let reason = "\(tableID) \(cidr.text) → \(target) has state \(state ?? "absent")"
            ctx.problem(table.id, "route \(cidr.text)", reason)
            return .unknown(reason, evidence)
        }
        return .open(evidence)
    }
}
