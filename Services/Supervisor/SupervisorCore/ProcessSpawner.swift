import CPalisadeSys
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A spawn that could not happen: which stage failed and why.
public struct SpawnError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var stage: String
    public var errno: Int32
    public var description: String {
        "\(stage) of \(executable) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// What to start.
public struct SpawnRequest: Sendable {
    public var executable: String
    public var arguments: [String]
    /// The complete environment of the child.
    public var environment: [String: String]
    /// stdout and stderr are appended here.
    public var logFile: URL

    public init(executable: String, arguments: [String], environment: [String: String], logFile: URL) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.logFile = logFile
    }
}

/// Forks every child from ONE long-lived thread. PR_SET_PDEATHSIG fires when the *thread* that forked a
/// child exits, so forking from the cooperative pool or a transient dispatch thread would kill children
/// at random; this thread never exits, so children die only when the supervisor process dies.
public final class ProcessSpawner: @unchecked Sendable {
    /// The process-wide spawner (one thread for the life of the process).
    public static let shared = ProcessSpawner()

    private let condition = NSCondition()
    private var queue: [(SpawnRequest, @Sendable (Result<Int32, SpawnError>) -> Void)] = []

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "palisade-spawner"
        thread.start()
    }

    /// Starts the child (own process group, PDEATHSIG SIGKILL, stdin /dev/null, output to the log file)
    /// and returns its pid once exec has succeeded.
    public func spawn(_ request: SpawnRequest) async -> Result<Int32, SpawnError> {
        await withCheckedContinuation { continuation in
            condition.lock()
            queue.append((request, { continuation.resume(returning: $0) }))
            condition.signal()
            condition.unlock()
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let (request, reply) = queue.removeFirst()
            condition.unlock()
            reply(Self.forkExec(request))
        }
    }

    /// Runs on the spawner thread only.
    private static func forkExec(_ request: SpawnRequest) -> Result<Int32, SpawnError> {
        func failure(_ stage: String, _ code: Int32) -> Result<Int32, SpawnError> {
            .failure(SpawnError(executable: request.executable, stage: stage, errno: code))
        }
        let logFD = open(request.logFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { return failure("opening log file \(request.logFile.path)", errno) }
        defer { close(logFD) }

        let argv = [request.executable] + request.arguments
        let envp = request.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnvp: [UnsafeMutablePointer<CChar>?] = envp.map { strdup($0) } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnvp.forEach { free($0) }
        }
        var stage: Int32 = 0
        var code: Int32 = 0
        let pid = palisade_spawn(request.executable, &cArgv, &cEnvp, logFD, SIGKILL, &stage, &code)
        if pid > 0 { return .success(pid) }
        switch UInt32(stage) {
        case PALISADE_SPAWN_PIPE.rawValue: return failure("creating the exec status pipe", code)
        case PALISADE_SPAWN_FORK.rawValue: return failure("fork", code)
        case PALISADE_SPAWN_SETUP.rawValue: return failure("child setup", code)
        default: return failure("exec", code)
        }
    }
}
