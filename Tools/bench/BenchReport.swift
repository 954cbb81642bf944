import Foundation

struct BenchReport: Codable {
    var scale: Int
    var iamPrincipals: Int
    var resources: Int
    var findings: Int
    var apiCalls: Int
    var seedSeconds: Double
    var scanWallSeconds: Double
    var collectAndIngestSeconds: Double
    var assessSeconds: Double
    var analysisSeconds: Double
    var peakRSSMiB: [String: Double]
    var retriedCalls: Int
    var floorCalls: Int
    var floorConcurrency: Int
    var inProcessCollectSeconds: Double
    var floorSeconds: Double
    var floorCallsByService: [String: Int]

    var callsPerResource: Double { resources > 0 ? Double(apiCalls) / Double(resources) : 0 }

    var wallOverFloor: Double { floorSeconds > 0 ? scanWallSeconds / floorSeconds : 0 }
    var collectOverFloor: Double { floorSeconds > 0 ? collectAndIngestSeconds / floorSeconds : 0 }

    var callsPerSecond: Double { collectAndIngestSeconds > 0 ? Double(apiCalls) / collectAndIngestSeconds : 0 }

    func text() -> String {
        var lines = [
            "palisade-bench  scale \(scale)" + (iamPrincipals > 0 ? " + \(iamPrincipals) IAM principals" : "")
                + ": \(resources) resources, \(findings) findings",
            String(format: "scan wall time        %8.2f s   (start → findings, score, paths and export ready)",
                   scanWallSeconds),
            String(format: "  collect + ingest    %8.2f s   (%d API calls, %.0f calls/s)", collectAndIngestSeconds,
                   apiCalls, callsPerSecond),
            String(format: "  assess (seal)       %8.2f s   (every check evaluated, findings and events committed)", assessSeconds),
            String(format: "  graph/score/export  %8.2f s", analysisSeconds),
            String(format: "floor: moto alone     %8.2f s   (the same %d calls replayed raw, %d in flight)",
                   floorSeconds, floorCalls, floorConcurrency),
            String(format: "  scan wall / floor   %8.2f ×", wallOverFloor),
            String(format: "  collect / floor     %8.2f ×   (in-process collection without delivery: %.2f s)",
                   collectOverFloor, inProcessCollectSeconds),
            String(format: "API calls / resource  %8.2f", callsPerResource),
            "  calls by service (floor's recording): " + floorCallsByService.sorted { $0.value > $1.value }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            String(format: "retried calls         %8d", retriedCalls),
            String(format: "seeding (not counted) %8.2f s", seedSeconds),
            "peak RSS (VmHWM):",
        ]
        for (name, mib) in peakRSSMiB.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%7.1f MiB", mib))
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
    }
}
