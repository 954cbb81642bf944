import Foundation
import Logging
import PalisadeProtocol
@testable import SupervisorCore

#if canImport(Glibc)
import Glibc
#endif

/// True while `pid` exists and is not a zombie (an orphan's zombie may linger if pid 1 does not reap).
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)...].first
    return state != "Z" && state != "X"
}

/// Polls a condition on real processes (not a clock) until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

/// A fresh data directory under /tmp.
func temporaryHome(_ label: String) -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("palisade-sup-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A `/bin/sh -c script` child.
func shell(_ name: String, _ script: String, service: String? = nil, restart: RestartPolicy = .standard) -> ProcessSpec {
    ProcessSpec(name: name, executable: "/bin/sh", arguments: ["-c", script], service: service, restart: restart)
}

/// Reads an integer pid a child wrote to `<home>/<file>`.
func readPID(_ home: URL, _ file: String) -> Int32? {
    (try? String(contentsOf: home.appendingPathComponent(file), encoding: .utf8))
        .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

func makeSupervisor(_ processes: [ProcessSpec], home: URL, statusSender: (any RequestSender)? = nil,
                    watchdog: WatchdogSettings = .init(), shutdownTimeout: Duration = .seconds(3)) -> Supervisor {
    var logger = Logger(label: "test.supervisor")
    logger.logLevel = .critical
    let config = SupervisorConfig(processes: processes, watchdog: watchdog, shutdownTimeout: shutdownTimeout,
                                  killWait: .seconds(2), busEnabled: statusSender != nil)
    let env = PalisadeEnvironment(dataDirectory: home, busEndpoint: "ipc://\(home.path)/run/bus.ipc")
    return Supervisor(config: config, environment: env, executableDirectory: URL(fileURLWithPath: "/bin"),
                      statusSender: statusSender, logger: logger)
}
