import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `Tools/testing/fault_proxy.py` as a child process: forwards to `upstream` and answers every `every`-th new
/// request with a 503 or a 429 + Retry-After instead (a retried request always goes through).
public final class FaultProxy: @unchecked Sendable {
    public let port: Int
    public var endpoint: String { "http://127.0.0.1:\(port)" }
    private let process: Process

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    public static func start(upstream: String, every: Int = 3, retryAfter: Int = 1) throws -> FaultProxy {
        let script = MotoServer.repositoryRoot.appendingPathComponent("Tools/testing/fault_proxy.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--upstream", upstream, "--every", String(every),
                             "--retry-after", String(retryAfter)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The first line says which port it listens on.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else {
            process.terminate()
            throw MotoServer.Failure(description: "fault_proxy.py did not start: '\(text)'")
        }
        return FaultProxy(port: port, process: process)
    }

    /// Requests forwarded and faults injected so far.
    public func stats() async throws -> (forwarded: Int, faults: Int) {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(endpoint)/_fault_proxy/stats")!)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Int] ?? [:]
        return (json["forwarded"] ?? 0, json["faults"] ?? 0)
    }

    /// SIGKILL: the proxy keeps no state, and a child spawned from a test's worker thread may inherit a signal
    /// mask that blocks SIGTERM (see MotoServer.stop).
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
