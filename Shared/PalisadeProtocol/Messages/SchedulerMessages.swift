import Foundation
import PalisadeModel

/// Every schedule with its last run, its next run and the scan in flight (`palisade schedule list`).
public struct ScheduleListQuery: BusMessage {
    public static let service = ServiceName.scheduler
    public static let type = "scheduler.list"
    public typealias Response = ScheduleList

    public init() {}
}

public struct ScheduleList: Codable, Sendable, Hashable {
    public var schedules: [ScheduleEntry]
    /// The file the schedules came from (nil: no config file, so no schedules).
    public var configFile: String?
    /// The latest load of that file failed (file:line:column: what was expected); the schedules shown are the
    /// last good ones, still in force.
    public var configError: String?

    public init(schedules: [ScheduleEntry], configFile: String?, configError: String?) {
        self.schedules = schedules
        self.configFile = configFile
        self.configError = configError
    }
}

public struct ScheduleEntry: Codable, Sendable, Hashable {
    public var name: String
    /// `every 6h` or `cron 0 */6 * * *`.
    public var cadence: String
    public var target: ScanTarget
    public var enabled: Bool
    /// nil while a scan runs, for a disabled schedule, or a cron that never matches again.
    public var nextRunAt: Date?
    public var running: RunningScan?
    public var runs: Int
    public var lastRun: RunRecord?

    public init(name: String, cadence: String, target: ScanTarget, enabled: Bool, nextRunAt: Date?,
                running: RunningScan?, runs: Int, lastRun: RunRecord?) {
        self.name = name
        self.cadence = cadence
        self.target = target
        self.enabled = enabled
        self.nextRunAt = nextRunAt
        self.running = running
        self.runs = runs
        self.lastRun = lastRun
    }
}

/// Reads the config file again. A file that does not load is refused with file:line:column
/// (`scheduler.config.*`) and the schedules in force stay.
public struct ScheduleReload: BusMessage {
    public static let service = ServiceName.scheduler
    public static let type = "scheduler.reload"
    public typealias Response = ScheduleList

    public init() {}
}

/// Runs a schedule now (after a scan of the same target in flight, if any); its cadence goes on from this run.
public struct ScheduleRunNow: BusMessage {
    public static let service = ServiceName.scheduler
    public static let type = "scheduler.run"
    public typealias Response = ScheduleList

    public var name: String
    public init(name: String) { self.name = name }
}
