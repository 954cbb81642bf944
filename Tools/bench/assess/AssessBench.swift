// palisade-assess-bench: how fast the assessor judges a large estate.
//   eval  — every built-in check on N synthetic resources in memory, one core: evaluations per second.
//   seal  — the real assessor on a temp SQLite store: ingest N resources, seal (full assessment), then rescan with
//           a fraction changed and seal again (incremental): wall times, evaluations, the ratio, peak RSS.
//   estate — the same estate through the real processes over the bus (EstateBench.swift).
import ArgumentParser
import AssessorCore
import Foundation
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeRules

#if canImport(Glibc)
import Glibc
#endif

@main
struct AssessBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade-assess-bench", abstract: "Benchmark the assessor.", subcommands: [Eval.self, Seal.self, Estate.self])
}

/// Peak resident set of this process (VmHWM), MiB.
func peakRSS() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "") else { return 0 }
    return kb / 1024
}

/// CPU time this process has used so far (all threads), seconds: on a shared, loaded machine wall time mostly
/// measures the neighbours.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluations per second per core, in memory.")
    @Option(help: "Number of synthetic resources.") var resources = 1_000_000
    @Flag(help: "Also time each check and print the slowest (adds clock reads to every evaluation).") var byCheck = false

    func run() async throws {
        let benchmark = try Benchmark.load()
        let estate = SyntheticEstate(size: resources)
        // A local, not the option: reading an argument-parser property wrapper in the loop costs ~4 % of the run.
        let byCheck = self.byCheck
        var clock = ContinuousClock.now
        let all = (0..<resources).map { estate.resource($0) }
        let index = InventoryIndex(all)
        let generated = seconds(ContinuousClock.now - clock)
        let now = Date()
        var evaluations = 0
        let cases = FindingStatus.allCases
        var statuses = [Int](repeating: 0, count: cases.count)
        var perCheck: [String: (Int, Duration)] = [:]
        var resolving = Duration.zero
        clock = ContinuousClock.now
        for r in all {
            let checks = benchmark.checks(for: r.type)
            if checks.isEmpty { continue }
            let names = benchmark.relatedNames(for: r.type)
            let resolveStart = byCheck ? ContinuousClock.now : clock
            let related = names.isEmpty ? [:] : benchmark.resolver.resolve(names, for: r, in: index)
            if byCheck { resolving += ContinuousClock.now - resolveStart }
            let subject = Subject(resource: r, related: related, now: now)
            for c in checks {
                let start = byCheck ? ContinuousClock.now : clock
                statuses[cases.firstIndex(of: c.evaluate(subject).0)!] += 1
                if byCheck { perCheck[c.id, default: (0, .zero)].0 += 1; perCheck[c.id]!.1 += ContinuousClock.now - start }
                evaluations += 1
            }
        }
        let elapsed = seconds(ContinuousClock.now - clock)
        // The generated inventory is freed after the clock stops: freeing it is not evaluation.
        withExtendedLifetime((all, index)) {}
        if byCheck {
            print("checks taking the most time in all:")
            for (id, (n, total)) in perCheck.sorted(by: { $0.value.1 > $1.value.1 }).prefix(40) {
                print("  \(id): \(fmt(seconds(total) / Double(n) * 1e9, 0)) ns × \(n) = \(fmt(seconds(total), 2)) s")
            }
        }
        print("""
            palisade-assess-bench eval: \(resources) synthetic resources, \(benchmark.checks.count) checks
              generated in \(fmt(generated)) s
              evaluations \(evaluations) in \(fmt(elapsed)) s on one core: \(Int(Double(evaluations) / elapsed)) evaluations/s/core
              \(byCheck ? "  of which resolving relations \(fmt(seconds(resolving))) s" : "(one Subject per resource, relations resolved in the timed loop)")
              results \(zip(cases, statuses).map { "\($0.rawValue) \($1)" }.joined(separator: ", "))
              peak RSS \(fmt(peakRSS(), 1)) MiB (holds the whole inventory in memory)
            """)
    }
}

