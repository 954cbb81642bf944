/// IPv4 CIDR containment for `IpAddress` conditions (IPv6 is reported as undecidable).
enum CIDR {
    static func contains(cidr: String, address: String) -> Bool? {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard let network = ipv4(String(parts[0])), let addr = ipv4(address) else { return nil }
        let bits = parts.count > 1 ? Int(parts[1]) : 32
        guard let bits, (0...32).contains(bits), parts.count <= 2 else { return nil }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return network & mask == addr & mask
    }

    static func ipv4(_ s: String) -> UInt32? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var out: UInt32 = 0
        for o in octets {
            guard let v = UInt8(o) else { return nil }
            out = out << 8 | UInt32(v)
        }
        return out
    }
}
