import Foundation

/// `Resource` and `Finding` ↔ `JSONValue` by hand, for the consumers of the event log: every `finding.changed` and
/// `resource.changed` a first assessment logs (6,000,000 and 1,000,000 at 1,000,000 resources) is read by the graph
/// and export, and going through `JSONDecoder`/`JSONEncoder` — text out of the already parsed payload, then
/// `JSONValue`'s `Codable`, which throws on every case it tries first — was most of what they spent (decision 0013).
///
/// The readers accept exactly what the synthesized `Codable` conformance accepts from `Wire.encoder`'s output (every
/// non-optional key present with its type, dates as whole-second ISO 8601 in UTC, integers exact) and return nil for
/// anything else, so a caller falls back to `JSONDecoder` and reports the same error it always did.
extension Resource {
    public init?(json: JSONValue) {
        guard case .object(let o) = json, case .string(let id)? = o["id"], case .string(let provider)? = o["provider"],
              case .string(let account)? = o["account"], case .string(let region)? = o["region"],
              case .string(let type)? = o["type"], case .string(let name)? = o["name"],
              let tags = JSONValue.strings(o["tags"]), let properties = o["properties"],
              let unknown = JSONValue.strings(o["unknown"]) else { return nil }
        self.init(id: id, provider: provider, account: account, region: region, type: type, name: name, tags: tags,
                  properties: properties, unknown: unknown)
    }

    /// The object `Wire.encoder` makes of the resource (same keys, same values).
    public var json: JSONValue {
        .object(["id": .string(id), "provider": .string(provider), "account": .string(account),
                 "region": .string(region), "type": .string(type), "name": .string(name),
                 "tags": .object(tags.mapValues { .string($0) }), "properties": properties,
                 "unknown": .object(unknown.mapValues { .string($0) })])
    }
}

extension Finding {
    public init?(json: JSONValue) {
        guard case .object(let o) = json, case .string(let id)? = o["id"], case .string(let checkID)? = o["checkID"],
              case .string(let title)? = o["title"], case .string(let sev)? = o["severity"],
              let severity = Severity(rawValue: sev), case .string(let controlID)? = o["controlID"],
              case .string(let resourceID)? = o["resourceID"], case .string(let resourceType)? = o["resourceType"],
              case .string(let provider)? = o["provider"], case .string(let account)? = o["account"],
              case .string(let region)? = o["region"], case .string(let st)? = o["status"],
              let status = FindingStatus(rawValue: st), case .string(let reason)? = o["reason"],
              case .string(let remediation)? = o["remediation"], case .string(let first)? = o["firstSeen"],
              let firstSeen = JSONText.date(first), case .string(let last)? = o["lastSeen"],
              let lastSeen = JSONText.date(last), case .string(let scanID)? = o["scanID"],
              case .number(let v)? = o["version"], let version = Int(exactly: v),
              case .string(let lc)? = o["lifecycle"], let lifecycle = FindingLifecycle(rawValue: lc)
        else { return nil }
        var result: FindingStatus?
        switch o["result"] {
        case nil, .null?: result = nil
        case .string(let r)?: guard let r = FindingStatus(rawValue: r) else { return nil }; result = r
        default: return nil
        }
        var mutedBy: String?
        switch o["mutedBy"] {
        case nil, .null?: mutedBy = nil
        case .string(let m)?: mutedBy = m
        default: return nil
        }
        self.init(id: id, checkID: checkID, title: title, severity: severity, controlID: controlID,
                  resourceID: resourceID, resourceType: resourceType, provider: provider, account: account,
                  region: region, status: status, reason: reason, remediation: remediation, firstSeen: firstSeen,
                  lastSeen: lastSeen, scanID: scanID, version: version, lifecycle: lifecycle, result: result,
                  mutedBy: mutedBy)
    }
}

extension JSONValue {
    /// An object of strings as a dictionary; nil when it is not one.
    public static func strings(_ v: JSONValue?) -> [String: String]? {
        guard case .object(let o)? = v else { return nil }
        var out: [String: String] = [:]
        out.reserveCapacity(o.count)
        for (k, item) in o {
            guard case .string(let s) = item else { return nil }
            out[k] = s
        }
        return out
    }
}

extension JSONText {
    /// `yyyy-MM-ddTHH:mm:ssZ` (what `.iso8601` writes) as a date; nil for any other text, which the caller hands to
    /// `JSONDecoder`'s own ISO 8601 parser.
    public static func date(_ s: String) -> Date? {
        var s = s
        return s.withUTF8 { b -> Date? in
            guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z") else { return nil }
            func digits(_ from: Int, _ count: Int) -> Int64? {
                var n: Int64 = 0
                for k in from..<(from + count) {
                    let c = b[k]
                    guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                    n = n * 10 + Int64(c - UInt8(ascii: "0"))
                }
                return n
            }
            guard let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2), let hour = digits(11, 2),
                  let minute = digits(14, 2), let second = digits(17, 2), (1...12).contains(month),
                  day >= 1, hour < 24, minute < 60, second < 60 else { return nil }
            guard day <= CivilDate.daysIn(month: Int(month), year: Int(year)) else { return nil }  // 2026-02-30: not a date
            let days = Int64(CivilDate.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
            return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }
}
