/// JSON text written straight into bytes, for encoders that know their keys (`FindingJSON`, the graph's rows): no
/// `JSONValue` tree, no key sorting at run time — the caller writes keys in byte order, as `.sortedKeys` and
/// `JSONText.data` do, so the text is the same.
public struct JSONBytes {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }
    public mutating func byte(_ b: UInt8) { bytes.append(b) }
    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    public mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// `"k":`
    public mutating func key(_ k: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ s: String) { JSONText.writeString(s, &bytes) }
    public mutating func integer(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }
    public mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }

    public mutating func strings(_ a: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in a.enumerated() {
            if i > 0 { comma() }
            string(s)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
