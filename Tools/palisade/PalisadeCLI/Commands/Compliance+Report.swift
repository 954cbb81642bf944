import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade compliance report STANDARD --format csv|json --out FILE`: the auditor's report.
struct ComplianceReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the auditor's report of one standard: requirement, state, evidence, checks, resources, remediation.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Standard id, e.g. cis-aws-3.0.") var standard: String
    @Option(help: "csv or json.") var format: Format
    @Option(help: "The file to write (replaced atomically).") var out: String
    @Option(help: "Account id (default: the most recently scored account).") var account: String?
    @Option(help: "Failing resources listed per check.") var resources: Int = 1_000

    func validate() throws {
        if resources < 0 { throw ValidationError("--resources must be 0 or more") }
        let dir = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.isEmpty ? "." : dir, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("--out '\(out)': directory '\(dir)' does not exist; create it or choose another path")
        }
    }

    /// One row per requirement, what an auditor reads.
    struct Row: Codable {
        var requirement: String
        var title: String
        var section: String?
        var state: RequirementState
        var evidence: String?
        var checks: [CheckTally]
        var failingResources: [String]
        var failingResourceCount: Int
        var remediation: [String]
    }

    struct Document: Codable {
        var standard: String
        var title: String
        var version: String
        var account: String
        var generatedAt: Date
        var counts: [String: Int]
        var requirements: [Row]
    }

    static func document(_ r: ComplianceReport) -> Document? {
        guard let account = r.account, let s = r.standards.first else { return nil }
        let rows = s.requirements.map { q -> Row in
            let failing = q.checks.flatMap { r.failingResources[$0.checkID] ?? [] }
            let total = q.checks.map { r.failingTotals[$0.checkID] ?? 0 }.reduce(0, +)
            let fixes = q.state == .failed || q.state == .error
                ? q.checks.compactMap { c in r.remediation[c.checkID].map { "\(c.checkID): \($0)" } } : []
            let evidence = q.attestation.map { a in
                "\(a.status.rawValue) by \(a.attestedBy) on \(a.attestedAt.short), expires \(a.expiresAt.short): \(a.evidence)"
            }
            return Row(requirement: q.id, title: q.title, section: q.section, state: q.state, evidence: evidence,
                       checks: q.checks, failingResources: failing, failingResourceCount: total, remediation: fixes)
        }
        var counts: [String: Int] = [:]
        for st in RequirementState.allCases { counts[st.rawValue] = s.count(st) }
        return Document(standard: s.standardID, title: s.title, version: s.version, account: account,
                        generatedAt: r.computedAt, counts: counts, requirements: rows)
    }

    static func csv(_ d: Document) -> String {
        Table(headers: ["standard", "requirement", "title", "section", "state", "evidence", "checks", "failing resources",
                        "failing resource count", "remediation"],
              rows: d.requirements.map { row in
                  let checks = row.checks.map { c in
                      "\(c.checkID) (fail \(c.counts[.fail] ?? 0), error \(c.counts[.error] ?? 0), pass \(c.counts[.pass] ?? 0))"
                  }
                  return [d.standard, row.requirement, row.title, row.section ?? "", row.state.rawValue, row.evidence ?? "",
                          checks.joined(separator: "; "), row.failingResources.joined(separator: " "),
                          "\(row.failingResourceCount)", row.remediation.joined(separator: " | ")]
              }).csv()
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let report = try await Connection(global).call(
                ComplianceQuery(account: account, standard: standard, withResources: true, resourceLimit: resources))
            guard let doc = Self.document(report) else {
                throw CLIError("error: no scan has been scored yet: run `palisade scan aws` first", exitCode: CLIError.failedCode)
            }
            let data: Data
            switch format {
            case .csv: data = Data(Self.csv(doc).utf8)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                data = try encoder.encode(doc)
            }
            let url = URL(fileURLWithPath: out)
            do { try data.write(to: url, options: .atomic) } catch {
                throw CLIError("error: cannot write \(out): \(error.localizedDescription)", exitCode: CLIError.failedCode)
            }
            let summary = RequirementState.allCases.map { "\($0.rawValue) \(doc.counts[$0.rawValue] ?? 0)" }
            Printer.emit(["file": url.path, "requirements": "\(doc.requirements.count)"], as: global.output) {
                "Wrote the \(doc.title) \(doc.version) report for account \(doc.account) (\(format.rawValue), "
                    + "\(doc.requirements.count) requirements: \(summary.joined(separator: ", "))) to \(url.path)"
            }
        }
    }
}