struct Seal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Full assessment, then a rescan with some resources changed.")
    @Option(help: "Number of synthetic resources.") var resources = 100_000
    @Option(help: "Fraction of resources changed in the rescan.") var changed = 0.01

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assess-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try AssessorStore(directory: dir)
        let benchmark = try Benchmark.load()
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let assessor = Assessor(store: store, benchmark: benchmark, logger: logger)
        let estate = SyntheticEstate(size: resources)
        let types = Set(SyntheticEstate.mix.map(\.0))
        let scopes = ["us-east-1", "eu-west-1", "ap-southeast-2", "global"].map { region in
            ScopeResult(service: "bench", region: region, status: .ok, resourceTypes: types.sorted())
        }
        let every = max(1, Int((1 / changed).rounded()))

        func scan(_ id: String, revision: (Int) -> Int) throws
            -> (ingest: Double, seal: Double, summary: ScanSummary, ingestCPU: Double, sealCPU: Double)
        {
            var ingest = 0.0, ingestCPU = 0.0
            var seq = 0
            for start in stride(from: 0, to: resources, by: 1000) {
                // Generating the synthetic batch is the connector's work: not timed.
                let batch = (start..<min(start + 1000, resources)).map { estate.resource($0, revision: revision($0)) }
                let clock = ContinuousClock.now
                let cpu = processCPUSeconds()
                _ = try assessor.ingest(IngestBatch(scanID: id, batchSeq: seq, provider: "aws", account: estate.account,
                                                    resources: batch))
                ingest += seconds(ContinuousClock.now - clock)
                ingestCPU += processCPUSeconds() - cpu
                seq += 1
            }
            let clock = ContinuousClock.now
            let cpu = processCPUSeconds()
            let result = try assessor.seal(SealScan(scanID: id, provider: "aws", account: estate.account, startedAt: Date(),
                                                    totalBatches: seq, scopes: scopes))
            guard let summary = result.summary else { throw ValidationError("scan \(id) did not seal") }
            return (ingest, seconds(ContinuousClock.now - clock), summary, ingestCPU, processCPUSeconds() - cpu)
        }

        let full = try scan("full") { _ in 0 }
        let rescan = try scan("rescan") { $0 % every == 0 ? 1 : 0 }
        let same = try scan("unchanged") { $0 % every == 0 ? 1 : 0 }
        func line(_ name: String, _ r: (ingest: Double, seal: Double, summary: ScanSummary, ingestCPU: Double, sealCPU: Double))
            -> String
        {
            let a = r.summary.assessment
            return "  \(name): ingest \(fmt(r.ingest)) s (CPU \(fmt(r.ingestCPU)) s), seal \(fmt(r.seal)) s (CPU \(fmt(r.sealCPU)) s) — evaluated \(a?.resourcesEvaluated ?? 0) resources, "
                + "\(a?.evaluations ?? 0) evaluations, \(a?.findingsChanged ?? 0) findings written, checks re-run on all: "
                + "\(a?.checksRerun.count ?? 0)\n      phases: "
                + (a?.phases ?? [:]).sorted { $0.value > $1.value }.map { "\($0.key) \(fmt($0.value, 3)) s" }.joined(separator: ", ")
        }
        print("""
            palisade-assess-bench seal: \(resources) synthetic resources, \(benchmark.checks.count) checks, store \(dir.path)
            \(line("full assessment", full))
            \(line("rescan, \(fmt(changed * 100, 1)) % changed", rescan))
            \(line("rescan, nothing changed", same))
              rescan seal / full seal: \(fmt(rescan.seal / full.seal * 100, 1)) % (CPU \(fmt(rescan.sealCPU / full.sealCPU * 100, 1)) %)
              rescan ingest + seal / full ingest + seal: \(fmt((rescan.ingest + rescan.seal) / (full.ingest + full.seal) * 100, 1)) %
              findings: \(full.summary.findingCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
              peak RSS \(fmt(peakRSS(), 1)) MiB; load average \(loadAverage())
            """)
    }
}

