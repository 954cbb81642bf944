import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Reads an `assessor.ingestBatch` body with `JSONText` rather than `JSONDecoder`. `JSONValue`'s `Codable` conformance
/// tries each case in turn, throwing on every miss, so decoding a batch's resource properties through `JSONDecoder`
/// cost more than storing them (decision 0011). Anything this reader does not recognise as exactly the shape
/// `JSONDecoder` accepts (a missing key, a wrong type, a fractional batch number) goes to `Wire.decoder`, so a bad
/// batch is rejected with the same message as before.
enum IngestBatchReader {
    static func decode(_ body: Data) throws -> IngestBatch {
        if let value = try? JSONText.parse(body), let batch = batch(value) { return batch }
        return try Wire.decoder.decode(IngestBatch.self, from: body)
    }

    static func batch(_ v: JSONValue) -> IngestBatch? {
        guard case .object(let o) = v, case .string(let scanID)? = o["scanID"], case .number(let seq)? = o["batchSeq"],
              let batchSeq = Int(exactly: seq), case .string(let provider)? = o["provider"],
              case .string(let account)? = o["account"], case .array(let items)? = o["resources"] else { return nil }
        var resources: [Resource] = []
        resources.reserveCapacity(items.count)
        for item in items {
            guard let r = resource(item) else { return nil }
            resources.append(r)
        }
        return IngestBatch(scanID: scanID, batchSeq: batchSeq, provider: provider, account: account, resources: resources)
    }

    static func resource(_ v: JSONValue) -> Resource? { Resource(json: v) }
}
