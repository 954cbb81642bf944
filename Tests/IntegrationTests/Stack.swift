import Foundation
import Logging
import PalisadeMessaging
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The real Palisade stack for one test: the built executables, a private state directory, started with
/// `palisade up` and stopped with `palisade down` (or killed), exactly as a user would.
final class Stack: @unchecked Sendable {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binDir = repoRoot.appendingPathComponent(".build/debug")

    let home: URL
    var environment: [String: String]
    private(set) var bus: BusClient?

    init(extraEnvironment: [String: String] = [:]) throws {
        // Short path: ipc:// socket paths are limited to ~107 bytes.
        home = URL(fileURLWithPath: "/tmp/pal-it-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = home.path
        env.removeValue(forKey: "PALISADE_BUS")
        for k in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] {
            env.removeValue(forKey: k)
        }
        environment = env.merging(extraEnvironment) { $1 }
        guard FileManager.default.isExecutableFile(atPath: Self.binDir.appendingPathComponent("palisade").path) else {
            throw HarnessError("executables not built: run `swift build` first (looked in \(Self.binDir.path))")
        }
    }

    var busEndpoint: String { "ipc://" + home.appendingPathComponent("run/bus.ipc").path }

    func up() throws {
        let r = try cli(["up", "--wait", "90"])
        guard r.status == 0 else { throw HarnessError("palisade up failed (\(r.status)): \(r.stderr)\n\(logs())") }
        var logger = Logger(label: "it")
        logger.logLevel = .critical
        bus = try BusClient(endpoint: busEndpoint, logger: logger)
    }

    /// `palisade up` with extra arguments (e.g. `--graph-replicas 2`), waiting as `up()` does.
    func up(arguments extra: [String]) throws {
        let r = try cli(["up", "--wait", "120"] + extra)
        guard r.status == 0 else { throw HarnessError("palisade up failed (\(r.status)): \(r.stderr)\n\(logs())") }
        var logger = Logger(label: "it")
        logger.logLevel = .critical
        bus = try BusClient(endpoint: busEndpoint, logger: logger)
    }

    func down() {
        bus?.close()
        bus = nil
        _ = try? cli(["down"])
    }

    /// Runs the CLI; returns exit status, stdout and stderr.
    @discardableResult
    func cli(_ args: [String], timeout: TimeInterval = 300) throws -> (status: Int32, stdout: String, stderr: String) {
        try Self.run(Self.binDir.appendingPathComponent("palisade").path, args, env: environment, timeout: timeout)
    }

    /// Runs the CLI with `--output json` and decodes its stdout.
    func json<T: Decodable>(_ type: T.Type, _ args: [String]) throws -> T {
        let r = try cli(args + ["--output", "json"])
        guard r.status == 0 else { throw HarnessError("palisade \(args.joined(separator: " ")) → \(r.status): \(r.stderr)") }
        do { return try Wire.decoder.decode(T.self, from: Data(r.stdout.utf8)) } catch {
            throw HarnessError("palisade \(args.joined(separator: " ")) printed undecodable JSON: \(error)\n\(r.stdout.prefix(2000))")
        }
    }

    func pid(of process: String) async throws -> Int32? {
        guard let bus else { throw HarnessError("stack not up") }
        return try await bus.call(SupervisorStatusQuery()).processes.first { $0.name == process }?.pid
    }

    func logs() -> String {
        let dir = home.appendingPathComponent("logs")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.sorted().map { f in
            let text = (try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? ""
            return "--- \(f)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func cleanUp() {
        down()
        try? FileManager.default.removeItem(at: home)
    }

    static func run(_ exe: String, _ args: [String], env: [String: String], timeout: TimeInterval) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Drain both pipes while waiting so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw HarnessError("\(exe) \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        }
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func processIsAlive(_ pid: Int32) -> Bool {
    // A zombie still answers kill(0); read its state.
    guard kill(pid, 0) == 0 else { return false }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    return !stat.contains(") Z ")
}
