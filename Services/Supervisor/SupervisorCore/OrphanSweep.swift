import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// After a supervisor died uncleanly, kills what it left behind that PDEATHSIG could not reach
/// (grandchildren, processes that left their group). A process qualifies only when its environment
/// carries both `PALISADE_SUPERVISOR_PID=<the dead supervisor>` and `PALISADE_HOME=<this data directory>`,
/// which every child — and, by inheritance, its descendants — got from that supervisor.
public enum OrphanSweep {
    /// SIGKILLs every matching process; returns their pids.
    @discardableResult
    public static func killLeftovers(ofSupervisor deadPID: Int32, dataDirectory: URL) -> [Int32] {
        guard deadPID > 0, deadPID != getpid() else { return [] }
        let wanted: Set<String> = ["PALISADE_SUPERVISOR_PID=\(deadPID)", "PALISADE_HOME=\(dataDirectory.path)"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var killed: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { continue }
            let variables = Set(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
            guard wanted.isSubset(of: variables) else { continue }
            if kill(pid, SIGKILL) == 0 { killed.append(pid) }
        }
        return killed
    }
}
