import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking pipe the socket thread polls next to its socket, so an enqueued message is sent at once
/// instead of after the poll timeout. Wake-ups coalesce: at most one byte is pending.
final class WakePipe: @unchecked Sendable {
    let readFD: Int32
    private let writeFD: Int32
    private let lock = NSLock()
    private var pending = false

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ZMQError("pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Any thread: make the next (or current) poll return.
    func wake() {
        let first = lock.withLock { () -> Bool in
            if pending { return false }
            pending = true
            return true
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Socket thread: consume pending wake-ups. Call before taking the queue: a wake-up racing with this
    /// either left its byte (next poll returns) or found `pending` set (its item is in the queue taken next).
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
        lock.withLock { pending = false }
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}
