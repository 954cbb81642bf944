import PalisadeModel

/// A fingerprint of a resource's content, for change detection (not a security hash): FNV-1a 64 over a canonical
/// walk of every field — object keys sorted, each value tagged with its kind and strings length-prefixed, so two
/// different resources cannot feed the same bytes. Walks the values directly: encoding JSON to hash it cost more
/// than everything else an unchanged resource needs at ingest.
struct ContentHash {
    private var fnv = FNV1a()

    static func of(_ r: Resource) -> String {
        var h = ContentHash()
        h.add(r.id); h.add(r.provider); h.add(r.account); h.add(r.region); h.add(r.type); h.add(r.name)
        h.add(r.tags)
        h.add(r.properties)
        h.add(r.unknown)
        return h.fnv.hex
    }

    private mutating func byte(_ b: UInt8) { fnv.add(b) }

    private mutating func add(_ n: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8(truncatingIfNeeded: n >> UInt64(shift))) }
    }

    private mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { bytes in
            add(UInt64(bytes.count))
            for b in bytes { byte(b) }
        }
    }

    private mutating func add(_ map: [String: String]) {
        add(UInt64(map.count))
        for (key, value) in map.sorted(by: { $0.key < $1.key }) {
            add(key)
            add(value)
        }
    }

    private mutating func add(_ v: JSONValue) {
        switch v {
        case .null: byte(0)
        case .bool(let b): byte(b ? 2 : 1)
        case .number(let n):
            byte(3)
            add(n.bitPattern)
        case .string(let s):
            byte(4)
            add(s)
        case .array(let items):
            byte(5)
            add(UInt64(items.count))
            for item in items { add(item) }
        case .object(let o):
            byte(6)
            add(UInt64(o.count))
            // Entries sorted once, not keys sorted and then each looked up again.
            for (key, value) in o.sorted(by: { $0.key < $1.key }) {
                add(key)
                add(value)
            }
        }
    }
}
