import PalisadeModel

/// Security groups are stateful allow-lists: an inbound rule admits the traffic and its reply. A rule admits the
/// internet when its source is the whole family (`0.0.0.0/0`, `::/0`); a narrower CIDR, even a public one, admits
/// only that range, and a group reference admits only members of that group (lateral movement, § Network).
enum SecurityGroupEvaluation {
    /// Traffic one rule admits, with the rule as evidence; `unknown` when the rule or group could not be read.
    struct Admission: Hashable {
        var flow: Flow
        var evidence: [EdgeEvidence]
        var unknown: String?
    }

    /// A readable inbound rule.
    struct Rule: Hashable {
        var groupID: String
        var group: Resource
        var protoText: String
        var proto: RuleProtocol
        var fromText: String
        var toText: String
        var ports: PortRange
        var ipv4: [CIDR]
        var ipv6: [CIDR]
        var sourceGroups: [String]
        /// Sources that come from a managed prefix list the rule references: each entry with its list.
        var listed: [ListedSource] = []

        /// Every source of `family`: the rule's own CIDRs (no list) and its prefix lists' entries.
        func sources(_ family: CIDR.Family) -> [ListedSource] {
            (family == .ipv4 ? ipv4 : ipv6).map { ListedSource(cidr: $0, list: nil) }
                + listed.filter { $0.cidr.family == family }
        }

        func flows(_ family: CIDR.Family) -> [Flow] {
            switch proto {
            case .all: Flow.everything(family)
            case .one(let p): [Flow(proto: p, ports: p.hasPorts ? ports : .all)]
            }
        }

        func fix(_ source: String) -> String { "sg-rule:\(groupID):in:\(protoText):\(fromText)-\(toText):\(source)" }
    }

    /// A source CIDR and, when it came from a managed prefix list, that list (id and name).
    struct ListedSource: Hashable {
        var cidr: CIDR
        var list: PrefixList?
    }

    struct PrefixList: Hashable {
        var id: String
        var name: String
    }

    /// The entries of managed prefix list `id`, or why they cannot be known (list not collected, entries unread,
    /// an entry that is not a CIDR).
    static func prefixList(_ id: String, region: String, index: ResourceIndex) -> Result<[ListedSource], ReasonError> {
        guard let list = index.lookup("aws.ec2.managed_prefix_list", id, region: region) else {
            return .failure(ReasonError("prefix list \(id) not in the inventory"))
        }
        // An AWS service's ranges (S3, DynamoDB, CloudFront origin-facing): never the whole internet. Traffic that
        // reaches the workload through CloudFront is not modelled as internet exposure (docs/graph.md § Network).
        if list.properties["awsManaged"]?.boolValue == true { return .success([]) }
        guard let entries = list.properties["entries"]?.arrayValue else {
            return .failure(ReasonError("entries of prefix list \(id) unknown: \(list.unknown["entries"] ?? "not listed")"))
        }
        var out: [ListedSource] = []
        for e in entries {
            let text = e["cidr"]?.stringValue ?? e.stringValue ?? ""
            guard let cidr = CIDR(text) else {
                return .failure(ReasonError("prefix list \(id) entry '\(text)' is not a CIDR"))
            }
            out.append(ListedSource(cidr: cidr, list: PrefixList(id: id, name: list.name)))
        }
        return .success(out)
    }

