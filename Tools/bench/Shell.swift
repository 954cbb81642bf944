import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Child processes and small waits for the benchmark driver.
enum Shell {
    @discardableResult
    static func run(_ exe: String, _ args: [String], env: [String: String]? = nil, quiet: Bool = false) throws
        -> Int32
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let env { p.environment = env }
        if quiet {
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BenchError("\(exe) \(args.joined(separator: " ")) exited with \(p.terminationStatus)")
        }
        return p.terminationStatus
    }

    static func start(_ exe: String, _ args: [String], env extra: [String: String], log: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    static func freePort() throws -> Int {
        let out = Pipe()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c",
                       "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"]
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("could not find a free port")
        }
        return port
    }

    static func waitForHTTP(_ url: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let u = URL(string: url), (try? await URLSession.shared.data(from: u)) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("\(url) did not answer within \(timeout)")
    }
}
