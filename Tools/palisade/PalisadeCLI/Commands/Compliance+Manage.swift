import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade compliance attest STANDARD REQ --status passed --evidence URL --by NAME --expires DATE`.
struct ComplianceAttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Attest a manual requirement: its state until the attestation expires (every attestation is kept).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id, e.g. cis-aws-3.0.") var standard: String
    @Argument(help: "Requirement id, e.g. 1.1 (a manual one: `palisade compliance show STANDARD` marks them).")
    var requirement: String
    @Option(help: "passed or failed.") var status: Attestation.Status
    @Option(help: "URL of the evidence (http or https).") var evidence: String
    @Option(help: "Who attests (name or e-mail).") var by: String
    @Option(help: "Expiry date, YYYY-MM-DD (UTC midnight) or an ISO 8601 time; must be in the future.") var expires: String
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func validate() throws {
        _ = try Self.date(expires)
        if by.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--by must name who attests") }
    }

    static func date(_ text: String) throws -> Date { try CLIDates.parse(text, option: "--expires", example: "2027-06-30") }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let a = try await Connection(global).call(ComplianceAttest(
                account: account, standard: standard, requirement: requirement, status: status, evidence: evidence,
                attestedBy: by, expiresAt: try Self.date(expires)))
            Printer.emit(a, as: global.output) {
                "Attested \(a.standard) \(a.requirement) as \(a.status.rawValue) for account \(a.account) by \(a.attestedBy) "
                    + "until \(a.expiresAt.short) (evidence: \(a.evidence))"
            }
        }
    }
}

extension Attestation.Status: ExpressibleByArgument {}

struct ComplianceAttestations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attestations", abstract: "Every attestation of the account, oldest first, expired ones included.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only this standard.") var standard: String?
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let list = try await Connection(global).call(ComplianceAttestationsQuery(account: account, standard: standard))
            let now = Date()
            let table = Table(headers: ["standard", "requirement", "status", "by", "attested", "expires", "in force", "evidence"],
                              rows: list.map { a in
                                  [a.standard, a.requirement, a.status.rawValue, a.attestedBy, a.attestedAt.short,
                                   a.expiresAt.short, a.inForce(at: now) ? "yes" : "no", a.evidence]
                              })
            Printer.emit(list, as: global.output, csv: { table }) { list.isEmpty ? "No attestations." : table.render() }
        }
    }
}

struct ComplianceEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Switch a standard on for an account.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id.") var standard: String
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func run() async throws { try await ComplianceSelectRun.run(self, global, standard, account, enabled: true) }
}

struct ComplianceDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Switch a standard off for an account (no longer listed, assessed or kept in history).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id.") var standard: String
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func run() async throws { try await ComplianceSelectRun.run(self, global, standard, account, enabled: false) }
}

enum ComplianceSelectRun {
    static func run(_ command: some AsyncParsableCommand, _ global: GlobalOptions, _ standard: String, _ account: String?,
                    enabled: Bool) async throws {
        try await command.reporting(endpoint: global.environment.busEndpoint) {
            let sel = try await Connection(global).call(ComplianceSelect(account: account, standard: standard, enabled: enabled))
            Printer.emit(sel, as: global.output) {
                "\(standard) is \(enabled ? "on" : "off") for account \(sel.account). On: \(sel.enabled.joined(separator: ", "))"
                    + (sel.disabled.isEmpty ? "" : "; off: \(sel.disabled.joined(separator: ", "))")
            }
        }
    }
}

struct ComplianceHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "One standard's requirements by state at every assessed scan, with a trend line.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id.") var standard: String
    @Option(help: "Only scans since: 30d, 12h, 2026-11-01 or an ISO 8601 time.") var since: String?
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func validate() throws { if let since { _ = try Score.parseSince(since, now: Date()) } }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let points = try await Connection(global).call(ComplianceHistoryQuery(
                account: account, standard: standard, since: try since.map { try Score.parseSince($0, now: Date()) }))
            let table = Table(headers: ["time", "scan", "passed", "failed", "error", "manual", "not applicable", "passed share"],
                              rows: points.map { p in
                                  [p.computedAt.short, p.scanID] + [RequirementState.passed, .failed, .error, .manual, .notApplicable]
                                      .map { "\(p.counts[$0] ?? 0)" } + [ComplianceRender.percent(Self.share(p))]
                              })
            Printer.emit(points, as: global.output, csv: { table }) {
                guard !points.isEmpty else { return "No assessed scans of \(standard) yet." }
                let line = Sparkline.render(points.map { Self.share($0) ?? 0 })
                return "\(standard), passed share per scan: \(line)\n" + table.render()
            }
        }
    }

    static func share(_ p: ComplianceHistoryPoint) -> Double? {
        let passed = p.counts[.passed] ?? 0
        let decided = passed + (p.counts[.failed] ?? 0) + (p.counts[.error] ?? 0)
        return decided == 0 ? nil : Double(passed) / Double(decided) * 100
    }
}
