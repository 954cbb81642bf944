import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule

/// `palisade schedule list|check|reload|run`: the scans the stack runs by itself (`schedules:` in palisade.yaml).
struct Schedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scheduled scans: list them with their last and next run, check or reload the config, run one now.",
        discussion: "Schedules live under `schedules:` in the file given to `palisade up --config` (see "
            + "docs/scheduling.md). Scans of the same target never overlap; a run missed while the stack was down "
            + "runs once at start-up.",
        subcommands: [ScheduleListCommand.self, ScheduleCheck.self, ScheduleReloadCommand.self, ScheduleRun.self])
}

struct ScheduleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every schedule: cadence, target, last run and its outcome, next run.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(ScheduleListQuery())
            Printer.emit(list, as: global.output, csv: { ScheduleRender.table(list) }) { ScheduleRender.text(list) }
        }
    }
}

struct ScheduleCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the schedules in a config file; exits 2 with file:line:column when invalid.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The palisade.yaml to check.") var file: String

    func run() async throws {
        let schedules: [ScanSchedule]
        do { schedules = try ScheduleFile.load(path: file) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        let names = schedules.map { "  \($0.name): \($0.cadence), \($0.target.summary)\($0.enabled ? "" : " (disabled)")" }
        Printer.emit(schedules.map(\.name), as: global.output) {
            (["\(file): \(schedules.count) schedule\(schedules.count == 1 ? "" : "s") OK"] + names).joined(separator: "\n")
        }
    }
}

struct ScheduleReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Re-read the schedules from the stack's config file; a file that does not load is refused and "
            + "the schedules in force stay.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(ScheduleReload())
            Printer.emit(list, as: global.output, csv: { ScheduleRender.table(list) }) {
                "Reloaded \(list.configFile ?? ""): \(list.schedules.count) schedules\n" + ScheduleRender.text(list)
            }
        }
    }
}

struct ScheduleRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a schedule now (after a scan of the same target in flight, if any).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The schedule's name.") var name: String

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(ScheduleRunNow(name: name))
            Printer.emit(list, as: global.output) { "Schedule \(name) runs now; `palisade schedule list` shows it." }
        }
    }
}

/// How schedules print.
enum ScheduleRender {
    static func table(_ list: ScheduleList) -> Table {
        Table(headers: ["schedule", "cadence", "target", "last run", "outcome", "runs", "next run"],
              rows: list.schedules.map { e in
                  let last = e.lastRun
                  let outcome: String
                  if let r = e.running {
                      outcome = "running" + (r.scanID.map { " \($0)" } ?? " (starting)")
                  } else if let last {
                      outcome = "\(last.outcome.rawValue)\(last.trigger == .schedule ? "" : " (\(last.trigger.rawValue))"): \(last.detail)"
                  } else { outcome = "-" }
                  let next = !e.enabled ? "disabled" : e.running != nil ? "after this run" : (e.nextRunAt?.short ?? "never")
                  return [e.name, e.cadence, e.target.summary, (e.running?.since ?? last?.startedAt)?.short ?? "never",
                          outcome, "\(e.runs)", next]
              }, maxCellWidth: 70)
    }

    static func text(_ list: ScheduleList) -> String {
        var lines: [String] = []
        if let error = list.configError {
            lines.append("warning: the config did not load; the schedules below are the last good ones, still in force:")
            lines.append("  \(error)")
        }
        if list.schedules.isEmpty {
            lines.append(list.configFile == nil
                ? "No schedules: the stack was started without a config file (`palisade up --config palisade.yaml`)."
                : "No schedules in \(list.configFile!) (add a `schedules:` section; see docs/scheduling.md).")
            return lines.joined(separator: "\n")
        }
        lines.append(table(list).render())
        return lines.joined(separator: "\n")
    }
}
