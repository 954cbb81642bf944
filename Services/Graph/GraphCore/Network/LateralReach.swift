import PalisadeModel

/// `can_reach` inside a VPC: the destination's security groups admit the source — by a reference to a group the
/// source belongs to, or by a CIDR holding the source's private address (a Lambda function: its subnets).
///
/// Bound: members are indexed by security group and by private address (sorted, per VPC) once; each destination's
/// rules are read once; a group reference walks that group's members, a CIDR rule binary-searches the members it
/// holds. A destination stops taking sources at `maxSourcesPerDestination` (reported as a problem), so edges and
/// work are O(destinations × that bound + rules × log members) even when every group admits the whole VPC.
/// Between two subnets the traffic also crosses both network ACLs, each way (`LateralReach+NACL.swift`).
enum LateralReach {
    static let maxSourcesPerDestination = 100

    struct Member {
        var resource: Resource
        var vpc: String
        var groups: [String]
        var addresses: [CIDR]
        /// The subnet and address its traffic leaves from, when there is one (an instance's primary interface).
        var subnet: String? = nil
        var address: CIDR? = nil
    }

    struct Destination {
        var resource: Resource
        var vpc: String
        var groups: [String]
        /// Only this traffic is served (an RDS port); nil = whatever the rules admit.
        var only: [Flow]?
        /// Its subnet and address (an RDS instance: its subnet's range).
        var subnet: String? = nil
        var address: CIDR? = nil
    }

    static func add(_ index: ResourceIndex, ctx: inout NetworkContext, into g: inout GraphAccumulator) {
        let (sources, destinations) = members(index, ctx: ctx)
        var byGroup: [String: [Int]] = [:]
        var byVPC: [String: AddressIndex] = [:]
        for (i, m) in sources.enumerated() {
            for a in m.addresses { byVPC["\(m.resource.region)/\(m.vpc)", default: AddressIndex()].add(a, i) }
            for gid in m.groups { byGroup["\(m.resource.region)/\(gid)", default: []].append(i) }
        }
        for key in byVPC.keys { byVPC[key]!.sort() }
        for d in destinations {
            var reach: [Int: (flows: [Flow], details: [EdgeEvidence])] = [:]
            var order: [Int] = []
            var capped = false
            /// False once the destination has its quota of sources: the caller stops looking.
            func admit(_ i: Int, _ flows: [Flow], _ ev: EdgeEvidence) -> Bool {
                let s = sources[i]
                guard s.resource.id != d.resource.id, s.vpc == d.vpc else { return true }
                let cut = restrict(flows, to: d.only)
                guard !cut.isEmpty else { return true }
                if reach[i] == nil {
                    guard order.count < maxSourcesPerDestination else { capped = true; return false }
                    order.append(i)
                }
                reach[i, default: ([], [])].flows += cut
                if !reach[i]!.details.contains(ev) { reach[i]!.details.append(ev) }
                return true
            }
            rules: for gid in d.groups {
                guard let rules = SecurityGroupEvaluation.rules(gid, region: d.resource.region, ctx: &ctx, owner: d.resource)
                else { continue }
                for rule in rules {
                    let flows = rule.flows(.ipv4)
                    for ref in rule.sourceGroups {
                        let ev = evidence(rule, source: ref, flows: flows)
                        for i in byGroup["\(d.resource.region)/\(ref)"] ?? [] where !admit(i, flows, ev) { break rules }
                    }
                    for cidr in rule.ipv4 {
                        let ev = evidence(rule, source: cidr.text, flows: flows)
                        var full = false
                        byVPC["\(d.resource.region)/\(d.vpc)"]?.within(cidr) { i in
                            full = !admit(i, flows, ev)
                            return !full
                        }
                        if full { break rules }
                    }
                }
            }
            if capped {
                ctx.problem(d.resource.id, "can_reach",
                            "more than \(maxSourcesPerDestination) sources in the VPC reach it; edges kept for \(maxSourcesPerDestination)")
            }
            for i in order {
                let r = reach[i]!
                let crossed = throughACLs(from: sources[i], to: d, flows: r.flows, ctx: &ctx)
                guard !crossed.flows.isEmpty else { continue }
                let details = r.details + crossed.details.filter { !r.details.contains($0) }
                let ports = PortLabels.labels(crossed.flows)
                g.addEdge(GraphEdge(src: sources[i].resource.id, dst: d.resource.id, kind: GraphVocabulary.canReach,
                                    evidence: "\(ports.joined(separator: ", ")): " + details.map(\.detail).joined(separator: "; "),
                                    details: details, ports: ports, unknown: crossed.unknown))
            }
        }
    }

    /// Private addresses (or subnets) of a VPC's members, sorted, so a CIDR rule finds the members it holds by
    /// binary search instead of a scan of the VPC.
    struct AddressIndex {
        var entries: [(bytes: [UInt8], member: Int, cidr: CIDR)] = []

