/// An IPv4 or IPv6 prefix (`10.0.0.0/16`, `::/0`), parsed strictly: anything else is malformed and reported by the
/// caller, never guessed.
struct CIDR: Hashable, Sendable, CustomStringConvertible {
    enum Family: String, Sendable { case ipv4, ipv6 }

    let family: Family
    /// Network bytes (4 or 16), host bits cleared.
    let bytes: [UInt8]
    let prefix: Int

    var description: String { text }
    let text: String

    /// The whole address space of the family: an arbitrary internet address falls in it.
    var isAll: Bool { prefix == 0 }

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else { return nil }
        let address = String(parts[0])
        if let b = CIDR.ipv4(address) {
            guard (0...32).contains(prefix) else { return nil }
            family = .ipv4
            bytes = CIDR.masked(b, prefix)
        } else if let b = CIDR.ipv6(address) {
            guard (0...128).contains(prefix) else { return nil }
            family = .ipv6
            bytes = CIDR.masked(b, prefix)
        } else {
            return nil
        }
        self.prefix = prefix
        self.text = text
    }

    /// A single address as a host prefix (`10.0.1.5` → `10.0.1.5/32`).
    init?(address: String) {
        if CIDR.ipv4(address) != nil { self.init("\(address)/32") } else { self.init("\(address)/128") }
    }

    /// Whether every address of `other` is in this prefix.
    func contains(_ other: CIDR) -> Bool {
        guard family == other.family, other.prefix >= prefix else { return false }
        return CIDR.masked(other.bytes, prefix) == bytes
    }

    static func masked(_ b: [UInt8], _ prefix: Int) -> [UInt8] {
        var out = b
        for i in out.indices {
            let keep = max(0, min(8, prefix - i * 8))
            out[i] &= keep == 8 ? 0xFF : UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
        return out
    }

    static func ipv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCIIDigit), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    static func ipv6(_ s: String) -> [UInt8]? {
        guard s.contains(":"), s.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return nil }
        let chars = Array(s)
        var halves: [String] = []
        var current = ""
        var i = 0
        while i < chars.count {
            if chars[i] == ":", i + 1 < chars.count, chars[i + 1] == ":" {
                halves.append(current)
                current = ""
                i += 2
            } else {
                current.append(chars[i])
                i += 1
            }
        }
        halves.append(current)
        guard halves.count <= 2 else { return nil }
        func groups(_ h: String) -> [UInt16]? {
            if h.isEmpty { return [] }
            var out: [UInt16] = []
            for g in h.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
