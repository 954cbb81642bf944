import Foundation
import PalisadeModel

extension EventRecord {
    /// Decodes the payload as `T` (e.g. `Finding` for `finding.changed`, `ScanSummary` for `scan.sealed`). Findings and
    /// resources — nearly every event — are read from the parsed payload directly (`ModelJSON`); anything else, or a
    /// payload of the wrong shape, goes through `JSONDecoder`, which reports what is wrong.
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Finding.self, let f = Finding(json: payload) { return f as! T }
        if T.self == Resource.self, let r = Resource(json: payload) { return r as! T }
        return try Wire.decoder.decode(T.self, from: JSONText.data(payload))
    }
}

extension EventsPage: WireFastDecodable {
    /// The page read with `JSONText`: a consumer decodes every page of the log, and `JSONDecoder` into `JSONValue`
    /// payloads was most of the graph's and export's time (decision 0013). Nil for anything not exactly the shape
    /// `Wire.encoder` writes.
    public static func fastDecode(_ data: Data) -> EventsPage? {
        guard let value = try? JSONText.parse(data), case .object(let o) = value, case .array(let items)? = o["events"],
              case .number(let head)? = o["headSeq"], let headSeq = Int64(exactly: head) else { return nil }
        var through: Int64?
        switch o["through"] {
        case nil, .null?: through = nil
        case .number(let t)?: guard let t = Int64(exactly: t) else { return nil }; through = t
        default: return nil
        }
        var events: [EventRecord] = []
        events.reserveCapacity(items.count)
        for item in items {
            guard case .object(let e) = item, case .number(let s)? = e["seq"], let seq = Int64(exactly: s),
                  case .string(let type)? = e["type"], let payload = e["payload"],
                  case .string(let created)? = e["createdAt"], let createdAt = JSONText.date(created) else { return nil }
            events.append(EventRecord(seq: seq, type: type, payload: payload, createdAt: createdAt))
        }
        return EventsPage(events: events, headSeq: headSeq, through: through)
    }
}
