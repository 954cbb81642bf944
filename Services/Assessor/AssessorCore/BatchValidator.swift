import Foundation
import PalisadeModel
import PalisadeProtocol

/// Checks an inventory batch before anything is written; every problem is listed so the connector can fix
/// them all at once.
enum BatchValidator {
    static func problems(_ b: IngestBatch) -> [String] {
        var out: [String] = []
        if b.scanID.trimmingCharacters(in: .whitespaces).isEmpty { out.append("scanID is empty") }
        if b.batchSeq < 0 { out.append("batchSeq is \(b.batchSeq); it must be 0 or more") }
        if b.provider.isEmpty { out.append("provider is empty") }
        if b.account.isEmpty { out.append("account is empty") }
        var seen: Set<String> = []
        for (i, r) in b.resources.enumerated() {
            let label = r.id.isEmpty ? "resources[\(i)]" : "resources[\(i)] (\(r.id))"
            if r.id.isEmpty { out.append("\(label): id is empty") }
            if r.type.isEmpty { out.append("\(label): type is empty") }
            if r.region.isEmpty { out.append("\(label): region is empty") }
            if r.account != b.account {
                out.append("\(label): account '\(r.account)' does not match the batch account '\(b.account)'")
            }
            if r.provider != b.provider {
                out.append("\(label): provider '\(r.provider)' does not match the batch provider '\(b.provider)'")
            }
            if r.properties.objectValue == nil { out.append("\(label): properties must be a JSON object") }
            if !r.id.isEmpty, !seen.insert(r.id).inserted { out.append("\(label): the id appears twice in the batch") }
            if out.count >= 20 { out.append("... (stopped after 20 problems)"); break }
        }
        return out
    }
}

extension WireError {
    static func batchInvalid(_ problems: [String]) -> WireError {
        WireError(code: "assessor.batch.invalid", message: "batch rejected: " + problems.joined(separator: "; "))
    }
    static func scanSealed(_ scanID: String, batchSeq: Int) -> WireError {
        WireError(code: "assessor.scan.sealed",
                  message: "scan \(scanID) is already sealed; batch \(batchSeq) was never committed — start a new scan")
    }
    static func scanMismatch(_ message: String) -> WireError {
        WireError(code: "assessor.scan.mismatch", message: message)
    }
    static func sealInvalid(_ message: String) -> WireError {
        WireError(code: "assessor.seal.invalid", message: message)
    }
    static func notFound(_ message: String) -> WireError {
        WireError(code: "assessor.query.notFound", message: message)
    }
    static func invalid(_ message: String) -> WireError {
        WireError(code: "assessor.query.invalid", message: message)
    }
}
