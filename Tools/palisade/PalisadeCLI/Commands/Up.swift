import ArgumentParser
import Foundation
import PalisadeBenchmark
import PalisadeProtocol
import PalisadeSchedule

#if canImport(Glibc)
import Glibc
#endif

/// Starts the supervisor (which starts every service) in the background and waits until all answer.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the Palisade stack on this host and wait until every service is ready.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Supervisor configuration file (default: built-in defaults).")
    var config: String?

    @Option(help: "Seconds to wait for every service to be ready.")
    var wait: Int = 60

    @Option(name: .customLong("checks-dir"),
            help: "A directory of your own checks (YAML, same language as the built-ins); repeatable.")
    var checksDirs: [String] = []

    @Option(help: "Mute-rules file (default: <PALISADE_HOME>/mutes.yaml).")
    var mutes: String?

    @Option(name: .customLong("graph-replicas"),
            help: "Graph replicas to run (each with its own state in <PALISADE_HOME>/graph-N; overrides `replicas:`).")
    var graphReplicas: Int?

    func validate() throws {
        if let graphReplicas, !(1...16).contains(graphReplicas) {
            throw ValidationError("--graph-replicas must be from 1 to 16")
        }
    }

    /// Checks and mutes are validated here first: a bad file fails `up` at once with file:line:column.
    func validateUserFiles() throws {
        let dirs = checksDirs.map { URL(fileURLWithPath: $0, isDirectory: true) }
        do { _ = try Benchmark.load(builtIn: true, extraDirectories: dirs) } catch {
            throw CLIError("error: \(error)", exitCode: 2)
        }
        if let mutes {
            do { _ = try MuteRules.load(url: URL(fileURLWithPath: mutes)) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        }
        if let config {
            do { _ = try ScheduleFile.load(path: config) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        }
    }

    static let services = [ServiceName.supervisor, ServiceName.assessor, ServiceName.connectorAWS, ServiceName.graph,
                           ServiceName.scoring, ServiceName.export, ServiceName.scheduler]

    func run() async throws {
        let env = global.environment
        try validateUserFiles()
        try await reporting(endpoint: env.busEndpoint) {
            if let pid = Supervisor.runningPID(env) {
                Printer.progress("Palisade is already running (supervisor pid \(pid)); checking services…")
                if graphReplicas != nil {
                    Printer.progress("note: --graph-replicas applies when the stack starts; `palisade down` first to change it")
                }
            } else {
                let cwd = FileManager.default.currentDirectoryPath
                func absolute(_ p: String) -> String { URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.path }
                var extra: [String: String] = [:]
                if !checksDirs.isEmpty { extra["PALISADE_CHECKS_DIR"] = checksDirs.map(absolute).joined(separator: ":") }
                if let mutes { extra["PALISADE_MUTES"] = absolute(mutes) }
                let arguments = graphReplicas.map { ["--replicas", "\(ServiceName.graph)=\($0)"] } ?? []
                try Supervisor.launch(env: env, config: config, arguments: arguments, extraEnvironment: extra)
            }
            try await waitReady(env)
        }
    }

    private func waitReady(_ env: PalisadeEnvironment) async throws {
        let started = ContinuousClock.now
        let deadline = started + .seconds(wait)
        var missing = Self.services
        while ContinuousClock.now < deadline {
            // The supervisor writes its pid file at once; give it 3 s before calling it dead.
            if Supervisor.runningPID(env) == nil, started.duration(to: .now) > .seconds(3) {
                throw CLIError("error: the supervisor exited during start-up; see \(Supervisor.logPath(env).path)\n"
                    + Supervisor.logTail(env), exitCode: CLIError.failedCode)
            }
            if let conn = try? Connection(global),
               let status = try? await conn.client.call(GatewayStatusQuery(), timeout: .seconds(2), retry: .none)
            {
                let live = Set(status.workers.map(\.service))
                // A config written before the scheduler existed does not run it: do not wait for it then.
                var expected = Self.services
                if let sup = try? await conn.client.call(SupervisorStatusQuery(), timeout: .seconds(2), retry: .none),
                   !sup.processes.contains(where: { $0.name.hasPrefix("palisade-scheduler") }) {
                    expected.removeAll { $0 == ServiceName.scheduler }
                }
                missing = expected.filter { !live.contains($0) }
                let graphs = status.workers.filter { $0.service == ServiceName.graph }.count
                if let graphReplicas, graphs < graphReplicas, missing.isEmpty {
                    missing = ["graph replicas (\(graphs) of \(graphReplicas))"]
                }
                if missing.isEmpty {
                    Printer.progress("Palisade is up: \(expected.count) services ready (\(env.busEndpoint)).")
                    Printer.endProgress()
                    return
                }
            }
            Printer.progress("starting… waiting for: \(missing.joined(separator: ", "))")
            try await Task.sleep(for: .milliseconds(300))
        }
        Printer.endProgress()
        throw CLIError("""
            error: not every service was ready after \(wait) s (missing: \(missing.joined(separator: ", "))).
            Logs: \(env.dataDirectory.appendingPathComponent("logs").path)
            """, exitCode: CLIError.unavailableCode)
    }
}

/// Finding, starting and stopping the supervisor process of a data directory.
enum Supervisor {
    static func pidFile(_ env: PalisadeEnvironment) -> URL { env.runDirectory.appendingPathComponent("supervisor.pid") }
    static func logPath(_ env: PalisadeEnvironment) -> URL {
        env.dataDirectory.appendingPathComponent("logs/supervisor.log")
    }

    static func runningPID(_ env: PalisadeEnvironment) -> Int32? {
        guard let text = try? String(contentsOf: pidFile(env), encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              kill(pid, 0) == 0
        else { return nil }
        return pid
    }

    static func executable() throws -> URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = me.deletingLastPathComponent().appendingPathComponent("palisade-supervisor")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw CLIError("error: palisade-supervisor not found next to \(me.path); build with `swift build`",
                           exitCode: CLIError.failedCode)
        }
        return candidate
    }

    static func launch(env: PalisadeEnvironment, config: String?, arguments: [String] = [],
                       extraEnvironment: [String: String] = [:]) throws {
        let exe = try executable()
        let logs = env.dataDirectory.appendingPathComponent("logs", isDirectory: true)
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let logURL = logPath(env)
        if !FileManager.default.fileExists(atPath: logURL.path) {
            FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        let process = Process()
        // setsid: the stack outlives this shell and is not hit by its Ctrl-C or hang-up.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = [exe.path] + (config.map { ["--config", $0] } ?? []) + arguments
        } else {
            process.executableURL = exe
            process.arguments = (config.map { ["--config", $0] } ?? []) + arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PALISADE_HOME"] = env.dataDirectory.path
        environment["PALISADE_BUS"] = env.busEndpoint
        for (k, v) in extraEnvironment { environment[k] = v }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    static func logTail(_ env: PalisadeEnvironment) -> String {
        guard let text = try? String(contentsOf: logPath(env), encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }
}
