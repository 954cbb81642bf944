// palisade-assess-bench estate: the synthetic estate through the real processes. Starts the stack with
// `palisade up` (supervisor, gateway, assessor, graph, scoring, export), acts as a connector — ingest batches over
// the ZeroMQ bus exactly as the AWS connector sends them (100 resources a batch, 4 in flight, idempotency key
// scan/seq), then the seal — and waits for the assessment, the score and the graph (attack paths stored), then a
// rescan with a fraction changed. Prints wall time per stage and every process's peak RSS.
import ArgumentParser
import Foundation
import Logging
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

struct Estate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The synthetic estate through the real stack: ingest, assessment, score, graph; then a rescan.")
    @Option(help: "Number of synthetic resources.") var resources = 1_000_000
    @Option(help: "Fraction of resources changed in the rescan.") var changed = 0.01
    @Option(help: "Resources per ingest batch (the AWS connector sends 100).") var batchSize = 100
    @Option(help: "Batches in flight (the AWS connector keeps 4).") var inFlight = 4
    @Option(help: "Give up on a stage after this many seconds.") var stageTimeout = 3600.0
    @Flag(help: "Keep the state directory.") var keep = false
    @Flag(help: "Only the first full scan, no rescan.") var noRescan = false

    func run() async throws {
        let binDir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let palisade = binDir.appendingPathComponent("palisade").path
        guard FileManager.default.isExecutableFile(atPath: palisade) else {
            throw ValidationError("\(palisade) not built: swift build -c release first")
        }
        // Short path: ipc:// socket paths are limited to ~107 bytes.
        let home = URL(fileURLWithPath: "/tmp/pal-estate-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = home.path
        env.removeValue(forKey: "PALISADE_BUS")
        let keep = self.keep
        defer {
            _ = try? runProcess(palisade, ["down"], env: env)
            if !keep { try? FileManager.default.removeItem(at: home) }
        }
        guard try runProcess(palisade, ["up", "--wait", "90"], env: env) == 0 else {
            throw ValidationError("palisade up failed; logs in \(home.path)/logs")
        }
        var logger = Logger(label: "estate-bench")
        logger.logLevel = .critical
        let bus = try BusClient(endpoint: "ipc://" + home.appendingPathComponent("run/bus.ipc").path, logger: logger)
        defer { bus.close() }

        let estate = SyntheticEstate(size: resources)
        let every = max(1, Int((1 / changed).rounded()))
        let types = Set(SyntheticEstate.mix.map(\.0)).sorted()
        let scopes = ["us-east-1", "eu-west-1", "ap-southeast-2", "global"].map {
            ScopeResult(service: "bench", region: $0, status: .ok, resourceTypes: types)
        }
        say("palisade-assess-bench estate: \(resources) synthetic resources, state \(home.path), load \(loadAverage())")
        let full = try await scan(bus, estate, home: home, id: "estate-full", scopes: scopes) { _ in 0 }
        say(full.text("full (first) assessment"))
        if !noRescan {
            let rescan = try await scan(bus, estate, home: home, id: "estate-rescan", scopes: scopes) { $0 % every == 0 ? 1 : 0 }
            say(rescan.text("rescan, \(fmt(changed * 100, 1)) % changed"))
            say("  rescan total / full total: \(fmt(rescan.total / full.total * 100, 1)) %")
        }

        let status = try await bus.call(SupervisorStatusQuery())
        var rss: [(String, Double)] = [("palisade-supervisor", peakRSS(pid: status.pid))]
        for p in status.processes { if let pid = p.pid { rss.append((p.name, peakRSS(pid: pid))) } }
        say("  peak RSS (VmHWM): " + rss.map { "\($0.0) \(fmt($0.1, 1)) MiB" }.joined(separator: ", "))
        say("  peak RSS sum: \(fmt(rss.map(\.1).reduce(0, +), 1)) MiB; restarts: "
              + status.processes.map { "\($0.name) \($0.restarts)" }.joined(separator: ", "))
        say("  load \(loadAverage())")
    }

    struct Stages {
        var ingest = 0.0, assessment = 0.0, score = 0.0, graph = 0.0, export = 0.0, total = 0.0
        var summary: ScanSummary

        func text(_ name: String) -> String {
            let a = summary.assessment
            return """
                  \(name): total \(fmt(total)) s — ingest \(fmt(ingest)) s, assessment (seal) \(fmt(assessment)) s, \
                then score \(fmt(score)) s, graph + paths \(fmt(graph)) s, export \(fmt(export)) s (each after the seal)
                      \(summary.resourceCount) resources, \(a?.evaluations ?? 0) evaluations, \(a?.findingsChanged ?? 0) findings \
                written; findings \(summary.findingCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                """
        }
    }

    /// One scan as a connector makes it: batches with at most `inFlight` unacknowledged, then the seal; then waits for
    /// scoring, graph and export to have consumed the `scan.sealed` event.
    func scan(_ bus: BusClient, _ estate: SyntheticEstate, home: URL, id: String, scopes: [ScopeResult],
              revision: @escaping @Sendable (Int) -> Int) async throws -> Stages {
        let (resources, batchSize, inFlight) = (self.resources, self.batchSize, self.inFlight)
        let batches = (resources + batchSize - 1) / batchSize
        let t0 = ContinuousClock.now
        let startedAt = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func send(_ seq: Int) {
                let start = seq * batchSize
                let batch = (start..<min(start + batchSize, resources)).map { estate.resource($0, revision: revision($0)) }
                let message = IngestBatch(scanID: id, batchSeq: seq, provider: "aws", account: estate.account, resources: batch)
                group.addTask {
                    var attempt = 0
                    while true {
                        do {
                            _ = try await bus.call(message, timeout: .seconds(60), retry: .none, idempotencyKey: "\(id)/\(seq)")
                            return
                        } catch let e as WireError where e.retryable && attempt < 5 {
                            attempt += 1
                            try await Task.sleep(for: .milliseconds(500 * attempt))
                        }
                    }
                }
            }
            while next < min(inFlight, batches) { send(next); next += 1 }
            while try await group.next() != nil {
                if next < batches { send(next); next += 1 }
            }
        }
        let tIngested = ContinuousClock.now
        let result = try await bus.call(
            SealScan(scanID: id, provider: "aws", account: estate.account, startedAt: startedAt, totalBatches: batches,
                     scopes: scopes),
            timeout: .seconds(stageTimeout), retry: .none)
        guard result.sealed, let summary = result.summary else {
            throw ValidationError("scan \(id) did not seal: missing batches \(result.missingBatches.prefix(10))")
        }
        let tSealed = ContinuousClock.now
        var tScore: ContinuousClock.Instant?, tGraph: ContinuousClock.Instant?, tExport: ContinuousClock.Instant?
        let deadline = tSealed + .seconds(stageTimeout)
        var lastReport = tSealed
        while tScore == nil || tGraph == nil || tExport == nil {
            if ContinuousClock.now - lastReport > .seconds(30) {
                // Where each consumer is in the assessor's event log: what the wait is made of.
                lastReport = .now
                let head = (try? await bus.call(EventsPull(after: .max, limit: 1), timeout: .seconds(30), retry: .none))?.headSeq ?? -1
                var line = "    +\(Int(seconds(ContinuousClock.now - tSealed))) s: event log head \(head)"
                for (name, cursor) in [("scoring", try? await bus.call(ScoringPositionQuery(), timeout: .seconds(5), retry: .none)),
                                       ("graph", try? await bus.call(GraphPositionQuery(), timeout: .seconds(5), retry: .none)),
                                       ("export", try? await bus.call(ExportPositionQuery(), timeout: .seconds(5), retry: .none))] {
                    line += ", \(name) at \(cursor.map { "\($0.cursor)" } ?? "(busy)")"
                }
                say(line)
            }
            guard ContinuousClock.now < deadline else {
                throw ValidationError("scan \(id): score \(tScore != nil), graph \(tGraph != nil), export \(tExport != nil) "
                                      + "after \(Int(stageTimeout)) s")
            }
            // Each service answers while it works (a busy one may not: a timeout is just "not yet").
            if tScore == nil, (try? await bus.call(ScoringPositionQuery(), timeout: .seconds(5), retry: .none))?.lastScanID == id {
                tScore = .now
            }
            if tGraph == nil, (try? await bus.call(GraphPositionQuery(), timeout: .seconds(5), retry: .none))?.lastScanID == id {
                tGraph = .now
            }
            if tExport == nil, (try? await bus.call(ExportPositionQuery(), timeout: .seconds(5), retry: .none))?.lastScanID == id {
                tExport = .now
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        // Not timed: proof the graph has the scan's paths (the reply lists every path).
        if let paths = try? await bus.call(PathsQuery(scanID: id), timeout: .seconds(300), retry: .none) {
            say("    graph of \(paths.scanID ?? "-"): \(paths.nodeCount) nodes, \(paths.edgeCount) edges, \(paths.paths.count) attack paths")
        } else {
            say("    graph: the paths query did not answer within 300 s")
        }
        say(graphPhases(home: home, scanID: id))
        let end = [tScore!, tGraph!].max()!
        return Stages(ingest: seconds(tIngested - t0), assessment: seconds(tSealed - tIngested),
                      score: seconds(tScore! - tSealed), graph: seconds(tGraph! - tSealed), export: seconds(tExport! - tSealed),
                      total: seconds(end - t0), summary: summary)
    }
}

/// The graph's own account of its rebuild for `scanID`: the `graph.ms.<phase>` fields of its "graph built" log line.
func graphPhases(home: URL, scanID: String) -> String {
    let log = home.appendingPathComponent("logs/palisade-graph.log")
    // The line is written after the commit the bench saw and SQLite's checkpoint that follows it (20 s at 1,000,000
    // resources): give the log a minute.
    var found: Substring?
    for _ in 0..<600 where found == nil {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        found = text.split(separator: "\n").last { $0.contains("graph built") && $0.contains("scan.id=\(scanID)") }
        if found == nil { usleep(100_000) }
    }
    guard let line = found else { return "    graph phases: no rebuild logged for \(scanID) in \(log.path) (carried over?)" }
    let phases = line.split(separator: " ").filter { $0.hasPrefix("graph.ms.") }
        .map { $0.dropFirst("graph.ms.".count).replacingOccurrences(of: "=", with: " ") + " ms" }
    let rows = line.split(separator: " ").filter { $0.hasPrefix("graph.rows.") }.map { $0.dropFirst("graph.".count) }
    return "    graph phases: " + phases.joined(separator: ", ") + "; " + rows.joined(separator: ", ")
}

/// VmHWM of a process, MiB (-1 when it cannot be read).
func peakRSS(pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? -1) / 1024
    }
    return -1
}

func loadAverage() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
        .joined(separator: " ")
}

@discardableResult
func runProcess(_ exe: String, _ args: [String], env: [String: String]) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}

/// Prints and flushes: progress lines appear as they happen, also when stdout is a file.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
