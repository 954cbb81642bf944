/// What the security graph decides for a check with `evaluator: graph` (docs/checks.md § Graph checks). A closed
/// vocabulary: each rule is written and unit-tested in the graph service (`GraphCore/Findings`).
public struct GraphRule: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// The internet reaches the resource (`exposes` edge) on one of `ports`.
        case internetExposure = "internet_exposure"
        /// The principal has a `can_escalate` edge: a privilege-escalation method applies to it.
        case privilegeEscalation = "privilege_escalation"
        /// The internet reaches the workload (directly or through a load balancer) and its role administers the
        /// account (or can escalate to it) or can write a store holding sensitive data.
        case exposedPrivilegedWorkload = "exposed_privileged_workload"
        /// Anyone (`principal:*`) has an access or assume edge to the resource through a resource or trust policy.
        case publicAccess = "public_access"
    }

    public var rule: Kind
    /// `internet_exposure`: the ports that count (`tcp/22`, `tcp/1433-1434`).
    public var ports: [PortRange]

    public init(rule: Kind, ports: [PortRange] = []) {
        self.rule = rule
        self.ports = ports
    }

    enum CodingKeys: String, CodingKey { case rule, ports }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(Kind.self, forKey: .rule)
        ports = try c.decodeIfPresent([PortRange].self, forKey: .ports) ?? []
    }
}

/// A protocol and an inclusive port range, as graph edges spell them: `tcp/22`, `tcp/80-443`, `udp/53`, `tcp/all`,
/// or `all` (every protocol and port). Encoded as that string.
public struct PortRange: Codable, Sendable, Hashable, CustomStringConvertible {
    /// `tcp`, `udp`, `icmp`, … or `all`.
    public var proto: String
    public var from: Int
    public var to: Int

    public init(proto: String, from: Int, to: Int) {
        self.proto = proto.lowercased()
        self.from = from
        self.to = to
    }

    /// Parses `tcp/22`, `tcp/80-443`, `tcp/all`, `all`, `-1` (all traffic), and a bare protocol without ports
    /// (`icmp`, `proto-47`: every "port" of it); nil for anything else.
    public init?(_ text: String) {
        let t = String(text.filter { $0 != " " }).lowercased()
        if t == "all" || t == "-1" || t == "all/all" {
            self.init(proto: "all", from: 0, to: 65535)
            return
        }
        if !t.contains("/"), let first = t.first, first.isLetter, t.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            self.init(proto: t, from: 0, to: 65535)
            return
        }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else { return nil }
        let proto = parts[0] == "-1" ? "all" : parts[0]
        if parts[1] == "all" || parts[1] == "*" {
            self.init(proto: proto, from: 0, to: 65535)
            return
        }
        let bounds = parts[1].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(bounds.count), let lo = bounds.first ?? nil, let hi = bounds.last ?? nil,
              0 <= lo, lo <= hi, hi <= 65535 else { return nil }
        self.init(proto: proto, from: lo, to: hi)
    }

    public var description: String {
        if proto == "all" { return "all" }
        if from == 0 && to == 65535 { return "\(proto)/all" }
        return from == to ? "\(proto)/\(from)" : "\(proto)/\(from)-\(to)"
    }

    /// Some traffic matches both: same protocol (or either is `all`) and the port ranges meet.
    public func overlaps(_ other: PortRange) -> Bool {
        (proto == "all" || other.proto == "all" || proto == other.proto) && from <= other.to && other.from <= to
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = PortRange(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not a port range like tcp/22 or tcp/80-443"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
