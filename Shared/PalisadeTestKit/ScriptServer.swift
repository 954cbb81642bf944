import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A test receiver run as a child process from `Tools/testing/` (an SMTP server, the ServiceNow or Jira contract
/// server, a webhook receiver, rsyslog): started with `--port-file F`, it writes the port it listens on to F once it
/// accepts connections. `start` waits for that file (generously: the machine may be busy), `stop` ends the process.
public final class ScriptServer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    /// The server's own output, for diagnosing a failing test.
    public let logFile: URL
    /// A scratch directory for the server (its spool, its config).
    public let directory: URL
    private let process: Process
    private let lock = NSLock()

    private init(port: Int, process: Process, logFile: URL, directory: URL) {
        self.port = port
        self.process = process
        self.logFile = logFile
        self.directory = directory
    }

    /// Runs `executable arguments… --port-file <dir>/port` (`python3 Tools/testing/<script>` when `script` is given)
    /// and waits up to `timeout` for the port file.
    public static func start(script: String, arguments: [String] = [], environment: [String: String] = [:],
                             timeout: Duration = .seconds(90)) async throws -> ScriptServer {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("palisade-\(URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let portFile = dir.appendingPathComponent("port")
        let log = dir.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let path = MotoServer.repositoryRoot.appendingPathComponent("Tools/testing/\(script)").path
        process.arguments = ["python3", path] + arguments + ["--port-file", portFile.path]
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        process.currentDirectoryURL = dir
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch {
            throw Failure(description: "cannot start \(script): \(error)")
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return ScriptServer(port: port, process: process, logFile: log, directory: dir)
            }
            if !process.isRunning {
                let out = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw Failure(description: "\(script) exited at start (\(process.terminationStatus)): \(out.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw Failure(description: "\(script) did not write its port within \(timeout); see \(log.path)")
    }

    public var isRunning: Bool { process.isRunning }

    /// Terminates the server (idempotent): SIGTERM, then SIGKILL after 3 s.
    public func stop() {
        lock.withLock {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A TCP port nobody listens on right now (for a server that must be given its port, like rsyslog).
    public static func freePort() throws -> Int {
        do { return try MotoServer.freePort() } catch { throw Failure(description: "\(error)") }
    }
}
