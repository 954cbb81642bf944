import Foundation
import PalisadeModel
import PalisadeProtocol

/// Security group fixes: revoke the ingress rules that open the check's ports to the internet, nothing else.
/// `read` records each such rule (protocol, ports, the one source range, its description); `apply` revokes exactly
/// those in one call (AWS applies it all or not at all) and `undo` authorizes exactly those again. Rules from other
/// ranges, security groups or prefix lists are never touched. A rule is one (protocol, ports, source range): a
/// range such as tcp 0-1024 from 0.0.0.0/0 that contains port 22 is revoked whole, because it cannot be split.
extension FixCatalog {
    static let securityGroups: [FixDefinition] = [
        sgExposureFix(id: "ec2.sg.revoke-internet-ssh", check: "aws-ec2-sg-ssh-open-internet", what: "SSH (22)") {
            ($0 == "tcp" || $0 == "-1") && portInRange(22, $1, $2)
        },
        sgExposureFix(id: "ec2.sg.revoke-internet-rdp", check: "aws-ec2-sg-rdp-open-internet", what: "RDP (3389)") {
            ($0 == "tcp" || $0 == "-1") && portInRange(3389, $1, $2)
        },
        sgExposureFix(id: "ec2.sg.revoke-internet-all-traffic", check: "aws-ec2-sg-all-traffic-open-internet",
                      what: "all ports or protocols", splitNote: false) { proto, from, to in
            guard let from, let to else { return true }
            return proto == "-1" || (from <= 0 && to >= 65535)
        },
        sgExposureFix(id: "ec2.sg.revoke-internet-high-risk-ports", check: "aws-ec2-sg-high-risk-ports-restricted",
                      what: "high-risk ports") { proto, from, to in
            ["tcp", "udp", "-1"].contains(proto) && highRiskPorts.contains { portInRange($0, from, to) }
        },
    ]

    /// The port list of `aws-ec2-sg-high-risk-ports-restricted`.
    static let highRiskPorts = [20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000,
                                5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300]

    /// As the checks' `port_in_range`: a missing bound (all protocols) means every port.
    static func portInRange(_ port: Int, _ from: Int?, _ to: Int?) -> Bool {
        guard let from, let to else { return true }
        return from <= port && port <= to
    }

    /// The checks' "open to the internet": a range of prefix /8 or wider that holds a public address
    /// (`cidr_is_public(c) && matches(c, "/[0-8]$")`). At /8 or wider only whole first octets (IPv4) or first
    /// bytes (IPv6) matter: IPv4 ones other than 0, 10, 127 and 224–255 are public; IPv6 ones are public inside
    /// 2000::/3 or in ::/8, which holds the IPv4-mapped addresses.
    static func internetWide(_ cidr: String) -> Bool {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let prefix = Int(parts[1]), (0...8).contains(prefix) else { return false }
        let width = 1 << (8 - prefix)
        if cidr.contains(":") {
            let head = parts[0].split(separator: ":", omittingEmptySubsequences: false).first ?? ""
            let group = head.isEmpty ? 0 : Int(head, radix: 16) ?? -1
            guard group >= 0 else { return false }
            let low = (group >> 8) & ~(width - 1)
            return (low..<(low + width)).contains { $0 == 0 || (0x20...0x3F).contains($0) }
        }
        guard let octet = parts[0].split(separator: ".").first.flatMap({ Int($0) }), octet < 256 else { return false }
        let low = octet & ~(width - 1)
        return (low..<(low + width)).contains { ![0, 10, 127].contains($0) && $0 < 224 }
    }

    /// The group's ingress rules from an internet-wide range whose (protocol, from, to) `matches`, one per range
    /// (all traffic recorded without ports).
    static func internetRules(_ group: XMLNode, matching matches: (String, Int?, Int?) -> Bool) -> [JSONValue] {
        var rules: [JSONValue] = []
        for p in group.list("ipPermissions") {
            let proto = p.string("ipProtocol") ?? ""
            let from = p.int("fromPort"), to = p.int("toPort")
            guard matches(proto, from, to) else { continue }
            let ranges = p.list("ipRanges").map { ("cidrIp", $0.string("cidrIp") ?? "", $0.string("description")) }
                + p.list("ipv6Ranges").map { ("cidrIpv6", $0.string("cidrIpv6") ?? "", $0.string("description")) }
            for (key, cidr, description) in ranges where internetWide(cidr) {
                var rule: [String: JSONValue] = ["ipProtocol": .string(proto), key: .string(cidr)]
                if let from, let to, proto != "-1" {
                    rule["fromPort"] = .number(Double(from))
                    rule["toPort"] = .number(Double(to))
                }
                if let description, !description.isEmpty { rule["description"] = .string(description) }
                rules.append(.object(rule))
            }
        }
        return rules
    }

    /// `IpPermissions.N.*` for the rules, one permission each; descriptions only when authorizing.
    static func permissionParams(_ rules: [JSONValue], descriptions: Bool) -> [(String, String)] {
        var params: [(String, String)] = []
        for (i, r) in rules.enumerated() {
            let n = "IpPermissions.\(i + 1)"
            params.append(("\(n).IpProtocol", r["ipProtocol"]?.stringValue ?? ""))
            if let from = r["fromPort"]?.intValue, let to = r["toPort"]?.intValue {
                params += [("\(n).FromPort", String(from)), ("\(n).ToPort", String(to))]
            }
            let (list, key) = r["cidrIpv6"] != nil ? ("Ipv6Ranges", "CidrIpv6") : ("IpRanges", "CidrIp")
            params.append(("\(n).\(list).1.\(key)", (r["cidrIpv6"] ?? r["cidrIp"])?.stringValue ?? ""))
            if descriptions, let d = r["description"]?.stringValue {
                params.append(("\(n).\(list).1.Description", d))
            }
        }
        return params
    }

