import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule
import Synchronization

/// The planner behind a lock, with its persistence and the config file: what the run loop and the bus handlers
/// share. Every change to a schedule's state is written to scheduler.sqlite before it is acted on.
public final class SchedulerEngine: Sendable {
    let store: ScheduleStore
    let configFile: String?
    let logger: Logger
    private let state: Mutex<Inner>

    struct Inner {
        var planner: SchedulePlanner
        var configError: String?
    }

    /// Loads the schedules from `configFile` (nil: none). A file that does not load is logged and reported by
    /// `list()`; the last good schedules (from the store) stay in force.
    public init(store: ScheduleStore, configFile: String?, logger: Logger, now: Date) throws {
        self.store = store
        self.configFile = configFile
        self.logger = logger
        var schedules: [ScanSchedule] = []
        var configError: String?
        switch Self.load(configFile, store: store) {
        case .success(let s): schedules = s
        case .failure(let error):
            configError = error.description
            logger.error("schedules did not load; keeping the last good ones", metadata: ["error": "\(error)"])
            if let good = try store.goodConfig() { schedules = (try? ScheduleFile.parse(yaml: good.text, file: good.file)) ?? [] }
        }
        var planner = SchedulePlanner(schedules: schedules, states: try store.states(), now: now)
        try store.save(planner.recover(now: now))
        state = Mutex(Inner(planner: planner, configError: configError))
        logger.info("scheduler loaded", metadata: ["schedules.count": "\(schedules.count)",
                                                   "config.file": "\(configFile ?? "(none)")"])
    }

    /// Reads and parses `file`, remembering its text as the last good config when it loads.
    static func load(_ file: String?, store: ScheduleStore) -> Result<[ScanSchedule], ScheduleFileError> {
        guard let file else { return .success([]) }
        do {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ScheduleFileError(code: "scheduler.config.unreadable", file: file,
                                        message: "config file cannot be read (\(error.localizedDescription))")
            }
            let schedules = try ScheduleFile.parse(yaml: text, file: file)
            try? store.saveGoodConfig(file: file, text: text)
            return .success(schedules)
        } catch let error as ScheduleFileError {
            return .failure(error)
        } catch {
            return .failure(ScheduleFileError(code: "scheduler.config.unreadable", file: file, message: "\(error)"))
        }
    }

    /// Schedules to start now (already marked and persisted as starting).
    func tick(now: Date) throws -> [ScanSchedule] {
        try state.withLock { inner in
            let starting = inner.planner.tick(now: now)
            try store.save(starting.compactMap { inner.planner.states[$0.name] })
            return starting
        }
    }

    func apply(_ change: (inout SchedulePlanner) -> [ScheduleState]) throws {
        try state.withLock { inner in try store.save(change(&inner.planner)) }
    }

    var inFlight: [(name: String, scanID: String, since: Date, timeoutSeconds: Int)] {
        state.withLock { $0.planner.inFlight }
    }

    public func list() -> ScheduleList {
        state.withLock { inner in
            let p = inner.planner
            let entries = p.schedules.map { s in
                let st = p.states[s.name]
                return ScheduleEntry(name: s.name, cadence: s.cadence.description, target: s.target, enabled: s.enabled,
                                     nextRunAt: p.nextRun(s.name), running: st?.running, runs: st?.runs ?? 0,
                                     lastRun: st?.lastRun)
            }
            return ScheduleList(schedules: entries, configFile: configFile, configError: inner.configError)
        }
    }

    /// Re-reads the config file; a file that does not load is refused and the schedules in force stay.
    public func reload(now: Date) throws -> ScheduleList {
        guard configFile != nil else {
            throw WireError(code: "scheduler.config.none",
                            message: "the stack was started without a config file; start it with `palisade up --config FILE`")
        }
        switch Self.load(configFile, store: store) {
        case .failure(let error):
            state.withLock { $0.configError = error.description }
            logger.error("schedule reload refused; the schedules in force stay", metadata: ["error": "\(error)"])
            throw WireError(code: error.code, message: error.description + " — the schedules in force stay")
        case .success(let schedules):
            try state.withLock { inner in
                inner.configError = nil
                try store.save(inner.planner.replace(schedules, now: now))
            }
            logger.info("schedules reloaded", metadata: ["schedules.count": "\(schedules.count)"])
            return list()
        }
    }

    public func runNow(_ name: String, now: Date) throws -> ScheduleList {
        try state.withLock { inner in
            guard inner.planner.schedule(named: name) != nil else {
                let names = inner.planner.schedules.map(\.name)
                throw WireError(code: "scheduler.schedule.unknown",
                                message: "no schedule '\(name)'; schedules: \(names.isEmpty ? "(none)" : names.joined(separator: ", "))")
            }
            try store.save(inner.planner.request(name, now: now))
        }
        return list()
    }
}
