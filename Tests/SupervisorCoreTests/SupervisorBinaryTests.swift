import Foundation
import Logging
import PalisadeProtocol
import Testing
@testable import SupervisorCore

#if canImport(Glibc)
import Glibc
#endif

/// The built `palisade-supervisor` next to the test bundle (or in .build/debug), if there is one.
let supervisorBinary: String? = {
    var candidates: [URL] = []
    if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        candidates.append(dir.appendingPathComponent("palisade-supervisor"))
    }
    candidates.append(ConfigTests.packageRoot.appendingPathComponent(".build/debug/palisade-supervisor"))
    return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// End to end with the real executable and `sleep` children (which do not call ParentWatch).
@Suite(.enabled(if: supervisorBinary != nil, "palisade-supervisor is not built next to the tests; run `swift build` first"))
struct SupervisorBinaryTests {
    struct Running {
        let process: Process
        let home: URL
        var stderr: String { (try? String(contentsOf: home.appendingPathComponent("supervisor.err"), encoding: .utf8)) ?? "" }
    }

    func launch(home: URL, config: String?) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: supervisorBinary!)
        if let config {
            let path = home.appendingPathComponent("supervisor.yaml")
            try config.write(to: path, atomically: true, encoding: .utf8)
            process.arguments = ["--config", path.path]
        } else {
            process.arguments = ["--config", home.appendingPathComponent("missing.yaml").path]
        }
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = home.path
        env.removeValue(forKey: "PALISADE_SUPERVISOR_PID")
        process.environment = env
        let err = home.appendingPathComponent("supervisor.err")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, home: home)
    }

    /// Three children: a plain sleep, one that ignores SIGTERM, and a shell whose sleep is a grandchild.
    let sleepers = """
        bus: false
        processes:
          - name: plain
            executable: /bin/sh
            args: ["-c", "echo $$ > \\"$PALISADE_HOME/pid.plain\\"; exec sleep 60"]
          - name: stubborn
            executable: /bin/sh
            args: ["-c", "trap '' TERM; echo $$ > \\"$PALISADE_HOME/pid.stubborn\\"; exec sleep 60"]
          - name: shell
            executable: /bin/sh
            args: ["-c", "echo $$ > \\"$PALISADE_HOME/pid.shell\\"; sleep 60 & echo $! > \\"$PALISADE_HOME/pid.grandchild\\"; wait"]
        """

    func childPIDs(_ home: URL) async -> [Int32] {
        _ = await eventually {
            ["plain", "stubborn", "shell", "grandchild"].allSatisfy { readPID(home, "pid.\($0)") != nil }
        }
        return ["plain", "stubborn", "shell"].compactMap { readPID(home, "pid.\($0)") }
    }

    @Test func sigkillOfTheSupervisorTakesEveryChildDown() async throws {
        let home = temporaryHome("e2e-kill")
        let running = try launch(home: home, config: sleepers)
        defer { if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) } }
        let pids = await childPIDs(home)
        try #require(pids.count == 3, "children did not start; supervisor said: \(running.stderr)")
        #expect(pids.allSatisfy(isAlive))
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(await eventually(timeout: .seconds(5)) { pids.allSatisfy { !isAlive($0) } },
                "still alive: \(pids.filter(isAlive))")
    }

    /// PDEATHSIG does not reach grandchildren (decision 0002); the next supervisor on the same data
    /// directory finds them by their inherited environment and kills them.
    @Test func nextSupervisorSweepsGrandchildrenLeftBySigkill() async throws {
        let home = temporaryHome("e2e-sweep")
        let first = try launch(home: home, config: sleepers)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let pids = await childPIDs(home)
        try #require(pids.count == 3, "children did not start; supervisor said: \(first.stderr)")
        let grandchild = try #require(readPID(home, "pid.grandchild"))
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(await eventually(timeout: .seconds(5)) { pids.allSatisfy { !isAlive($0) } })
        defer { kill(grandchild, SIGKILL) }
        #expect(isAlive(grandchild), "the known gap: PDEATHSIG did not reach the grandchild")
        let second = try launch(home: home, config: "bus: false\nprocesses:\n  - { name: idle, executable: /bin/sleep, args: ['60'] }\n")
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGTERM); second.process.waitUntilExit() } }
        #expect(await eventually(timeout: .seconds(5)) { !isAlive(grandchild) }, "\(second.stderr)")
        #expect(second.stderr.contains("previous supervisor did not exit cleanly"))
    }

    @Test func sigtermStopsEverythingAndRemovesThePidFile() async throws {
        let home = temporaryHome("e2e-term")
        let running = try launch(home: home, config: sleepers.replacingOccurrences(
            of: "bus: false", with: "bus: false\nshutdown: { timeout: 1s }"))
        defer { if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) } }
        let pids = await childPIDs(home)
        try #require(pids.count == 3, "children did not start; supervisor said: \(running.stderr)")
        let pidFile = home.appendingPathComponent("run/supervisor.pid")
        #expect(readPID(home, "run/supervisor.pid") == running.process.processIdentifier)
        kill(running.process.processIdentifier, SIGTERM)
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 0, "\(running.stderr)")
        #expect(pids.allSatisfy { !isAlive($0) })
        #expect(await eventually(timeout: .seconds(2)) { !isAlive(readPID(home, "pid.grandchild")!) },
                "the shell's grandchild went with its process group")
        #expect(!FileManager.default.fileExists(atPath: pidFile.path))
        #expect(running.stderr.contains("sending SIGKILL"), "the SIGTERM-ignoring child is killed after the timeout")
    }

    @Test func secondSupervisorOnTheSameDataDirectoryRefuses() async throws {
        let home = temporaryHome("e2e-lock")
        let first = try launch(home: home, config: sleepers)
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        _ = await childPIDs(home)
        let secondHome = home.appendingPathComponent("second", isDirectory: true)
        try FileManager.default.createDirectory(at: secondHome, withIntermediateDirectories: true)
        try sleepers.write(to: secondHome.appendingPathComponent("supervisor.yaml"), atomically: true, encoding: .utf8)
        let second = Process()
        second.executableURL = URL(fileURLWithPath: supervisorBinary!)
        second.arguments = ["--config", secondHome.appendingPathComponent("supervisor.yaml").path]
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_HOME"] = home.path
        second.environment = env
        let pipe = Pipe()
        second.standardError = pipe
        second.standardOutput = FileHandle.nullDevice
        try second.run()
        let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        #expect(second.terminationStatus == 3)
        #expect(message.contains("another palisade-supervisor (pid \(first.process.processIdentifier)) already runs"))
        #expect(first.process.isRunning)
    }

    @Test func badConfigExitsTwoNamingFileAndLine() async throws {
        let home = temporaryHome("e2e-config")
        let running = try launch(home: home, config: "processes:\n  - name: a\n    exectuable: /bin/true\n")
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 2)
        #expect(running.stderr.contains("supervisor.yaml:3:5: unknown key 'exectuable'"), "\(running.stderr)")
        let missing = try launch(home: home, config: nil)
        missing.process.waitUntilExit()
        #expect(missing.process.terminationStatus == 2)
        #expect(missing.stderr.contains("missing.yaml: config file does not exist"), "\(missing.stderr)")
    }
}
