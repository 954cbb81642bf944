import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol

/// Checks a set of graph verdicts against the benchmark and the account's inventory before anything is written;
/// every problem is listed (up to 20), naming the item, so the graph service's bug or version skew is visible at once.
enum GraphVerdictValidator {
    /// What the validator needs to know about a resource a verdict names.
    struct Known {
        /// nil when the resource was seen by the scan but has been retired since (its type is gone with it).
        var type: String?
    }

    static func problems(_ m: GraphVerdicts, benchmark: Benchmark, resource: (String) throws -> Known?) rethrows -> [String] {
        var out: [String] = []
        if m.scanID.trimmingCharacters(in: .whitespaces).isEmpty { out.append("scanID is empty") }
        if m.account.isEmpty { out.append("account is empty") }
        var seen: Set<String> = []
        for (i, v) in m.verdicts.enumerated() {
            let label = "verdicts[\(i)] (\(v.checkID) on \(v.resourceID))"
            if let check = benchmark.check(id: v.checkID) {
                if !check.isGraphDecided {
                    out.append("\(label): check \(v.checkID) is decided by its expression, not by the graph")
                } else if let type = try resource(v.resourceID)?.type, type != check.metadata.resourceType {
                    out.append("\(label): check \(v.checkID) runs on \(check.metadata.resourceType), the resource is a \(type)")
                }
            } else {
                out.append("\(label): unknown check id '\(v.checkID)'")
            }
            if v.resourceID.isEmpty {
                out.append("\(label): resourceID is empty")
            } else if try resource(v.resourceID) == nil {
                out.append("\(label): resource \(v.resourceID) is not in the inventory of account \(m.account)")
            }
            if ![.pass, .fail, .error].contains(v.status) {
                out.append("\(label): status \(v.status.rawValue); a verdict is pass, fail or error")
            }
            if !seen.insert(v.checkID + "\u{0}" + v.resourceID).inserted {
                out.append("\(label): the same check and resource appear twice")
            }
            if out.count >= 20 { out.append("... (stopped after 20 problems)"); break }
        }
        return out
    }

    /// Order-independent digest of a verdict set: a resent set has the same one.
    static func digest(_ verdicts: [GraphVerdict]) -> String {
        let lines = verdicts.map { "\($0.checkID)\u{0}\($0.resourceID)\u{0}\($0.status.rawValue)\u{0}\($0.reason)" }.sorted()
        return FNV1a.hex(Data(lines.joined(separator: "\n").utf8))
    }
}

extension WireError {
    static func verdictsInvalid(_ scanID: String, _ problems: [String]) -> WireError {
        WireError(code: "assessor.verdicts.invalid",
                  message: "graph verdicts for scan \(scanID) rejected, nothing written: " + problems.joined(separator: "; "))
    }
}
