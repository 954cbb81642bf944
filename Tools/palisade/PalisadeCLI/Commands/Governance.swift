import ArgumentParser
import Foundation
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol

/// `palisade governance`: who owns which failing finding, by when, and how it is going (docs/governance.md).
struct Governance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Governance: owners and due dates on failing findings, the rules that assign them, the report.",
        discussion: "Rules (governance.yaml, docs/governance.md) assign failing findings to owners with a due date; "
            + "a finding in its grace period does not count against the secure score until it is overdue.",
        subcommands: [GovernanceReportCommand.self, GovernanceRules.self, GovernanceList.self, GovernanceAssignCommand.self,
                      GovernanceReassignCommand.self],
        defaultSubcommand: GovernanceReportCommand.self)
}

struct GovernanceReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Per owner and per rule: completed (on time / late), open on time, overdue; unassigned.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this account.") var account: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let r = try await Connection(global).call(GovernanceReportQuery(account: account))
            Printer.emit(r, as: global.output, csv: { GovernanceRender.table(r) }) { GovernanceRender.text(r) }
        }
    }
}

struct GovernanceRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "The rules in force; `apply FILE` puts a file in force, `check FILE` validates one.",
        subcommands: [GovernanceRulesShow.self, GovernanceRulesApply.self, GovernanceRulesCheck.self],
        defaultSubcommand: GovernanceRulesShow.self)
}

struct GovernanceRulesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "The rules in force, by priority.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let r = try await Connection(global).call(GovernanceRulesQuery())
            Printer.emit(r, as: global.output, csv: { GovernanceRender.rules(r) }) {
                guard let file = r.file else { return "No governance rules: `palisade governance rules apply governance.yaml`." }
                return "Rules from \(file) (in force since \(r.loadedAt?.short ?? "?")):\n" + GovernanceRender.rules(r).render()
            }
        }
    }
}

struct GovernanceRulesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a governance rules file; exits 2 with file:line:column when it is invalid.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The rules YAML file.") var file: String

    func run() async throws {
        let rules: [GovernanceRule]
        do { rules = try GovernanceRuleFile.load(path: file) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        Printer.emit(rules.map(\.id), as: global.output) { "\(file): \(rules.count) rule\(rules.count == 1 ? "" : "s") OK" }
    }
}

struct GovernanceRulesApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Put a rules file in force: validated here first (file:line:column), then applied to the failing "
            + "findings nobody owns yet. Assignments of rules no longer in the file are kept.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The rules YAML file.") var file: String

    func run() async throws {
        do { _ = try GovernanceRuleFile.load(path: file) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        try await reporting(endpoint: global.environment.busEndpoint) {
            let r = try await Connection(global).call(GovernanceRulesSet(file: path, yaml: yaml))
            Printer.emit(r, as: global.output) {
                "\(r.rules.count) rules in force from \(path); \(r.assignmentsChanged) assignments made or changed."
            }
        }
    }
}

struct GovernanceList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Assignments, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this owner.") var owner: String?
    @Option(help: "Only this account.") var account: String?
    @Flag(help: "Only overdue ones.") var overdue = false
    @Flag(help: "Completed ones too.") var all = false
    @Option(help: "At most this many.") var limit: Int = 200

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(GovernanceAssignmentsQuery(
                owner: owner, account: account, includeCompleted: all, overdueOnly: overdue, limit: limit))
            // The service chose the overdue ones by its own clock (a test stack's may run ahead).
            let table = GovernanceRender.assignments(list, now: overdue ? .distantFuture : Date())
            Printer.emit(list, as: global.output, csv: { table }) { list.isEmpty ? "No assignments." : table.render() }
        }
    }
}

struct GovernanceAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign a failing finding by hand.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Finding id (`palisade findings --status fail --output json`).") var finding: String
    @Option(help: "Owner (e-mail or name).") var owner: String
    @Option(help: "Due date, YYYY-MM-DD (UTC midnight) or an ISO 8601 time.") var due: String
    @Flag(help: "In a grace period until due: does not count against the secure score until overdue.") var grace = false

    func validate() throws { _ = try CLIDates.parse(due, option: "--due") }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let a = try await Connection(global).call(GovernanceAssign(
                findingID: finding, owner: owner, due: try CLIDates.parse(due, option: "--due"), gracePeriod: grace))
            Printer.emit(a, as: global.output) { "Assigned \(a.findingID) to \(a.owner), due \(a.dueDate.short)" }
        }
    }
}

struct GovernanceReassignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign", abstract: "Change the owner and/or due date of a finding's open assignment.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Finding id.") var finding: String
    @Option(help: "New owner.") var owner: String?
    @Option(help: "New due date, YYYY-MM-DD or an ISO 8601 time.") var due: String?

    func validate() throws {
        if owner == nil && due == nil { throw ValidationError("give --owner, --due or both") }
        if let due { _ = try CLIDates.parse(due, option: "--due") }
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let a = try await Connection(global).call(GovernanceReassign(
                findingID: finding, owner: owner, due: try due.map { try CLIDates.parse($0, option: "--due") }))
            Printer.emit(a, as: global.output) { "Reassigned \(a.findingID) to \(a.owner), due \(a.dueDate.short)" }
        }
    }
}

enum GovernanceRender {

    static func row(_ r: GovernanceReport.Row, _ kind: String) -> [String] {
        [kind, r.key, "\(r.completedOnTime)", "\(r.completedLate)", "\(r.openOnTime)", "\(r.overdue)", "\(r.unassigned)"]
    }

    static func table(_ r: GovernanceReport) -> Table {
        Table(headers: ["by", "owner / rule", "completed on time", "completed late", "open on time", "overdue", "unassigned"],
              rows: r.byOwner.map { row($0, "owner") } + r.byRule.map { row($0, "rule") } + [row(r.totals, "all")])
    }

    static func text(_ r: GovernanceReport) -> String {
        let t = r.totals
        var lines = ["Governance (\(r.generatedAt.short)): \(t.open) open (\(t.overdue) overdue), \(t.completed) completed "
            + "(\(t.completedLate) late), \(t.unassigned) failing findings unassigned"]
        if r.byOwner.isEmpty && r.byRule.isEmpty {
            lines.append("No assignments yet: `palisade governance rules apply governance.yaml` (docs/governance.md).")
        } else {
            lines.append(table(r).render())
        }
        return lines.joined(separator: "\n")
    }

    static func rules(_ r: GovernanceRulesReply) -> Table {
        Table(headers: ["priority", "rule", "what"], rows: r.rules.map { ["\($0.priority)", $0.id, $0.summary] }, maxCellWidth: 110)
    }

    static func assignments(_ list: [GovernanceAssignment], now: Date) -> Table {
        Table(headers: ["finding", "owner", "due", "state", "rule", "severity", "grace"], rows: list.map { a in
            let state = a.isOpen ? (a.isOverdue(at: now) ? "overdue" : "open") : (a.completedOnTime == true ? "done on time" : "done late")
            return [a.findingID, a.owner, a.dueDate.short, state, a.ruleID ?? "(manual)", a.severity.rawValue,
                    a.gracePeriod ? "yes" : "no"]
        }, maxCellWidth: 90)
    }
}
