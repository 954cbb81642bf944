import Foundation
import GraphCore

/// Exports the searched part of the graph (movement and access edges with their weights, entries, targets) and
/// runs `networkx_reach.py` on it, which times the same per-entry reachability with networkx.
enum NetworkxRun {
    struct Result { var seconds: Double; var pairs: Int }

    static func run(org: SyntheticOrg, compact: CompactGraph, engine: PathEngine) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-graph-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var edges = ""
        edges.reserveCapacity(compact.edgeCount * 20)
        for node in 0..<compact.nodeCount {
            for slot in Int(compact.offsets[node])..<Int(compact.offsets[node + 1]) {
                let w = PathSearch.definiteCost + (compact.conditional[slot] ? PathSearch.conditionalPenalty : 0)
                edges += "\(node) \(compact.targets[slot]) \(w) \(compact.kinds[slot].isMovement ? 1 : 0)\n"
            }
        }
        try edges.write(to: dir.appendingPathComponent("edges.txt"), atomically: false, encoding: .utf8)
        try engine.entries.map { "\($0.source)" }.joined(separator: "\n")
            .write(to: dir.appendingPathComponent("entries.txt"), atomically: false, encoding: .utf8)
        try org.flags.indices.filter { org.flags[$0].isTarget }.map(String.init).joined(separator: "\n")
            .write(to: dir.appendingPathComponent("targets.txt"), atomically: false, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("networkx_reach.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, dir.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = obj["seconds"] as? Double, let pairs = obj["pairs"] as? Int else {
            throw ValidationErrorText("networkx run failed (is networkx installed? `pip install networkx`): \(String(decoding: data, as: UTF8.self))")
        }
        return Result(seconds: seconds, pairs: pairs)
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
