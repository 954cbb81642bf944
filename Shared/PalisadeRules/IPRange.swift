import Foundation

/// An IPv4 or IPv6 address range parsed from a CIDR (`10.0.0.0/8`, `::/0`) or a single address.
struct IPRange: Sendable, Hashable {
    enum Family: Sendable { case v4, v6 }
    var family: Family
    var low: UInt128
    var high: UInt128

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first else { return nil }
        let address: UInt128
        let bits: Int
        if let v4 = IPRange.parseV4(first) {
            family = .v4
            address = UInt128(v4)
            bits = 32
        } else if let v6 = IPRange.parseV6(first) {
            family = .v6
            address = v6
            bits = 128
        } else {
            return nil
        }
        var prefix = bits
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= bits else { return nil }
            prefix = p
        }
        let hostBits = bits - prefix
        let hostMask: UInt128 = hostBits == 0 ? 0 : (hostBits == 128 ? UInt128.max : (UInt128(1) << hostBits) - 1)
        low = address & ~hostMask
        high = low | hostMask
    }

    init(family: Family, low: UInt128, high: UInt128) {
        self.family = family
        self.low = low
        self.high = high
    }

    func contains(_ other: IPRange) -> Bool {
        family == other.family && low <= other.low && other.high <= high
    }

    /// True when the range holds at least one publicly routable address: an address outside the
    /// private, loopback, link-local, shared (CGNAT), documentation, benchmarking, multicast and reserved
    /// blocks (IPv4), or inside global unicast 2000::/3 minus documentation 2001:db8::/32, or an
    /// IPv4-mapped address (::ffff:0:0/96) whose IPv4 part is public (IPv6).
    var isPublic: Bool {
        switch family {
        case .v4:
            return IPRange.hasGap(low, high, excluding: IPRange.nonPublicV4)
        case .v6:
            if let (l, h) = intersect(IPRange.globalUnicastV6), IPRange.hasGap(l, h, excluding: IPRange.documentationV6) {
                return true
            }
            if let (l, h) = intersect(IPRange.mappedV4) {
                let v4 = IPRange(family: .v4, low: l & 0xFFFF_FFFF, high: h & 0xFFFF_FFFF)
                return v4.isPublic
            }
            return false
        }
    }

    private static let globalUnicastV6 = IPRange("2000::/3")!
    private static let documentationV6 = [IPRange("2001:db8::/32")!]
    private static let mappedV4 = IPRange("::ffff:0:0/96")!

    private func intersect(_ other: IPRange) -> (UInt128, UInt128)? {
        let l = max(low, other.low)
        let h = min(high, other.high)
        return l <= h ? (l, h) : nil
    }

    /// Whether [low, high] has an address not covered by `excluding` (sorted, non-overlapping ranges).
    private static func hasGap(_ low: UInt128, _ high: UInt128, excluding: [IPRange]) -> Bool {
        var cursor = low
        for r in excluding where r.high >= cursor {
            if r.low > cursor { return true }
            if r.high >= high { return false }
            cursor = r.high + 1
        }
        return cursor <= high
    }

    static let nonPublicV4: [IPRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4",
    ].map { IPRange($0)! }.sorted { $0.low < $1.low }

    static func parseV4(_ s: Substring) -> UInt32? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isASCII), let n = UInt32(o), n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    static func parseV6(_ s: Substring) -> UInt128? {
        guard s.contains(":") else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, p) in pieces.enumerated() {
                if i == pieces.count - 1, p.contains("."), let v4 = parseV4(p) {
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard !p.isEmpty, p.count <= 4, let g = UInt16(p, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}
