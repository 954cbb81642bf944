import ArgumentParser
import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeProtocol

extension ExportFindings.Format: ExpressibleByArgument {}

/// `palisade export [write] --format F --out PATH` and `palisade export sinks|check`.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export findings to a file, and see the continuous-export sinks.",
        discussion: "Formats and sinks: docs/export.md and docs/export-formats.md.",
        subcommands: [ExportWrite.self, ExportSinks.self, ExportCheck.self], defaultSubcommand: ExportWrite.self)
}

struct ExportWrite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write the current findings to a file (the default: `palisade export --format sarif --out x.sarif`).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "ocsf (OCSF 1.5 Detection Finding per line), ocsf-compliance (Compliance Finding per requirement), asff (Security Hub), sarif (failing, unmuted findings), csv, jsonl.")
    var format: ExportFindings.Format
    @Option(help: "Output file (written on the export service's host, atomically).") var out: String
    @Option(parsing: .upToNextOption, help: "Only findings with these statuses (pass fail error muted notApplicable).")
    var status: [FindingStatus] = []
    @Option(parsing: .upToNextOption, help: "Only findings of these severities.") var severity: [Severity] = []
    @Option(parsing: .upToNextOption, help: "Only findings of these check ids.") var check: [String] = []
    @Option(parsing: .upToNextOption, help: "Only findings of these accounts.") var account: [String] = []
    @Option(help: "Only findings whose latest change came in a scan after this one (a scan id).") var since: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let path = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default
                .currentDirectoryPath, isDirectory: true)).standardizedFileURL.path
            let request = ExportFindings(format: format, path: path, statuses: status, severities: severity, checks: check,
                                         accounts: account, sinceScan: since)
            let result = try await Connection(global).call(request)
            Printer.emit(result, as: global.output) { "Wrote \(result.count) findings (\(format.rawValue)) to \(result.path)" }
        }
    }
}

struct ExportSinks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sinks", abstract: "Every continuous-export sink: position, lag, delivered, last error.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let reply = try await Connection(global).call(ExportSinksQuery())
            Printer.emit(reply, as: global.output, csv: { ExportRender.table(reply) }) { ExportRender.text(reply) }
        }
    }
}

struct ExportCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the sinks, automations, smtp and ticketing sections of a palisade.yaml; exits 2 with file:line:column when invalid.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The palisade.yaml to check.") var file: String

    func run() async throws {
        let config: ExportConfig
        do { config = try ExportConfig.load(path: file) } catch { throw CLIError("error: \(error)", exitCode: 2) }
        let lines = config.sinks.map { "  sink \($0.name): \($0.kind.rawValue) → \($0.target)\($0.enabled ? "" : " (disabled)")" }
            + config.automations.map { "  automation \($0.name): \($0.actions.map(\.kind).joined(separator: ", "))" }
        Printer.emit(config.sinks.map(\.name) + config.automations.map(\.name), as: global.output) {
            (["\(file): \(config.sinks.count) sink(s), \(config.automations.count) automation(s) OK"] + lines)
                .joined(separator: "\n")
        }
    }
}

enum ExportRender {
    static func table(_ r: ExportSinksReply) -> Table {
        Table(headers: ["sink", "kind", "target", "position", "lag", "oldest waiting", "delivered", "dead-lettered", "last error"],
              rows: r.sinks.map { s in
                  [s.name + (s.enabled ? "" : " (disabled)"), s.kind, s.target, "\(s.cursor)/\(r.head)", "\(s.lag)",
                   s.lagSeconds.map { age($0) } ?? "-", "\(s.delivered)", "\(s.deadLettered)",
                   s.lastError.map { e in
                       let when = s.lastErrorAt.map { " (\($0.short))" } ?? ""
                       let retry = s.attempts > 0 ? ", attempt \(s.attempts)" + (s.nextAttemptAt.map { ", next \($0.short)" } ?? "") : ""
                       return e + when + retry
                   } ?? "-"]
              }, maxCellWidth: 90)
    }

    static func text(_ r: ExportSinksReply) -> String {
        var lines: [String] = []
        if let e = r.configError { lines.append("error: the export configuration did not load; no sink runs:\n  \(e)") }
        if r.sinks.isEmpty {
            lines.append(r.configFile == nil
                ? "No sinks: the stack was started without a config file (`palisade up --config palisade.yaml`, see docs/export.md)."
                : "No sinks in \(r.configFile!) (add a `sinks:` section, see docs/export.md).")
            lines.append("The built-in files findings.jsonl and findings.ocsf.jsonl are always written under $PALISADE_HOME/export.")
            return lines.joined(separator: "\n")
        }
        lines.append("Outbox head \(r.head)\(r.configFile.map { " · \($0)" } ?? "")")
        lines.append(table(r).render())
        return lines.joined(separator: "\n")
    }

    static func age(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.0fs", seconds) : seconds < 3_600 ? String(format: "%.0fm", seconds / 60)
            : String(format: "%.1fh", seconds / 3_600)
    }
}
