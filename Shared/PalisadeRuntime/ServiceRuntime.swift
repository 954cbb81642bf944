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

/// A child of the supervisor asks the kernel for SIGTERM when the supervisor dies (even by SIGKILL),
/// and exits at once if the supervisor is already gone.
public enum ParentWatch {
    public static func install(logger: Logger) {
        guard let raw = ProcessInfo.processInfo.environment["PALISADE_SUPERVISOR_PID"], let expected = Int32(raw)
        else { return }
        _ = palisade_set_parent_death_signal(SIGTERM)
        if getppid() != expected {
            logger.warning("supervisor is gone before start; exiting", metadata: ["supervisor.pid": "\(expected)"])
            exit(0)
        }
    }
}
