import ArgumentParser
import Foundation
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol

/// `palisade mutes check|list`: validate and review exemptions (docs/mutes.md).
struct Mutes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate and list mute rules (exemptions with a reason, an owner and an expiry).",
        discussion: "The assessor reads <PALISADE_HOME>/mutes.yaml (or the file given to `palisade up --mutes`) at "
            + "every assessment: edits take effect at the next scan, and an expired rule re-opens its findings.",
        subcommands: [MutesCheck.self, MutesList.self])
}

struct MutesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a mute-rules file; exits 2 with file:line:column when it is invalid.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The mute-rules YAML file.") var file: String

    func run() async throws {
        let rules: MuteRules
        do { rules = try MuteRules.load(url: URL(fileURLWithPath: file)) } catch {
            throw CLIError("error: \(error)", exitCode: 2)
        }
        let now = Date()
        let summary = MutesSummary(rules, now: now)
        Printer.emit(summary, as: global.output) { summary.text }
    }
}

struct MutesList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the mute rules in force, expired or expiring soon, with how many findings each mutes.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The mute-rules file (default: <PALISADE_HOME>/mutes.yaml or PALISADE_MUTES).") var file: String?

    func run() async throws {
        let env = global.environment
        let path = file ?? ProcessInfo.processInfo.environment["PALISADE_MUTES"]
            ?? env.dataDirectory.appendingPathComponent("mutes.yaml").path
        let rules: MuteRules
        do { rules = try MuteRules.loadIfPresent(url: URL(fileURLWithPath: path)) } catch {
            throw CLIError("error: \(error)", exitCode: 2)
        }
        try await reporting(endpoint: env.busEndpoint) {
            let muted = try await Connection(global).call(FindingsQuery(status: .muted))
            var summary = MutesSummary(rules, now: Date())
            summary.muted = Dictionary(grouping: muted, by: { $0.mutedBy ?? "" }).mapValues(\.count)
            Printer.emit(summary, as: global.output) { "\(path)\n" + summary.text }
        }
    }
}

/// What a mute-rules file holds, for people.
struct MutesSummary: Encodable {
    struct Rule: Encodable {
        var id: String
        var owner: String
        var expires: String
        var state: String
        var reason: String
        var match: String
    }

    var rules: [Rule]
    var muted: [String: Int] = [:]

    init(_ rules: MuteRules, now: Date) {
        let expired = Set(rules.expired(now: now).map(\.id))
        let soon = Set(rules.expiringWithin(days: 14, now: now).map(\.id))
        self.rules = rules.rules.map { r in
            Rule(id: r.id, owner: r.owner, expires: r.expiresText,
                 state: expired.contains(r.id) ? "expired" : soon.contains(r.id) ? "expires within 14 days" : "in force",
                 reason: r.reason, match: r.description)
        }
    }

    var text: String {
        guard !rules.isEmpty else { return "No mute rules." }
        let table = Table(headers: ["RULE", "STATE", "EXPIRES", "OWNER", "MUTED", "REASON"],
                          rows: rules.map { [$0.id, $0.state, $0.expires, $0.owner, String(muted[$0.id] ?? 0), $0.reason] },
                          maxCellWidth: 60)
        let expired = rules.filter { $0.state == "expired" }.count
        return table.render() + "\n\n\(rules.count) rules, \(expired) expired" + (expired > 0 ? " (their findings are re-opened)" : "")
    }
}
