/// An inclusive port range (`22`, `80-443`, `0-65535`).
struct PortRange: Hashable, Sendable, Comparable {
    var from: Int
    var to: Int

    static let all = PortRange(from: 0, to: 65535)
    /// Where a client's reply lands: its ephemeral source port. An attacker picks their own source port, so a
    /// return path exists when any port of 1024-65535 is allowed back (docs/graph.md § Network).
    static let ephemeral = PortRange(from: 1024, to: 65535)

    init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    init(_ port: Int) { self.init(from: port, to: port) }

    var isAll: Bool { from <= 0 && to >= 65535 }
    func contains(_ port: Int) -> Bool { from <= port && port <= to }
    func intersection(_ o: PortRange) -> PortRange? {
        let f = max(from, o.from), t = min(to, o.to)
        return f <= t ? PortRange(from: f, to: t) : nil
    }

    var text: String { from == to ? "\(from)" : "\(from)-\(to)" }
    static func < (a: PortRange, b: PortRange) -> Bool { (a.from, a.to) < (b.from, b.to) }
}

/// The IP protocols rules speak of. Security groups name them (`tcp`, `-1`) or number them (`6`); NACLs number them.
enum IPProtocolKind: Hashable, Sendable, Comparable {
    case tcp, udp, icmp, icmpv6
    case other(Int)

    var number: Int {
        switch self {
        case .tcp: 6
        case .udp: 17
        case .icmp: 1
        case .icmpv6: 58
        case .other(let n): n
        }
    }

    var hasPorts: Bool { self == .tcp || self == .udp }
    var label: String {
        switch self {
        case .tcp: "tcp"
        case .udp: "udp"
        case .icmp: "icmp"
        case .icmpv6: "icmpv6"
        case .other(let n): "proto-\(n)"
        }
    }

    init(number: Int) {
        switch number {
        case 6: self = .tcp
        case 17: self = .udp
        case 1: self = .icmp
        case 58: self = .icmpv6
        default: self = .other(number)
        }
    }

    static func < (a: IPProtocolKind, b: IPProtocolKind) -> Bool { a.number < b.number }
}

/// A rule's protocol: one protocol, or every protocol (`-1`).
enum RuleProtocol: Hashable, Sendable {
    case all
    case one(IPProtocolKind)

    /// `-1`/`all`, names (`tcp`, `udp`, `icmp`, `icmpv6`) and numbers 0-255; nil for anything else.
    init?(_ text: String) {
        switch text.lowercased() {
        case "-1", "all": self = .all
        case "tcp": self = .one(.tcp)
        case "udp": self = .one(.udp)
        case "icmp": self = .one(.icmp)
        case "icmpv6": self = .one(.icmpv6)
        default:
            guard let n = Int(text), (0...255).contains(n) else { return nil }
            self = .one(IPProtocolKind(number: n))
        }
    }

    func matches(_ p: IPProtocolKind) -> Bool {
        switch self {
        case .all: true
        case .one(let q): q == p
        }
    }
}

/// Traffic of one protocol on a port range (ports are meaningful for TCP and UDP only).
struct Flow: Hashable, Sendable, Comparable {
    var proto: IPProtocolKind
    var ports: PortRange

    /// What a rule of protocol `-1` admits, per family: TCP, UDP and the family's ICMP.
    static func everything(_ family: CIDR.Family) -> [Flow] {
        [Flow(proto: .tcp, ports: .all), Flow(proto: .udp, ports: .all),
         Flow(proto: family == .ipv4 ? .icmp : .icmpv6, ports: .all)]
    }

    var label: String { proto.hasPorts ? "\(proto.label)/\(ports.text)" : proto.label }
    static func < (a: Flow, b: Flow) -> Bool { (a.proto, a.ports) < (b.proto, b.ports) }
}

enum PortLabels {
    /// `tcp/22`, `tcp/80-443`; `all` when TCP and UDP on every port and ICMP are all reachable. Adjacent and
    /// overlapping ranges of one protocol are merged.
    static func labels(_ flows: [Flow]) -> [String] {
        let merged = merge(flows)
        let full = Set(merged.filter { !$0.proto.hasPorts || $0.ports.isAll }.map(\.proto))
        if full.contains(.tcp), full.contains(.udp), full.contains(.icmp) || full.contains(.icmpv6) {
            return ["all"]
        }
        return merged.map(\.label)
    }

    static func merge(_ flows: [Flow]) -> [Flow] {
        var out: [Flow] = []
        for f in flows.map({ $0.proto.hasPorts ? $0 : Flow(proto: $0.proto, ports: .all) }).sorted() {
            if let last = out.last, last.proto == f.proto, f.ports.from <= last.ports.to + 1 {
                out[out.count - 1].ports.to = max(last.ports.to, f.ports.to)
            } else {
                out.append(f)
            }
        }
        return out
    }
}
