import CPalisadeSys
import Foundation
import Logging
import PalisadeProtocol
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// What every Palisade executable does first and last: environment, logger, parent watch, service group.
public enum ServiceRuntime {
    /// Reads the environment, makes the logger and, when started by the supervisor, arranges to die with it.
    public static func bootstrap(_ label: String) -> (PalisadeEnvironment, Logger) {
        let env = PalisadeEnvironment.current()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["PALISADE_LOG_LEVEL"] ?? "")
                ?? .info
            return handler
        }
        let logger = Logger(label: label)
        ParentWatch.install(logger: logger)
        try? FileManager.default.createDirectory(at: env.runDirectory, withIntermediateDirectories: true)
        return (env, logger)
    }

    /// Runs `services` in order in one group; SIGTERM and SIGINT shut it down gracefully.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

/// A child of the supervisor dies with it, even when the supervisor is SIGKILLed:
/// 1. asks the kernel for SIGTERM when the supervisor dies (PR_SET_PDEATHSIG; the supervisor forks from one
///    long-lived thread, so the signal means the supervisor process is gone) → graceful shutdown;
/// 2. exits at once if the supervisor is already gone at start;
/// 3. a safety net: a background thread checks every second that `getppid()` is still the supervisor; when
///    it is not, it raises SIGTERM for a graceful stop and, if the process is still alive 5 s later, `_exit`s.
/// Does nothing unless `PALISADE_SUPERVISOR_PID` is set (i.e. outside the supervisor).
public enum ParentWatch {
    public static func install(logger: Logger) {
        guard let raw = ProcessInfo.processInfo.environment["PALISADE_SUPERVISOR_PID"], let expected = Int32(raw)
        else { return }
        _ = palisade_set_parent_death_signal(SIGTERM)
        if getppid() != expected {
            logger.warning("supervisor is gone before start; exiting", metadata: ["supervisor.pid": "\(expected)"])
            exit(0)
        }
        startPolling(expected: expected, interval: 1, hardExitAfter: 5, logger: logger)
    }

    /// The `getppid()` safety net (see `install`).
    static func startPolling(expected: Int32, interval: TimeInterval, hardExitAfter: TimeInterval, logger: Logger) {
        let thread = Thread {
            while getppid() == expected { Thread.sleep(forTimeInterval: interval) }
            logger.warning("supervisor is gone; shutting down", metadata: ["supervisor.pid": "\(expected)"])
            raise(SIGTERM)
            Thread.sleep(forTimeInterval: hardExitAfter)
            logger.error("still running \(hardExitAfter)s after the supervisor died; exiting now")
            _exit(1)
        }
        thread.name = "palisade-parent-watch"
        thread.stackSize = 64 * 1024
        thread.start()
    }
}
