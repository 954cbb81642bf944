import Foundation
import PalisadeModel

extension EventRecord {
    /// Decodes the payload as `T` (e.g. `Finding` for `finding.changed`, `ScanSummary` for `scan.sealed`).
    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try Wire.decoder.decode(T.self, from: Wire.encoder.encode(payload))
    }
}
