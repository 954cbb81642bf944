import Foundation
import GraphCore
import PalisadeModel

/// Exports the benchmark graph (nodes with kind, name and insight kinds; edges with kind and whether their
/// existence is unknown) and runs `explorer_nx.py`, which loads it into a networkx MultiDiGraph (not timed)
/// and times the same questions written against networkx.
enum NetworkxCompare {
    struct Query { var p50: Double; var answer: String }
    struct Result { var version: String; var queries: [String: Query] }

    static func run(_ graph: SecurityGraph, iterations: Int) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-explorer-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var index: [String: Int] = [:]
        var nodes = ""
        for (i, n) in graph.nodes.enumerated() {
            index[n.id] = i
            nodes += "\(i)\t\(n.kind)\t\(n.label)\t\(n.insights.map(\.kind).joined(separator: ","))\n"
        }
        var edges = ""
        for e in graph.edges {
            guard let s = index[e.src], let d = index[e.dst] else { continue }
            edges += "\(s)\t\(d)\t\(e.kind)\t\(e.unknown == nil ? 0 : 1)\n"
        }
        try nodes.write(to: dir.appendingPathComponent("nodes.tsv"), atomically: false, encoding: .utf8)
        try edges.write(to: dir.appendingPathComponent("edges.tsv"), atomically: false, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("explorer_nx.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, dir.path, "\(iterations)"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let version = obj["version"] as? String, let qs = obj["queries"] as? [String: [String: Any]] else {
            throw BenchError("networkx run failed (is networkx installed? `python3 -m pip install networkx`): "
                             + String(decoding: data, as: UTF8.self))
        }
        var queries: [String: Query] = [:]
        for (name, q) in qs {
            guard let p50 = q["p50"] as? Double, let answer = q["answer"] as? String else { continue }
            queries[name] = Query(p50: p50, answer: answer)
        }
        return Result(version: version, queries: queries)
    }

    /// The explorer's rows as the script prints its answer: counts joined by `/` for the path queries, the row
    /// count for templates.
    static func answer(_ rows: [[JSONValue]]) -> String {
        if rows.count == 1, rows[0].allSatisfy({ $0.doubleValue != nil }) {
            return rows[0].map { String(Int($0.doubleValue ?? 0)) }.joined(separator: "/")
        }
        return "\(rows.count) rows"
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
