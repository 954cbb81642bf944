import ArgumentParser
import Foundation
import GraphCore
import PalisadeModel
#if canImport(Glibc)
import Glibc
#endif

/// `palisade-graph-bench`: the attack-path engine on a synthetic organization graph (docs: BENCHMARKS.md).
/// Times, on one core, building the compact graph, the searches from every entry (reachability and the most
/// dangerous path per entry and target), and the choke points; prints peak RSS; and, with `--networkx`, exports
/// the searched graph and times the same reachability computed by networkx in the same run.
@main
struct GraphBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "palisade-graph-bench",
                                                    abstract: "Benchmark the graph engine on a synthetic organization.")

    @Option(help: "Accounts of 10,000 nodes and 50,000 edges each (100 = 1M nodes, 5M edges).") var accounts = 100
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Flag(help: "Also time networkx on the same graph (exports it to a temporary directory).") var networkx = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let org = SyntheticOrg(accounts: accounts, seed: seed)
        // Thread CPU time: what one core spends, whatever else the machine is doing; wall time alongside.
        let w0 = ContinuousClock.now, t0 = cpuSeconds()
        let compact = CompactGraph(nodeCount: org.nodeCount, edges: org.edges)
        let engine = PathEngine(graph: compact, flags: org.flags, internet: org.internet, anyPrincipal: org.anyPrincipal)
        let t1 = cpuSeconds()
        let reach = engine.reachablePairs()
        let tReach = cpuSeconds()
        let set = engine.run()
        let paths = set.paths, explored = set.explored
        let t2 = cpuSeconds()
        let chokes = ChokePoints.count(set, in: compact, limit: 20)
        let t3 = cpuSeconds(), w3 = ContinuousClock.now
        let rss = peakRSSMiB()

        var byRisk: [String: Int] = [:]
        for p in paths { byRisk[p.risk.risk.rawValue, default: 0] += 1 }
        let pairs = paths.filter { $0.count > 0 }.count
        var figures: [String: String] = [
            "nodes": "\(org.nodeCount)", "edges": "\(org.edges.count)", "searchedEdges": "\(compact.edgeCount)",
            "entries": "\(engine.entries.count)", "paths": "\(paths.count)", "entryTargetPairs": "\(pairs)",
            "edgesExplored": "\(explored)", "buildSeconds": secs(t1 - t0), "reachabilitySeconds": secs(tReach - t1),
            "reachablePairs": "\(reach.pairs)", "pathsSeconds": secs(t2 - tReach),
            "chokePointSeconds": secs(t3 - t2), "totalSeconds": secs((t1 - t0) + (t3 - tReach)), "totalWallSeconds": String(format: "%.3f", (w3 - w0).seconds),
            "peakRSSMiB": "\(rss)",
            "pathsByRisk": byRisk.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            "topChokePoint": chokes.first.map { "node \($0.node): \($0.paths) paths (\($0.critical) critical)" } ?? "none",
        ]
        if networkx {
            let nx = try NetworkxRun.run(org: org, compact: compact, engine: engine)
            figures["networkxSeconds"] = String(format: "%.3f", nx.seconds)
            figures["networkxPairs"] = "\(nx.pairs)"
            figures["speedup"] = String(format: "%.1f", nx.seconds / max(tReach - t1, 1e-9))
            figures["sameAnswer"] = nx.pairs == reach.pairs && reach.pairs == pairs
                ? "yes" : "NO (reachability \(reach.pairs), paths \(pairs), networkx \(nx.pairs))"
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for key in ["nodes", "edges", "searchedEdges", "entries", "paths", "entryTargetPairs", "pathsByRisk",
                        "edgesExplored", "buildSeconds", "reachabilitySeconds", "reachablePairs", "pathsSeconds", "chokePointSeconds",
                        "totalSeconds", "totalWallSeconds",
                        "peakRSSMiB", "topChokePoint", "networkxSeconds", "networkxPairs", "speedup", "sameAnswer"] {
                if let v = figures[key] { print("\(key): \(v)") }
            }
        }
    }

    func secs(_ d: Double) -> String { String(format: "%.3f", d) }

    func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
