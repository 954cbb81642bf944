import Foundation
import PalisadeProtocol
import PalisadeModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `moto_server` child process for tests: a fake AWS on 127.0.0.1 and a free port. With
/// `noAuthActionCount` set, moto checks SigV4 signatures and IAM permissions after that many calls
/// (`INITIAL_NO_AUTH_ACTION_COUNT`); `requireAuth(afterActions:)` moves that point later on.
public final class MotoServer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    public var endpoint: String { "http://127.0.0.1:\(port)" }
    /// moto's own output, for diagnosing a failing test.
    public let logFile: URL
    private let process: Process
    private let lock = NSLock()

    /// The repository root, found from this file's path (Shared/PalisadeTestKit/MotoServer.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private init(port: Int, process: Process, logFile: URL) {
        self.port = port
        self.process = process
        self.logFile = logFile
    }

    /// Starts moto and waits (up to `timeout`) until it answers HTTP. `environment` adds moto settings
    /// (e.g. `MOTO_IAM_LOAD_MANAGED_POLICIES=true`, so AWS managed policies can be attached).
    public static func start(noAuthActionCount: Int? = nil, environment: [String: String] = [:],
                             timeout: Duration = .seconds(120)) async throws -> MotoServer {
        let port = try freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(port).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // moto_server with its signature check of bodiless GETs fixed (see the script's docstring).
        let script = repositoryRoot.appendingPathComponent("Tools/testing/moto_server.py").path
        process.arguments = ["python3", script, "-H", "127.0.0.1", "-p", String(port)]
        var env = ProcessInfo.processInfo.environment
        if let n = noAuthActionCount { env["INITIAL_NO_AUTH_ACTION_COUNT"] = String(n) }
        env.merge(environment) { _, new in new }
        process.environment = env
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch {
            throw Failure(description: "cannot start moto_server (is moto installed? pip install 'moto[server]'): \(error)")
        }
        let server = MotoServer(port: port, process: process, logFile: log)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                throw Failure(description: "moto_server exited at start; see \(log.path)")
            }
            if await server.answers() { return server }
            try await Task.sleep(for: .milliseconds(150))
        }
        server.stop()
        throw Failure(description: "moto_server did not answer on port \(port) within \(timeout); see \(log.path)")
    }

    private func answers() async -> Bool {
        guard let url = URL(string: "\(endpoint)/moto-api/data.json") else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 1
        return (try? await URLSession.shared.dataCompleting(for: request)) != nil
    }

    /// Makes moto check signatures and permissions after `n` more calls (0: from now on).
    public func requireAuth(afterActions n: Int) async throws {
        var request = URLRequest(url: URL(string: "\(endpoint)/moto-api/reset-auth")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(String(n).utf8)
        let (_, response) = try await URLSession.shared.dataCompleting(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw Failure(description: "moto refused reset-auth: \(response)")
        }
    }

    /// Runs Tools/seed/seed_aws.py against this server and returns its JSON manifest.
    /// With `credentialsOut`, also writes an AWS credentials file with profiles `palisade-demo` and
    /// `palisade-demo-no-bucket-policy` (denied s3:GetBucketPolicy) for the scanner users.
    public func seed(scale: Int = 1, region: String = "us-east-1", scannerUsers: Bool = false,
                     credentialsOut: URL? = nil) throws -> JSONValue {
        var args = ["--region", region, "--scale", String(scale)]
        if scannerUsers { args.append("--scanner-users") }
        if let credentialsOut { args += ["--credentials-out", credentialsOut.path] }
        return try runSeed("Tools/seed/seed_aws.py", args)
    }

    /// Runs a seeding script (path from the repository root) with `--endpoint <this server>` and `arguments`;
    /// returns the JSON manifest it prints.
    public func runSeed(_ script: String, _ arguments: [String]) throws -> JSONValue {
        let path = Self.repositoryRoot.appendingPathComponent(script).path
        let args = [path, "--endpoint", endpoint] + arguments
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(port).err")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let why = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            throw Failure(description: "\(script) failed (\(p.terminationStatus)): \(why.suffix(4000))")
        }
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Terminates moto (idempotent).
    public func stop() {
        lock.withLock {
            guard process.isRunning else { return }
            // moto exits on SIGTERM only when no request thread holds on; SIGKILL after a grace period.
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// A TCP port nobody listens on right now.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw Failure(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