    struct ReasonError: Error, Hashable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The inbound rules of a group, or nil (with a problem) when the group or its rules are missing.
    static func rules(_ groupID: String, region: String, ctx: inout NetworkContext, owner: Resource) -> [Rule]? {
        guard let g = ctx.index.lookup("aws.ec2.security_group", groupID, region: region) else {
            ctx.problem(owner.id, "security group \(groupID)", "security group not in the inventory")
            return nil
        }
        guard let ingress = g.properties["ingress"]?.arrayValue else {
            ctx.problem(g.id, "ingress", g.unknown["ingress"] ?? "inbound rules not listed")
            return nil
        }
        var out: [Rule] = []
        for (i, r) in ingress.enumerated() {
            let protoText = r["ipProtocol"]?.stringValue ?? "absent"
            guard let proto = RuleProtocol(protoText) else {
                ctx.problem(g.id, "ingress[\(i)]", "protocol \(protoText) not understood")
                continue
            }
            let from = r["fromPort"]?.intValue, to = r["toPort"]?.intValue
            var ports = PortRange.all
            if case .one(let p) = proto, p.hasPorts, let from, let to, from >= 0 {
                guard from <= to, to <= 65535 else {
                    ctx.problem(g.id, "ingress[\(i)]", "port range \(from)-\(to)")
                    continue
                }
                ports = PortRange(from: from, to: to)
            }
            var v4: [CIDR] = [], v6: [CIDR] = []
            for c in ctx.stringsOrProblem(r["ipv4Ranges"], g.id, "ingress[\(i)].ipv4Ranges") {
                if let cidr = CIDR(c), cidr.family == .ipv4 { v4.append(cidr) } else {
                    ctx.problem(g.id, "ingress[\(i)]", "source \(c) is not an IPv4 CIDR")
                }
            }
            for c in ctx.stringsOrProblem(r["ipv6Ranges"], g.id, "ingress[\(i)].ipv6Ranges") {
                if let cidr = CIDR(c), cidr.family == .ipv6 { v6.append(cidr) } else {
                    ctx.problem(g.id, "ingress[\(i)]", "source \(c) is not an IPv6 CIDR")
                }
            }
            var listed: [ListedSource] = []
            for id in ctx.stringsOrProblem(r["prefixListIds"], g.id, "ingress[\(i)].prefixListIds") {
                switch prefixList(id, region: g.region, index: ctx.index) {
                case .success(let entries): listed += entries
                case .failure(let e): ctx.problem(g.id, "ingress[\(i)]", e.reason)
                }
            }
            out.append(Rule(groupID: groupID, group: g, protoText: protoText, proto: proto,
                            fromText: from.map(String.init) ?? "-1", toText: to.map(String.init) ?? "-1",
                            ports: ports, ipv4: v4, ipv6: v6, sourceGroups: NetworkContext.strings(r["sourceGroupIds"]),
                            listed: listed))
        }
        return out
    }

    /// Whether group `groupID` has inbound rules that could not be read (so it may admit more than it shows).
    static func unreadableRules(_ groupID: String, region: String, ctx: NetworkContext) -> String? {
        guard let g = ctx.index.lookup("aws.ec2.security_group", groupID, region: region) else {
            return "security group \(groupID) not in the inventory"
        }
        guard let ingress = g.properties["ingress"]?.arrayValue else {
            return "inbound rules of \(groupID) unknown: \(g.unknown["ingress"] ?? "not listed")"
        }
        for (i, r) in ingress.enumerated() {
            let protoText = r["ipProtocol"]?.stringValue ?? "absent"
            if RuleProtocol(protoText) == nil { return "\(groupID) ingress[\(i)]: protocol \(protoText) not understood" }
            for c in NetworkContext.strings(r["ipv4Ranges"]) + NetworkContext.strings(r["ipv6Ranges"]) where CIDR(c) == nil {
                return "\(groupID) ingress[\(i)]: source \(c) is not a CIDR"
            }
            if let f = r["fromPort"]?.intValue, let t = r["toPort"]?.intValue, f >= 0, f > t || t > 65535 {
                return "\(groupID) ingress[\(i)]: port range \(f)-\(t)"
            }
            for id in NetworkContext.strings(r["prefixListIds"]) {
                if case .failure(let e) = prefixList(id, region: g.region, index: ctx.index) {
                    return "\(groupID) ingress[\(i)]: \(e.reason)"
                }
            }
        }
        return nil
    }

