import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade compliance [show STANDARD]`: the regulatory compliance dashboard.
struct Compliance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regulatory compliance: every standard with its requirements passed, failed, manual and not applicable.",
        discussion: "States come from the account's current findings: a requirement fails when any check behind it "
            + "fails on a resource, is `error` when a check could not be decided, and is `manual` when no check "
            + "decides it (docs/compliance.md).",
        subcommands: [ComplianceSummary.self, ComplianceShow.self, ComplianceReportCommand.self, ComplianceAttestCommand.self,
                      ComplianceAttestations.self, ComplianceEnable.self, ComplianceDisable.self, ComplianceHistory.self],
        defaultSubcommand: ComplianceSummary.self)
}

struct ComplianceSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "Every standard, one line each.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Account id (default: the most recently scored account).") var account: String?

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let report = try await Connection(global).call(ComplianceQuery(account: account))
            Printer.emit(report, as: global.output, csv: { ComplianceRender.summaryTable(report) }) {
                ComplianceRender.summary(report)
            }
        }
    }
}

struct ComplianceShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One standard's requirements: state, the checks behind them, the failing resources.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id, e.g. cis-aws-3.0 (`palisade compliance` lists them).") var standard: String
    @Flag(help: "Only failed requirements.") var failed = false
    @Option(help: "Account id (default: the most recently scored account).") var account: String?
    @Option(help: "Failing resources listed per check.") var resources: Int = 10

    func validate() throws {
        if resources < 0 { throw ValidationError("--resources must be 0 or more") }
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            var report = try await Connection(global).call(
                ComplianceQuery(account: account, standard: standard, withResources: true, resourceLimit: resources))
            let whole = report.standards.first
            if failed {
                report.standards = report.standards.map { s in
                    var s = s
                    s.requirements = s.requirements.filter { $0.state == .failed }
                    return s
                }
            }
            Printer.emit(report, as: global.output, csv: { ComplianceRender.requirementTable(report) }) {
                ComplianceRender.show(report, counts: whole)
            }
        }
    }
}

enum ComplianceRender {
    static func percent(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0) } ?? "-" }

    static func summaryTable(_ r: ComplianceReport) -> Table {
        Table(headers: ["standard", "title", "passed", "failed", "error", "manual", "not applicable", "passed share"],
              rows: r.standards.map { s in
                  [s.standardID, "\(s.title) \(s.version)", "\(s.count(.passed))", "\(s.count(.failed))",
                   "\(s.count(.error))", "\(s.count(.manual))", "\(s.count(.notApplicable))", percent(s.passedShare)]
              })
    }

    static func summary(_ r: ComplianceReport) -> String {
        guard let account = r.account else { return "No scan has been scored yet: run `palisade scan aws` first." }
        return "Regulatory compliance of account \(account) (requirements by state; passed share of those a check decides)\n"
            + summaryTable(r).render()
    }

    static func requirementTable(_ r: ComplianceReport) -> Table {
        var rows: [[String]] = []
        for s in r.standards {
            for q in s.requirements {
                let checks = q.checks.map { c in
                    let fail = c.counts[.fail] ?? 0, err = c.counts[.error] ?? 0, pass = c.counts[.pass] ?? 0
                    return "\(c.checkID) (fail \(fail), error \(err), pass \(pass))"
                }
                let failing = q.checks.flatMap { r.failingResources[$0.checkID] ?? [] }
                rows.append([s.standardID, q.id, q.state.rawValue, q.title, checks.joined(separator: "; "),
                             failing.joined(separator: " ")])
            }
        }
        return Table(headers: ["standard", "requirement", "state", "title", "checks", "failing resources"], rows: rows)
    }

    /// `counts`: the whole standard, when `r` lists only some of its requirements (`--failed`).
    static func show(_ r: ComplianceReport, counts: StandardCompliance? = nil) -> String {
        guard let account = r.account, let s = r.standards.first else {
            return "No scan has been scored yet: run `palisade scan aws` first."
        }
        let c = counts ?? s
        var lines = ["\(s.title) \(s.version) — account \(account): passed \(c.count(.passed)), failed \(c.count(.failed)), "
            + "error \(c.count(.error)), manual \(c.count(.manual)), not applicable \(c.count(.notApplicable))"
            + (s.requirements.count < c.requirements.count ? " (showing \(s.requirements.count))" : "")]
        for q in s.requirements {
            lines.append("")
            lines.append("\(q.id)  [\(q.state.rawValue)]  \(q.title)")
            for c in q.checks {
                let fail = c.counts[.fail] ?? 0, err = c.counts[.error] ?? 0, pass = c.counts[.pass] ?? 0
                lines.append("    \(c.checkID): fail \(fail), error \(err), pass \(pass)")
                if let failing = r.failingResources[c.checkID], !failing.isEmpty {
                    for id in failing { lines.append("      ✗ \(id)") }
                    let total = r.failingTotals[c.checkID] ?? failing.count
                    if total > failing.count { lines.append("      … and \(total - failing.count) more") }
                    if let fix = r.remediation[c.checkID], !fix.isEmpty { lines.append("      fix: \(fix)") }
                }
            }
            if let a = q.attestation {
                lines.append("    attested \(a.status.rawValue) by \(a.attestedBy) until \(a.expiresAt.short): \(a.evidence)")
            } else if q.checks.isEmpty && q.state == .manual {
                lines.append("    (assessed by hand: `palisade compliance attest \(s.standardID) \(q.id) --status passed …`)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
