import ArgumentParser
import Foundation
import PalisadeProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Asks the supervisor to stop every service, and waits until it has exited.
struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the Palisade stack on this host.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Seconds to wait for a clean stop.")
    var wait: Int = 30

    func run() async throws {
        let env = global.environment
        guard let pid = Supervisor.runningPID(env) else {
            print("Palisade is not running (state directory \(env.dataDirectory.path)).")
            return
        }
        let asked = (try? await Connection(global).call(SupervisorShutdown(), timeout: .seconds(3))) != nil
        if !asked { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(wait)
        while kill(pid, 0) == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        if kill(pid, 0) == 0 {
            FileHandle.standardError.write(Data("error: supervisor \(pid) still running after \(wait) s\n".utf8))
            throw ExitCode(CLIError.failedCode)
        }
        print("Palisade stopped.")
    }
}
