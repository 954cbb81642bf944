import Foundation

/// The `finding.changed` payload, written by hand: the same JSON object `JSONEncoder` (ISO 8601 dates, sorted keys)
/// makes of a `Finding` — same keys, same values, optionals left out when nil — in about a twentieth of the time.
/// A first assessment of 1,000,000 resources writes ~6,000,000 of them; encoding each with `JSONEncoder` was the
/// largest single cost of the seal (decision 0011). `FindingJSONTests` holds it to `JSONEncoder`'s output, decoded.
///
/// Not thread-safe (it keeps the last dates it formatted): one per writer.
public struct FindingJSON {
    private var out = JSONBytes()
    /// Seals write one `now` into most findings: the formatted text of the last two distinct whole seconds.
    private var dateCache: [(Int64, [UInt8])] = []

    public init() {}

    public mutating func encode(_ f: Finding) -> Data {
        out.reset()
        // Keys in byte order, as `.sortedKeys` writes them (the order does not change the value).
        byte(UInt8(ascii: "{"))
        key("account"); string(f.account)
        comma(); key("checkID"); string(f.checkID)
        comma(); key("controlID"); string(f.controlID)
        comma(); key("firstSeen"); date(f.firstSeen)
        comma(); key("id"); string(f.id)
        comma(); key("lastSeen"); date(f.lastSeen)
        comma(); key("lifecycle"); string(f.lifecycle.rawValue)
        if let m = f.mutedBy { comma(); key("mutedBy"); string(m) }
        comma(); key("provider"); string(f.provider)
        comma(); key("reason"); string(f.reason)
        comma(); key("region"); string(f.region)
        comma(); key("remediation"); string(f.remediation)
        comma(); key("resourceID"); string(f.resourceID)
        comma(); key("resourceType"); string(f.resourceType)
        if let r = f.result { comma(); key("result"); string(r.rawValue) }
        comma(); key("scanID"); string(f.scanID)
        comma(); key("severity"); string(f.severity.rawValue)
        comma(); key("status"); string(f.status.rawValue)
        comma(); key("title"); string(f.title)
        comma(); key("version"); integer(f.version)
        byte(UInt8(ascii: "}"))
        return Data(out.bytes)
    }

    private mutating func byte(_ b: UInt8) { out.byte(b) }
    private mutating func comma() { out.comma() }
    private mutating func key(_ k: StaticString) { out.key(k) }
    private mutating func string(_ s: String) { out.string(s) }
    private mutating func integer(_ n: Int) { out.integer(n) }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, whole seconds rounded down (what the `.iso8601` strategy writes).
    private mutating func date(_ d: Date) {
        let seconds = Int64(d.timeIntervalSince1970.rounded(.down))
        if let hit = dateCache.first(where: { $0.0 == seconds }) {
            out.raw(hit.1)
            return
        }
        let text = JSONText.iso8601(seconds)
        if dateCache.count >= 2 { dateCache.removeFirst() }
        dateCache.append((seconds, text))
        out.raw(text)
    }
}
