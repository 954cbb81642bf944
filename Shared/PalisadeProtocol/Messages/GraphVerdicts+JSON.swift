import Foundation
import PalisadeModel

/// A verdict set is the largest request on the bus after ingest batches (138,000 verdicts at 100,000 resources, each
/// resent at every rebuild): written with `JSONBytes` and read with `JSONText` instead of `JSONEncoder`/`JSONDecoder`.
/// The same JSON either way (`GraphVerdictsJSONTests`).
extension GraphVerdicts: WireFastEncodable {
    public func fastEncode() -> Data {
        var o = JSONBytes(capacity: 64 + verdicts.count * 160)
        o.byte(UInt8(ascii: "{"))
        o.key("account"); o.string(account)
        o.comma(); o.key("scanID"); o.string(scanID)
        o.comma(); o.key("verdicts"); o.byte(UInt8(ascii: "["))
        for (i, v) in verdicts.enumerated() {
            if i > 0 { o.comma() }
            o.byte(UInt8(ascii: "{"))
            o.key("checkID"); o.string(v.checkID)
            o.comma(); o.key("reason"); o.string(v.reason)
            o.comma(); o.key("resourceID"); o.string(v.resourceID)
            o.comma(); o.key("status"); o.string(v.status.rawValue)
            o.byte(UInt8(ascii: "}"))
        }
        o.byte(UInt8(ascii: "]"))
        o.byte(UInt8(ascii: "}"))
        return Data(o.bytes)
    }

    /// Nil for anything not exactly this shape: `Wire.decoder` then decides and reports the problem.
    public static func fastDecode(_ data: Data) -> GraphVerdicts? {
        guard let value = try? JSONText.parse(data), case .object(let o) = value, case .string(let account)? = o["account"],
              case .string(let scanID)? = o["scanID"], case .array(let items)? = o["verdicts"], o.count == 3
        else { return nil }
        var verdicts: [GraphVerdict] = []
        verdicts.reserveCapacity(items.count)
        for item in items {
            guard case .object(let v) = item, v.count == 4, case .string(let check)? = v["checkID"],
                  case .string(let reason)? = v["reason"], case .string(let resource)? = v["resourceID"],
                  case .string(let s)? = v["status"], let status = FindingStatus(rawValue: s) else { return nil }
            verdicts.append(GraphVerdict(checkID: check, resourceID: resource, status: status, reason: reason))
        }
        return GraphVerdicts(scanID: scanID, account: account, verdicts: verdicts)
    }
}
