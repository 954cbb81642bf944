import Foundation
import Logging
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

/// One benchmark run: moto + seed + stack + scan, all started here and all stopped here.
struct BenchRun {
    let options: BenchOptions
    let binDir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run() async throws -> BenchReport {
        let home = URL(fileURLWithPath: "/tmp/palisade-bench-\(getpid())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let port = try Shell.freePort()
        let endpoint = "http://127.0.0.1:\(port)"
        let motoScript = root.appendingPathComponent("Tools/testing/moto_server.py").path
        let moto = try Shell.start("/usr/bin/env", ["python3", motoScript, "-H", "127.0.0.1", "-p", "\(port)"],
                                   env: [:], log: home.appendingPathComponent("moto.log"))
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = home.path
        env.removeValue(forKey: "PALISADE_BUS")
        let credentials = home.appendingPathComponent("credentials")
        env["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        for k in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] {
            env.removeValue(forKey: k)
        }
        let palisade = binDir.appendingPathComponent("palisade").path
        defer {
            _ = try? Shell.run(palisade, ["down"], env: env, quiet: true)
            kill(moto.processIdentifier, SIGKILL)  // moto may ignore SIGTERM while serving
            moto.waitUntilExit()
            if !options.keep { try? FileManager.default.removeItem(at: home) }
        }
        try await Shell.waitForHTTP(endpoint + "/moto-api/data.json")

        let seedStart = ContinuousClock.now
        try Shell.run("/usr/bin/env", ["python3", root.appendingPathComponent("Tools/seed/seed_aws.py").path,
                                       "--endpoint", endpoint, "--region", options.region,
                                       "--scale", "\(options.scale)", "--iam-principals", "\(options.iamPrincipals)",
                                       "--credentials-out", credentials.path,
                                       "--enable-auth"],
                      env: env, quiet: true)
        let seedSeconds = (ContinuousClock.now - seedStart).seconds

        try Shell.run(palisade, ["up"], env: env, quiet: true)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let bus = try BusClient(endpoint: "ipc://" + home.appendingPathComponent("run/bus.ipc").path, logger: logger)

        let t0 = ContinuousClock.now
        let started = try await bus.call(StartAWSScan(profile: "palisade-demo", regions: [options.region],
                                                      endpoint: endpoint))
        var progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
        var tSealing: ContinuousClock.Instant?
        while progress.state == .running || progress.state == .sealing {
            if progress.state == .sealing, tSealing == nil { tSealing = .now }
            try await Task.sleep(for: .milliseconds(20))
            progress = try await bus.call(ScanProgressQuery(scanID: started.scanID))
        }
        let tCollected = ContinuousClock.now
        guard progress.state == .done else { throw BenchError("scan failed: \(progress.error ?? "?")") }
        while true {
            let g = try await bus.call(GraphPositionQuery()).lastScanID
            let s = try await bus.call(ScoringPositionQuery()).lastScanID
            let e = try await bus.call(ExportPositionQuery()).lastScanID
            if [g, s, e].allSatisfy({ $0 == started.scanID }) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let tDone = ContinuousClock.now
        guard let summary = try await bus.call(ScansQuery(scanID: started.scanID)).first else {
            throw BenchError("assessor has no scan \(started.scanID)")
        }
        // Stages as seen from outside, at 20 ms resolution: collecting (batches stream to the assessor as
        // they are made), sealing (the assessor evaluates every check in one transaction), analysis.
        let sealStart = tSealing ?? tCollected
        let supervisor = try await bus.call(SupervisorStatusQuery())
        var rss: [String: Double] = ["palisade-supervisor": Self.peakRSSMiB(supervisor.pid)]
        for p in supervisor.processes { if let pid = p.pid { rss[p.name] = Self.peakRSSMiB(pid) } }
        bus.close()
        let floor = try await Floor(profile: "palisade-demo", region: options.region, endpoint: endpoint,
                                    environment: env).measure()
        return BenchReport(
            scale: options.scale, iamPrincipals: options.iamPrincipals, resources: summary.resourceCount,
            findings: summary.findingCounts.values.reduce(0, +), apiCalls: progress.apiCalls,
            seedSeconds: seedSeconds, scanWallSeconds: (tDone - t0).seconds,
            collectAndIngestSeconds: (sealStart - t0).seconds, assessSeconds: (tCollected - sealStart).seconds,
            analysisSeconds: (tDone - tCollected).seconds, peakRSSMiB: rss,
            retriedCalls: progress.retriedCalls, floorCalls: floor.calls, floorConcurrency: floor.concurrency,
            inProcessCollectSeconds: floor.collectSeconds, floorSeconds: floor.floorSeconds,
            floorCallsByService: floor.callsByService)
    }

    /// VmHWM of a live process, in MiB.
    static func peakRSSMiB(_ pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
            return kib / 1024
        }
        return -1
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
