import CPalisadeSys
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Waits for one child on its own thread (blocking `waitpid(pid)`, so it never takes another component's
/// children and never blocks the cooperative pool), then reports how it ended.
enum ChildReaper {
    static func watch(pid: Int32, onExit: @escaping @Sendable (ExitStatus) -> Void) {
        let thread = Thread {
            var code: Int32 = -1
            var signal: Int32 = 0
            if palisade_wait(pid, &code, &signal) != 0 {
                onExit(.exited(-1))  // ECHILD: someone else reaped it; it is gone either way
                return
            }
            onExit(signal > 0 ? .signaled(signal) : .exited(code))
        }
        thread.name = "palisade-reaper-\(pid)"
        thread.stackSize = 64 * 1024
        thread.start()
    }
}
