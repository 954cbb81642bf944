import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `<dataDir>/run/supervisor.pid`, held with an exclusive `flock` for the life of the supervisor, so a
/// second supervisor on the same data directory refuses to start.
public final class PidFileLock: @unchecked Sendable {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// `supervisor.already_running` or `supervisor.pidfile`.
        public var code: String
        public var message: String
        public var description: String { message }
    }

    public let path: URL
    /// The pid a previous supervisor left in the file: it died without a clean exit (SIGKILL, crash).
    public let previousPID: Int32?
    private var fd: Int32

    private init(path: URL, fd: Int32, previousPID: Int32?) {
        self.path = path
        self.fd = fd
        self.previousPID = previousPID
    }

    /// Takes the lock and writes our pid, or throws `supervisor.already_running` naming the holder's pid.
    public static func acquire(runDirectory: URL) throws -> PidFileLock {
        try? FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let path = runDirectory.appendingPathComponent("supervisor.pid")
        for _ in 0..<5 {
            let fd = open(path.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw Error(code: "supervisor.pidfile",
                            message: "cannot open pid file \(path.path): \(String(cString: strerror(errno)))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let holder = (try? String(contentsOf: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                close(fd)
                throw Error(code: "supervisor.already_running",
                            message: "another palisade-supervisor (pid \(holder.isEmpty ? "?" : holder)) already "
                                + "runs on data directory \(runDirectory.deletingLastPathComponent().path) "
                                + "(lock \(path.path)); stop it first or set PALISADE_HOME to another directory")
            }
            // The previous holder may have unlinked the file between our open and our flock: retry on the new one.
            var held = stat()
            var current = stat()
            guard fstat(fd, &held) == 0, stat(path.path, &current) == 0, held.st_ino == current.st_ino else {
                close(fd)
                continue
            }
            let previous = (try? String(contentsOf: path, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            let text = "\(getpid())\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
            return PidFileLock(path: path, fd: fd, previousPID: previous)
        }
        throw Error(code: "supervisor.pidfile", message: "pid file \(path.path) keeps being replaced; giving up")
    }

    /// Removes the pid file and drops the lock (clean exit only).
    public func release() {
        guard fd >= 0 else { return }
        unlink(path.path)
        close(fd)
        fd = -1
    }

    deinit {
        if fd >= 0 { close(fd) }
    }
}