    /// What the groups admit from the internet in `family`. A group that is missing or has unreadable rules adds
    /// an unknown admission of everything: the search does not walk it, the reader sees it.
    static func internetAdmissions(_ groups: [String], region: String, family: CIDR.Family, owner: Resource,
                                   ctx: inout NetworkContext) -> [Admission] {
        var out: [Admission] = []
        for gid in groups {
            let rules = rules(gid, region: region, ctx: &ctx, owner: owner)
            if let reason = unreadableRules(gid, region: region, ctx: ctx) {
                let source = rules?.first?.group.id ?? ctx.index.lookup("aws.ec2.security_group", gid, region: region)?.id ?? gid
                for f in Flow.everything(family) {
                    out.append(Admission(flow: f, evidence: [EdgeEvidence(kind: "sg_rule", source: source,
                                                                          detail: "\(gid): \(reason)")], unknown: reason))
                }
            }
            for rule in rules ?? [] {
                for source in rule.sources(family) where source.cidr.isAll {
                    for f in rule.flows(family) {
                        out.append(Admission(flow: f, evidence: [evidence(rule, source: source, flow: f)]))
                    }
                }
            }
        }
        return out
    }

    static func evidence(_ rule: Rule, cidr: CIDR, flow: Flow) -> EdgeEvidence {
        evidence(rule, source: ListedSource(cidr: cidr, list: nil), flow: flow)
    }

    /// A rule admitting `source`; through a prefix list, the evidence names the list and the fix removes the
    /// rule's reference to it (the list may be shared: editing it is the owner's call).
    static func evidence(_ rule: Rule, source: ListedSource, flow: Flow) -> EdgeEvidence {
        let what = rule.proto == .all ? "all traffic" : flow.label
        let from = source.list.map { "\(source.cidr.text) (entry of prefix list \($0.id) \($0.name))" } ?? source.cidr.text
        return EdgeEvidence(kind: "sg_rule", source: rule.group.id,
                            detail: "\(rule.groupID) (\(rule.group.name)) allows \(what) from \(from)",
                            fix: rule.fix(source.list?.id ?? source.cidr.text), checks: source.list == nil ? checks(rule) : [])
    }

    /// The benchmark checks a rule from the whole internet fails (their assertions in
    /// Shared/PalisadeBenchmark/Data/checks/aws/aws-ec2-sg-*.yaml).
    static func checks(_ rule: Rule) -> [String] {
        var out: [String] = []
        let tcpish = rule.proto == .all || rule.proto == .one(.tcp)
        let portish = rule.proto == .all || rule.proto == .one(.tcp) || rule.proto == .one(.udp)
        if tcpish, rule.ports.contains(22) { out.append("aws-ec2-sg-ssh-open-internet") }
        if tcpish, rule.ports.contains(3389) { out.append("aws-ec2-sg-rdp-open-internet") }
        if rule.proto == .all || rule.ports.isAll && portish { out.append("aws-ec2-sg-all-traffic-open-internet") }
        let risky = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
                     5601, 8080, 8088, 8888, 9200, 9300]
        if portish, risky.contains(where: rule.ports.contains) { out.append("aws-ec2-sg-high-risk-ports-restricted") }
        let icmp = [.one(.icmp), .one(.icmpv6)].contains(rule.proto)
        let webOnly = rule.proto == .one(.tcp) && (rule.ports == PortRange(80) || rule.ports == PortRange(443))
        if !icmp, !webOnly { out.append("aws-ec2-sg-only-authorized-ports-open") }
        return out
    }
}

extension NetworkContext {
    /// A list of strings; a value that is not one is reported and read as empty.
    mutating func stringsOrProblem(_ v: JSONValue?, _ resource: String, _ element: String) -> [String] {
        guard let v, !v.isNull else { return [] }
        guard let a = v.arrayValue else {
            problem(resource, element, "not a list")
            return []
        }
        return a.compactMap(\.stringValue)
    }
}
