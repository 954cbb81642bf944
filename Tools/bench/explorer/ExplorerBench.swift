import ArgumentParser
import Foundation
import GraphCore
import PalisadeModel
#if canImport(Glibc)
import Glibc
#endif

/// `palisade-explorer-bench`: the Cloud Security Explorer on a synthetic 100,000-node security graph (docs:
/// BENCHMARKS.md § Explorer). Compiles the graph once, then runs every built-in template and 2-hop and 3-hop path
/// queries `--iterations` times each and prints p50/p99 per query and over all runs; with `--networkx`, exports
/// the same graph and times the equivalent of the comparable queries with networkx in the same run.
@main
struct ExplorerBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "palisade-explorer-bench",
                                                    abstract: "Benchmark the explorer's queries on a synthetic security graph.")

    @Option(help: "Blocks of 10,000 nodes (10 = 100,000 nodes).") var accounts = 10
    @Option(help: "Runs of each query.") var iterations = 30
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Flag(help: "Also time networkx on the same graph.") var networkx = false

    /// The path queries beyond the templates; their networkx equivalents are in explorer_nx.py.
    static let pathQueries: [(String, String)] = [
        ("2-hop: exposed instance → reachable", """
            MATCH (:Internet)-[:EXPOSES]->(w:Ec2Instance)-[:CAN_REACH]->(a) RETURN count(*) AS pairs, count(DISTINCT a) AS reached
            """),
        ("3-hop: exposed → role → sensitive bucket", """
            MATCH (:Internet)-[:EXPOSES]->(w)-[:HAS_ROLE]->(r:IamRole)-[:CAN_READ|CAN_WRITE]->(d:S3Bucket {sensitive: true})
            RETURN count(*) AS paths, count(DISTINCT d) AS buckets
            """),
        ("3-hop var-length: internet →*3 role", """
            MATCH p = (:Internet)-[:EXPOSES|CAN_REACH|HAS_ROLE*3..3]->(r:IamRole) RETURN count(p) AS paths
            """),
        ("3-hop from one role: assume chain → admin", """
            MATCH (r:IamRole {name: 'instance-role-0'})-[:CAN_ASSUME*1..3]->(x)-[:ADMINISTERS]->(a:Account) RETURN count(*) AS paths
            """),
    ]

    func run() throws {
        let w0 = ContinuousClock.now
        let estate = SyntheticEstate(accounts: accounts, seed: seed)
        let tGenerate = ContinuousClock.now - w0
        let c0 = ContinuousClock.now
        let graph = ExplorerGraph(estate.graph)
        let tCompile = ContinuousClock.now - c0
        let explorer = Explorer(graph: graph)
        print("graph: \(graph.nodeCount) nodes, \(graph.relationshipCount) relationships; generated in "
              + ms(tGenerate) + ", compiled (adjacency, labels) in " + ms(tCompile))

        var cases: [(name: String, query: String, params: [String: JSONValue])] = []
        for t in ExplorerTemplate.builtIn { cases.append((t.name, t.query, try t.arguments([:], text: [:]))) }
        for (name, q) in Self.pathQueries { cases.append((name, q, [:])) }

        var all: [Double] = []
        var results: [String: (p50: Double, rows: Int, answer: [[JSONValue]])] = [:]
        let limits = ExplorerLimits(maxRows: 100_000, timeoutMilliseconds: 60_000, maxBindings: 20_000_000)
        print("\nquery | rows | first run wall ms (builds indexes) | p50 CPU ms | p99 CPU ms")
        for c in cases {
            let prepared = try Explorer.prepare(c.query)
            let f0 = ContinuousClock.now
            let first = try explorer.run(prepared, parameters: c.params, limits: limits)
            let tFirst = ContinuousClock.now - f0
            var times: [Double] = []
            for _ in 0..<iterations {
                // Thread CPU time: what one core spends on the query, whatever else the machine is doing.
                let t0 = Self.cpuMilliseconds()
                _ = try explorer.run(prepared, parameters: c.params, limits: limits)
                times.append(Self.cpuMilliseconds() - t0)
            }
            all += times
            let p50 = Self.percentile(times, 0.5), p99 = Self.percentile(times, 0.99)
            results[c.name] = (p50, first.rows.count, first.rows)
            print("\(c.name) | \(first.rows.count)\(first.truncated ? "+" : "") | \(ms(tFirst)) | "
                  + String(format: "%.2f | %.2f", p50, p99))
        }
        print(String(format: "\noverall (%d runs of %d queries): p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                     all.count, cases.count, Self.percentile(all, 0.5), Self.percentile(all, 0.99), all.max() ?? 0))
        print("targets: p50 ≤ 20 ms — \(Self.percentile(all, 0.5) <= 20 ? "met" : "MISSED"); "
              + "p99 ≤ 200 ms — \(Self.percentile(all, 0.99) <= 200 ? "met" : "MISSED")")
        print("peak RSS: \(peakRSSMiB()) MiB")

        if networkx {
            let nx = try NetworkxCompare.run(estate.graph, iterations: iterations)
            print("\nnetworkx \(nx.version) (same graph, same run): query | explorer p50 ms | networkx p50 ms | ratio | same answer")
            for (name, r) in nx.queries.sorted(by: { $0.key < $1.key }) {
                guard let mine = results[name] else { continue }
                let same = NetworkxCompare.answer(mine.answer) == r.answer
                print("\(name) | " + String(format: "%.2f | %.2f | %.1f×", mine.p50, r.p50, r.p50 / max(mine.p50, 1e-6))
                      + " | \(same ? "yes" : "NO (explorer \(NetworkxCompare.answer(mine.answer)), networkx \(r.answer))")")
            }
        }
    }

    func ms(_ d: Duration) -> String { String(format: "%.1f ms", d / .milliseconds(1)) }

    static func cpuMilliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
    }

    static func percentile(_ xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
    }

    func peakRSSMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024
    }
}