    /// The same permissions as the CLI's `--ip-permissions` JSON.
    static func permissionsJSON(_ rules: [JSONValue], descriptions: Bool) -> String {
        let perms: [JSONValue] = rules.map { r in
            var p: [String: JSONValue] = ["IpProtocol": r["ipProtocol"] ?? .null]
            if let from = r["fromPort"], let to = r["toPort"] { p["FromPort"] = from; p["ToPort"] = to }
            let (list, key) = r["cidrIpv6"] != nil ? ("Ipv6Ranges", "CidrIpv6") : ("IpRanges", "CidrIp")
            var range: [String: JSONValue] = [key: (r["cidrIpv6"] ?? r["cidrIp"]) ?? .null]
            if descriptions, let d = r["description"] { range["Description"] = d }
            p[list] = [.object(range)]
            return .object(p)
        }
        return String(decoding: JSONValue.array(perms).canonicalData(), as: UTF8.self)
    }

    /// `tcp 22 from 0.0.0.0/0`, `all traffic from ::/0`; with `splitNote`, a rule opening more than one port says
    /// it goes whole.
    static func describe(_ r: JSONValue, splitNote: Bool) -> String {
        let proto = r["ipProtocol"]?.stringValue ?? "?"
        let source = (r["cidrIpv6"] ?? r["cidrIp"])?.stringValue ?? "?"
        guard let from = r["fromPort"]?.intValue, let to = r["toPort"]?.intValue else {
            return "\(proto == "-1" ? "all traffic" : proto + " all ports") from \(source)"
                + (splitNote ? " (the whole rule: it cannot be split)" : "")
        }
        let ports = from == to ? "\(from)" : "\(from)-\(to)"
        let whole = splitNote && from != to ? " (the whole range: it cannot be split)" : ""
        return "\(proto) \(ports) from \(source)" + whole
    }

    /// A fix for one check: `matches(protocol, fromPort, toPort)` picks the rules the check fails on.
    static func sgExposureFix(id: String, check: String, what: String, splitNote: Bool = true,
                              matches: @escaping @Sendable (String, Int?, Int?) -> Bool) -> FixDefinition {
        FixDefinition(
            id: id, checks: [check],
            summary: "Revoke the security group's ingress rules that open \(what) to the internet; other rules stay",
            read: { c, t in
                let groupID = try ec2ID(t, prefix: "sg-")
                let doc = try await ec2Read(c, t, "DescribeSecurityGroups", [("GroupId.1", groupID)])
                guard let group = doc.list("securityGroupInfo").first(where: { $0.string("groupId") == groupID }) else {
                    throw FixRefusal("DescribeSecurityGroups does not list \(groupID)")
                }
                return ["groupId": .string(groupID), "internet": .array(internetRules(group) { _, _, _ in true })]
            },
            apply: { t, p in
                let rules = rulesOf(p, matches)
                guard !rules.isEmpty else { return [] }
                let list = rules.map { describe($0, splitNote: splitNote) }.joined(separator: "; ")
                let params = [("GroupId", t.name)] + permissionParams(rules, descriptions: false)
                return [ec2("RevokeSecurityGroupIngress", t, params,
                            title: "Revoke \(what) open to the internet on \(t.name): \(list)",
                            cli: "aws ec2 revoke-security-group-ingress --group-id \(t.name) --ip-permissions "
                                + CLIQuote.arg(permissionsJSON(rules, descriptions: false)))]
            },
            undo: { t, p in
                let rules = rulesOf(p, matches)
                guard !rules.isEmpty else { return [] }
                let list = rules.map { describe($0, splitNote: false) }.joined(separator: "; ")
                let params = [("GroupId", t.name)] + permissionParams(rules, descriptions: true)
                return [ec2("AuthorizeSecurityGroupIngress", t, params,
                            title: "Authorize again on \(t.name) the revoked rules: \(list)",
                            cli: "aws ec2 authorize-security-group-ingress --group-id \(t.name) --ip-permissions "
                                + CLIQuote.arg(permissionsJSON(rules, descriptions: true)))]
            },
            document: "ec2.security-group.ingress",
            after: { _, p in
                let revoked = Set(rulesOf(p, matches))
                return ["groupId": p["groupId"] ?? .null,
                        "internet": .array((p["internet"]?.arrayValue ?? []).filter { !revoked.contains($0) })]
            })
    }

    /// The recorded internet-wide rules this fix revokes. The read records all of them, not only this fix's, so
    /// that several fixes on one group chain (`FixDefinition.document`): a world-open tcp 0-65535 rule matches the
    /// SSH, RDP and high-risk-port checks alike, and only the first fix in a plan revokes it.
    static func rulesOf(_ p: JSONValue, _ matches: (String, Int?, Int?) -> Bool) -> [JSONValue] {
        (p["internet"]?.arrayValue ?? []).filter {
            matches($0["ipProtocol"]?.stringValue ?? "", $0["fromPort"]?.intValue, $0["toPort"]?.intValue)
        }
    }
}
