import PalisadeModel

/// Network ACLs are stateless: traffic in needs an inbound entry, the reply an outbound one. Entries are taken in
/// `ruleNumber` order and the first that matches the packet decides (the `*` entry, 32767, denies the rest).
///
/// The packet comes from an arbitrary internet address, so only entries for the whole family (`0.0.0.0/0`,
/// `::/0`) match it; narrower entries speak for their range only and are passed over (docs/graph.md § Network).
/// A malformed entry (unknown protocol or action, no CIDR, no rule number) numbered before the deciding entry
/// makes the decision unknown — it might have matched first.
enum NetworkACLEvaluation {
    struct Entry: Hashable {
        var number: Int
        var egress: Bool
        var proto: RuleProtocol
        var allow: Bool
        var cidr: CIDR
        var ports: PortRange
    }

    struct Parsed {
        var entries: [Entry]
        /// Rule numbers (nil when absent) and direction (nil when absent) of entries that could not be read.
        var malformed: [(number: Int?, egress: Bool?)]
    }

    /// One decision over a port range.
    struct Segment: Hashable {
        var ports: PortRange
        var verdict: Verdict
    }

    static func parse(_ acl: Resource, ctx: inout NetworkContext) -> Parsed? {
        guard let raw = acl.properties["entries"]?.arrayValue else {
            ctx.problem(acl.id, "entries", acl.unknown["entries"] ?? "network ACL has no entries listed")
            return nil
        }
        var out = Parsed(entries: [], malformed: [])
        for (i, e) in raw.enumerated() {
            let number = e["ruleNumber"]?.intValue
            let egress = e["egress"]?.boolValue
            let cidrText = e["cidrBlock"]?.stringValue ?? e["ipv6CidrBlock"]?.stringValue
            let action = e["ruleAction"]?.stringValue?.lowercased()
            let proto = e["protocol"]?.stringValue.flatMap(RuleProtocol.init)
            var why: String?
            if number == nil { why = "no ruleNumber" } else if egress == nil { why = "no egress flag" }
            else if action != "allow" && action != "deny" { why = "ruleAction \(e["ruleAction"]?.stringValue ?? "absent")" }
            else if proto == nil { why = "protocol \(e["protocol"]?.stringValue ?? "absent") not understood" }
            else if cidrText.flatMap({ CIDR($0) }) == nil { why = "CIDR \(cidrText ?? "absent") is not a CIDR" }
            var ports = PortRange.all
            if why == nil, case .one(let p) = proto!, p.hasPorts {
                let from = e["fromPort"]?.intValue, to = e["toPort"]?.intValue
                if let from, let to {
                    if from > to || from < 0 || to > 65535 { why = "port range \(from)-\(to)" } else {
                        ports = PortRange(from: from, to: to)
                    }
                }
            }
            if let why {
                ctx.problem(acl.id, "entry \(number.map(String.init) ?? "#\(i)") \(egress == true ? "out" : "in")", why)
                out.malformed.append((number, egress))
                continue
            }
            out.entries.append(Entry(number: number!, egress: egress!, proto: proto!, allow: action == "allow",
                                     cidr: CIDR(cidrText!)!, ports: ports))
        }
        out.entries.sort { $0.number < $1.number }
        return out
    }

    /// The decision per port range for `flow` from (inbound) or to (outbound) `peer` — nil: an arbitrary internet
    /// address, matched only by entries for the whole family; else the entries whose CIDR holds the peer.
    static func evaluate(_ acl: Resource, _ parsed: Parsed?, egress: Bool, family: CIDR.Family, flow: Flow,
                         peer: CIDR? = nil) -> [Segment] {
        let aclID = acl.properties["networkAclId"]?.stringValue ?? acl.id
        guard let parsed else {
            return [Segment(ports: flow.ports, verdict: .unknown("entries of \(aclID) unknown", []))]
        }
        let relevant = parsed.entries.filter {
            $0.egress == egress && $0.cidr.family == family && (peer.map($0.cidr.contains) ?? $0.cidr.isAll)
                && $0.proto.matches(flow.proto)
        }
        let malformed = parsed.malformed.filter { $0.egress == nil || $0.egress == egress }
        var cuts: Set<Int> = [flow.ports.from, flow.ports.to + 1]
        if flow.proto.hasPorts {
            for e in relevant {
                if e.ports.from > flow.ports.from, e.ports.from <= flow.ports.to { cuts.insert(e.ports.from) }
                if e.ports.to + 1 > flow.ports.from, e.ports.to < flow.ports.to { cuts.insert(e.ports.to + 1) }
            }
        }
        let sorted = cuts.sorted()
        var out: [Segment] = []
        for (lo, next) in zip(sorted, sorted.dropFirst()) {
            let range = PortRange(from: lo, to: next - 1)
            let decider = relevant.first { !flow.proto.hasPorts || $0.ports.contains(lo) }
            let verdict: Verdict
            if let m = malformed.first(where: { m in m.number.map { n in decider.map { n < $0.number } ?? true } ?? true }) {
                verdict = .unknown("\(aclID) entry \(m.number.map(String.init) ?? "?") could not be read", [])
            } else if let d = decider {
                verdict = d.allow ? .open([evidence(acl, aclID, d, flow: Flow(proto: flow.proto, ports: range))])
                    : .closed("\(aclID) \(egress ? "out" : "in") \(d.number) denies \(range.text)")
            } else {
                verdict = .closed("\(aclID) has no \(egress ? "outbound" : "inbound") entry for \(range.text)")
            }
            if let last = out.last, last.verdict == verdict, last.ports.to + 1 == range.from {
                out[out.count - 1].ports.to = range.to
            } else {
                out.append(Segment(ports: range, verdict: verdict))
            }
        }
        return out
    }

    /// The reply leg: some ephemeral port (TCP/UDP) or the same protocol (ICMP) allowed back to the internet.
    /// `egress` false: the reply coming back in (the subnet of the client); `peer` as in `evaluate`.
    static func returnPath(_ acl: Resource, _ parsed: Parsed?, family: CIDR.Family, proto: IPProtocolKind,
                           egress: Bool = true, peer: CIDR? = nil) -> Verdict {
        let segments = evaluate(acl, parsed, egress: egress, family: family,
                                flow: Flow(proto: proto, ports: proto.hasPorts ? .ephemeral : .all), peer: peer)
        if let open = segments.first(where: { if case .open = $0.verdict { return true }; return false }) {
            return open.verdict
        }
        if let unknown = segments.first(where: { $0.verdict.unknownReason != nil }) { return unknown.verdict }
        return segments.first?.verdict ?? .closed("no return path")
    }

    static func evidence(_ acl: Resource, _ aclID: String, _ e: Entry, flow: Flow) -> EdgeEvidence {
        let direction = e.egress ? "out" : "in"
        let admin = !e.egress && e.cidr.isAll && flow.proto == .tcp && [22, 3389].contains { flow.ports.contains($0) }
        let what = e.proto == .all ? "all traffic" : flow.label
        return EdgeEvidence(kind: "nacl_rule", source: acl.id,
                            detail: "\(aclID) \(direction == "in" ? "inbound" : "outbound") rule \(e.number) allows \(what) \(e.egress ? "to" : "from") \(e.cidr.text)",
                            fix: "nacl-rule:\(aclID):\(direction):\(e.number)",
                            checks: admin ? ["aws-vpc-nacl-no-admin-ports-from-internet"] : [])
    }
}
