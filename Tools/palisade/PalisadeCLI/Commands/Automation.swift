import ArgumentParser
import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeProtocol

/// `palisade automation list|run|history|check`: workflow automation rules (`automations:` in palisade.yaml).
struct Automation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Workflow automation: the rules in force, run one now, the outcome of every action.",
        discussion: "Rules live under `automations:` in the file given to `palisade up --config` (docs/automation.md).",
        subcommands: [AutomationList.self, AutomationRun.self, AutomationHistory.self, AutomationCheck.self])
}

struct AutomationList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every rule: trigger, actions, runs.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(AutomationListQuery())
            let table = Table(headers: ["rule", "trigger", "actions", "outcomes", "last run"], rows: list.map {
                [$0.name + ($0.enabled ? "" : " (disabled)"), $0.trigger, $0.actions.joined(separator: ", "), "\($0.runs)",
                 $0.lastRun?.short ?? "never"]
            }, maxCellWidth: 70)
            Printer.emit(list, as: global.output, csv: { table }) {
                list.isEmpty ? "No automation rules (add `automations:` to palisade.yaml, see docs/automation.md)." : table.render()
            }
        }
    }
}

struct AutomationRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a rule's actions now on one finding (or a scheduled rule, e.g. a digest, with no finding).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The rule's name.") var rule: String
    @Option(help: "The finding to act on (an id from `palisade findings`).") var finding: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let outcomes = try await Connection(global).call(AutomationRunRequest(rule: rule, findingID: finding),
                                                            timeout: .seconds(180))
            Printer.emit(outcomes, as: global.output, csv: { AutomationRender.table(outcomes) }) {
                AutomationRender.table(outcomes).render()
            }
            if outcomes.contains(where: { $0.result == .failed }) {
                throw CLIError("error: \(outcomes.filter { $0.result == .failed }.count) action(s) failed", exitCode: 1)
            }
        }
    }
}

struct AutomationHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "What every action did, newest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only this rule (ticket-follow and ticket-sync are the ticket bookkeeping).") var rule: String?
    @Option(help: "At most this many.") var limit: Int = 50

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(AutomationHistoryQuery(rule: rule, limit: limit))
            Printer.emit(list, as: global.output, csv: { AutomationRender.table(list) }) {
                list.isEmpty ? "No automation has run yet." : AutomationRender.table(list).render()
            }
        }
    }
}

struct AutomationCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the automations of a palisade.yaml or a rules file; exits 2 with file:line:column.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to check.") var file: String

    func run() async throws {
        let config: ExportConfig
        do { config = try ExportConfig.load(path: file) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        Printer.emit(config.automations.map(\.name), as: global.output) {
            (["\(file): \(config.automations.count) automation(s) OK"]
             + config.automations.map { "  \($0.name): \($0.trigger.events.map(\.rawValue).sorted().joined(separator: ", ")) → \($0.actions.map(\.kind).joined(separator: ", "))" })
                .joined(separator: "\n")
        }
    }
}

enum AutomationRender {
    static func table(_ list: [AutomationOutcome]) -> Table {
        Table(headers: ["when", "rule", "trigger", "action", "result", "records", "detail"], rows: list.map {
            [$0.at.short, $0.rule, $0.trigger, $0.action, $0.result.rawValue,
             $0.records.count == 1 ? $0.records[0] : "\($0.records.count)", $0.detail]
        }, maxCellWidth: 90)
    }
}
