import Foundation
import Logging
import PalisadeProtocol
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The process shell around `SupervisorStateMachine`: spawns children, reaps them, runs timers, polls the
/// gateway for the watchdog, and executes every action the state machine returns. Graceful shutdown of
/// the service (SIGTERM/SIGINT via ServiceGroup, or `requestShutdown`) stops every child first.
public final class Supervisor: Service, @unchecked Sendable {
    enum Input: Sendable {
        case exited(name: String, pid: Int32, status: ExitStatus)
        case timer(SupervisorStateMachine.Timer)
        case gateway(GatewayStatus?)
        case shutdown(after: Duration)
    }

    public let config: SupervisorConfig
    let environment: PalisadeEnvironment
    let executableDirectory: URL
    let statusSender: (any RequestSender)?
    let logger: Logger
    let spawner: ProcessSpawner
    let inputs: AsyncStream<Input>
    let continuation: AsyncStream<Input>.Continuation
    private let lock = NSLock()
    private var snapshot: SupervisorStatus
    private var _exitCode: Int32?

    /// - Parameters:
    ///   - executableDirectory: where relative `executable`s are found (the supervisor's own directory).
    ///   - statusSender: polls `GatewayStatusQuery` for the watchdog; nil turns the watchdog off.
    public init(config: SupervisorConfig, environment: PalisadeEnvironment, executableDirectory: URL,
                statusSender: (any RequestSender)?, logger: Logger, spawner: ProcessSpawner = .shared) {
        self.config = config
        self.environment = environment
        self.executableDirectory = executableDirectory
        self.statusSender = statusSender
        self.logger = logger
        self.spawner = spawner
        (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        snapshot = SupervisorStateMachine(config: config).status(supervisorPID: getpid())
    }

    /// The current state of every managed process.
    public var status: SupervisorStatus { lock.withLock { snapshot } }

    /// Set when `run()` has finished: 0 after a clean shutdown.
    public var exitCode: Int32? { lock.withLock { _exitCode } }

    /// Stops every process gracefully and ends `run()`; `after` lets a reply go out first.
    public func requestShutdown(after delay: Duration = .zero) {
        continuation.yield(.shutdown(after: delay))
    }

    /// The directory holding the running executable (`/proc/self/exe`).
    public static func ownExecutableDirectory() -> URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent()
    }

    public func run() async throws {
        let clock = ContinuousClock()
        let origin = clock.now
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        var machine = SupervisorStateMachine(config: config)
        let inputs = self.inputs
        let continuation = self.continuation
        await withDiscardingTaskGroup { group in
            if let sender = statusSender {
                let interval = config.watchdog.interval
                group.addTask { await Self.pollGateway(sender, every: interval, into: continuation) }
            }
            await withGracefulShutdownHandler {
                var iterator = inputs.makeAsyncIterator()
                var pending: [SupervisorStateMachine.Event] = [.configLoaded]
                loop: while true {
                    while !pending.isEmpty {
                        let actions = machine.handle(pending.removeFirst())
                        publish(machine)
                        for action in actions {
                            switch action {
                            case .spawn(let name):
                                pending.append(await spawn(name, now: { clock.now - origin }))
                            case .signal(let pid, let signal):
                                Self.signalGroup(pid, signal.number)
                            case .schedule(let timer, let at):
                                group.addTask {
                                    try? await Task.sleep(until: origin + at, clock: clock)
                                    continuation.yield(.timer(timer))
                                }
                            case .log(let entry):
                                log(entry)
                            case .exitSupervisor(let code):
                                lock.withLock { _exitCode = code }
                                break loop
                            }
                        }
                    }
                    guard let input = await iterator.next() else { break }
                    let now = clock.now - origin
                    switch input {
                    case .exited(let name, let pid, let status):
                        pending.append(.exited(name: name, pid: pid, status: status, now: now))
                    case .timer(.tick): pending.append(.tick(now: now))
                    case .timer(.shutdownTimeout): pending.append(.shutdownTimeout)
                    case .gateway(let status?): pending.append(.gatewayStatus(status, now: now))
                    case .gateway(nil): pending.append(.gatewayUnreachable(now: now))
                    case .shutdown(let delay) where delay > .zero:
                        group.addTask {
                            try? await Task.sleep(for: delay)
                            continuation.yield(.shutdown(after: .zero))
                        }
                    case .shutdown: pending.append(.shutdownRequested(now: now))
                    }
                }
            } onGracefulShutdown: {
                continuation.yield(.shutdown(after: .zero))
            }
            group.cancelAll()
        }
        if exitCode == nil {
            // Cancelled before a clean shutdown: take everything down hard rather than leave orphans.
            for p in machine.processes { if let pid = p.pid { Self.signalGroup(pid, SIGKILL) } }
            lock.withLock { _exitCode = 1 }
        }
    }

    private func publish(_ machine: SupervisorStateMachine) {
        let s = machine.status(supervisorPID: getpid())
        lock.withLock { snapshot = s }
    }

    private func log(_ entry: SupervisorStateMachine.LogEntry) {
        var metadata: Logger.Metadata = [:]
        if let name = entry.process { metadata["process.name"] = .string(name) }
        logger.log(level: entry.level, "\(entry.message)", metadata: metadata)
    }

    static func pollGateway(_ sender: any RequestSender, every interval: Duration,
                            into continuation: AsyncStream<Input>.Continuation) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                let status = try await sender.call(GatewayStatusQuery(), timeout: interval, retry: .none)
                continuation.yield(.gateway(status))
            } catch {
                continuation.yield(.gateway(nil))
            }
        }
    }

    /// Signals the child's process group (pgid = pid), reaching anything it started; falls back to the pid.
    static func signalGroup(_ pid: Int32, _ signal: Int32) {
        guard pid > 0 else { return }
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }
}