        mutating func add(_ c: CIDR, _ member: Int) { if c.family == .ipv4 { entries.append((c.bytes, member, c)) } }
        mutating func sort() { entries.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) } }

        /// Each member with an address (or a whole subnet) inside `cidr`, once, in address order, until `body`
        /// returns false. Lazy: a rule admitting the whole VPC must not list every member for a destination that
        /// takes `maxSourcesPerDestination` of them (at 1,000,000 resources that listing was two thirds of the build).
        func within(_ cidr: CIDR, _ body: (Int) -> Bool) {
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].bytes.lexicographicallyPrecedes(cidr.bytes) { lo = mid + 1 } else { hi = mid }
            }
            var seen: Set<Int> = []
            var k = lo
            while k < entries.count, CIDR.masked(entries[k].bytes, cidr.prefix) == cidr.bytes {
                if entries[k].cidr.family == cidr.family, cidr.contains(entries[k].cidr), seen.insert(entries[k].member).inserted {
                    guard body(entries[k].member) else { return }
                }
                k += 1
            }
        }

        /// Every member inside `cidr`, each once, in address order.
        func within(_ cidr: CIDR) -> [Int] {
            var out: [Int] = []
            within(cidr) { out.append($0); return true }
            return out
        }
    }

    static func restrict(_ flows: [Flow], to only: [Flow]?) -> [Flow] {
        guard let only else { return flows }
        return flows.flatMap { f in
            only.compactMap { o in o.proto == f.proto ? f.ports.intersection(o.ports).map { Flow(proto: f.proto, ports: $0) } : nil }
        }
    }

    static func evidence(_ rule: SecurityGroupEvaluation.Rule, source: String, flows: [Flow]) -> EdgeEvidence {
        let what = rule.proto == .all ? "all traffic" : PortLabels.labels(flows).joined(separator: ", ")
        return EdgeEvidence(kind: "sg_rule", source: rule.group.id,
                            detail: "\(rule.groupID) (\(rule.group.name)) allows \(what) from \(source)",
                            fix: rule.fix(source))
    }

    /// Sources: running instances and VPC Lambda functions. Destinations: running instances and RDS instances.
    static func members(_ index: ResourceIndex, ctx: NetworkContext) -> ([Member], [Destination]) {
        var sources: [Member] = []
        var destinations: [Destination] = []
        for i in index.ofType("aws.ec2.instance") where i.properties["state"]?.stringValue == "running" {
            let p = i.properties
            guard let vpc = p["vpcId"]?.stringValue else { continue }
            let enis = NetworkContext.strings(p["networkInterfaceIds"])
                .compactMap { index.lookup("aws.ec2.network_interface", $0, region: i.region) }
            var groups = NetworkContext.strings(p["securityGroupIds"])
            for e in enis { for gid in NetworkContext.strings(e.properties["securityGroupIds"]) where !groups.contains(gid) { groups.append(gid) } }
            let ips = ([p["privateIpAddress"]] + enis.map { $0.properties["privateIpAddress"] })
                .compactMap { $0?.stringValue }.compactMap { CIDR(address: $0) }
            let subnet = enis.first?.properties["subnetId"]?.stringValue ?? p["subnetId"]?.stringValue
            sources.append(Member(resource: i, vpc: vpc, groups: groups, addresses: ips, subnet: subnet, address: ips.first))
            destinations.append(Destination(resource: i, vpc: vpc, groups: groups, only: nil, subnet: subnet,
                                            address: ips.first))
        }
        for f in index.ofType("aws.lambda.function") {
            guard let config = f.properties["vpcConfig"], let vpc = config["vpcId"]?.stringValue, !vpc.isEmpty else { continue }
            let subnets = NetworkContext.strings(config["subnetIds"]).compactMap {
                ctx.subnet($0, region: f.region)?.properties["cidrBlock"]?.stringValue.flatMap { CIDR($0) }
            }
            sources.append(Member(resource: f, vpc: vpc, groups: NetworkContext.strings(config["securityGroupIds"]),
                                  addresses: subnets))
        }
        for db in index.ofType("aws.rds.db_instance") {
            let p = db.properties
            guard let vpc = p["vpcId"]?.stringValue else { continue }
            if let status = p["status"]?.stringValue, ["stopped", "stopping", "deleting"].contains(status) { continue }
            let port = p["port"]?.intValue
            let subnet = NetworkBuilder.databaseSubnets(db).first
            destinations.append(Destination(resource: db, vpc: vpc, groups: NetworkContext.strings(p["vpcSecurityGroupIds"]),
                                            only: [Flow(proto: .tcp, ports: port.map(PortRange.init) ?? .all)],
                                            subnet: subnet, address: subnet.flatMap {
                                                ctx.subnet($0, region: db.region)?.properties["cidrBlock"]?.stringValue
                                            }.flatMap { CIDR($0) }))
        }
        return (sources, destinations)
    }
}
