import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

struct Scan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Collect a cloud account's configuration and assess it.", subcommands: [ScanAWS.self])
}

/// `palisade scan aws`: starts the scan, shows progress, waits until findings, score and paths are ready.
struct ScanAWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws", abstract: "Scan an AWS account (credentials from the environment or ~/.aws).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Profile in ~/.aws/credentials and ~/.aws/config.")
    var profile: String?

    @Option(name: .customLong("region"), help: "Region to scan (repeatable; default: every region enabled for the account).")
    var regions: [String] = []

    @Flag(help: "Scan every active account of the organization (run with management-account credentials).")
    var organization = false

    @Option(help: "Role assumed in each member account of an organization scan.")
    var roleName: String = "OrganizationAccountAccessRole"

    @Option(help: "Accounts scanned at once in an organization scan.")
    var accountConcurrency: Int = 3

    @Option(name: .customLong("rate"),
            help: "API call rates, service=calls-per-second pairs overriding the defaults (e.g. iam=5,ec2=20; *=N for all).")
    var rates: String?

    @Option(help: "AWS API endpoint URL (e.g. a local emulator); default: $AWS_ENDPOINT_URL or real AWS.")
    var endpoint: String?

    @Option(help: "Seconds to wait for the scan to finish.")
    var wait: Int = 600

    func validate() throws {
        if accountConcurrency < 1 { throw ValidationError("--account-concurrency must be at least 1") }
        if roleName.isEmpty || roleName.contains("/") || roleName.contains(":") {
            throw ValidationError("--role-name '\(roleName)' must be a role name (e.g. OrganizationAccountAccessRole), not an ARN")
        }
        if let rates {
            for pair in rates.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty, let v = Double(parts[1]), v > 0 else {
                    throw ValidationError("--rate '\(pair)' is not service=calls-per-second (e.g. iam=5,ec2=20)")
                }
            }
        }
        for r in regions where r.range(of: #"^[a-z]{2}(-[a-z]+)+-\d+$"#, options: .regularExpression) == nil {
            throw ValidationError("'\(r)' is not an AWS region name (expected e.g. us-east-1)")
        }
        if let endpoint {
            guard let url = URL(string: endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  url.host != nil
            else { throw ValidationError("--endpoint '\(endpoint)' is not an http(s) URL (e.g. http://127.0.0.1:5000)") }
        }
    }

    struct Result: Codable {
        var scan: ScanSummary
        var progress: ScanProgress
    }

    struct OrganizationResult: Codable {
        var progress: ScanProgress
        var accounts: [AccountResult]
    }

    struct AccountResult: Codable {
        var progress: ScanProgress
        var scan: ScanSummary?
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let started = try await conn.call(StartAWSScan(
                profile: profile, regions: regions, endpoint: endpoint, organization: organization,
                roleName: organization ? roleName : nil, rates: rates,
                accountConcurrency: organization ? accountConcurrency : nil))
            let id = started.scanID
            let deadline = ContinuousClock.now + .seconds(wait)
            var progress = try await conn.call(ScanProgressQuery(scanID: id))
            while progress.state == .running || progress.state == .sealing {
                guard ContinuousClock.now < deadline else {
                    throw CLIError("error: scan \(id) still running after \(wait) s", exitCode: CLIError.failedCode)
                }
                Printer.progress(Self.describe(progress))
                try await Task.sleep(for: .milliseconds(250))
                progress = try await conn.call(ScanProgressQuery(scanID: id))
            }
            Printer.progress(Self.describe(progress))
            Printer.endProgress()
            if organization {
                try await finishOrganization(conn, progress, deadline: deadline)
                return
            }
            if progress.state == .failed {
                throw CLIError("error: scan \(id) failed: \(progress.error ?? "unknown reason")",
                               exitCode: CLIError.failedCode)
            }
            guard let summary = try await conn.call(ScansQuery(scanID: id)).first else {
                throw CLIError("error: the assessor has no record of scan \(id)", exitCode: CLIError.remoteCode)
            }
            try await Self.waitForAnalysis(conn, scanID: id, deadline: deadline)
            Printer.emit(Result(scan: summary, progress: progress), as: global.output) {
                Self.summaryText(summary, progress)
            }
        }
    }

    /// Each account's scan stands on its own: report every one, wait for analysis of the last sealed, and exit
    /// non-zero only when no account could be scanned.
    private func finishOrganization(_ conn: Connection, _ progress: ScanProgress,
                                    deadline: ContinuousClock.Instant) async throws {
        var accounts: [AccountResult] = []
        for child in progress.accountScans {
            let p = try await conn.call(ScanProgressQuery(scanID: child))
            let summary = p.state == .done ? try await conn.call(ScansQuery(scanID: child)).first : nil
            accounts.append(AccountResult(progress: p, scan: summary))
        }
        if let last = accounts.compactMap(\.scan).max(by: { ($0.sealedAt ?? .distantPast) < ($1.sealedAt ?? .distantPast) }) {
            try await Self.waitForAnalysis(conn, scanID: last.scanID, deadline: deadline)
        }
        Printer.emit(OrganizationResult(progress: progress, accounts: accounts), as: global.output) {
            var lines = ["Organization scan \(progress.scanID): \(accounts.count) accounts, "
                + "\(accounts.filter { $0.scan != nil }.count) scanned, \(accounts.filter { $0.scan == nil }.count) failed"]
            for a in accounts {
                if let s = a.scan {
                    lines.append("  \(s.account): \(s.resourceCount) resources, fail \(s.findingCounts["fail"] ?? 0), "
                        + "error \(s.findingCounts["error"] ?? 0), scopes failed \(s.scopes.filter { $0.status == .error }.count)")
                } else {
                    lines.append("  \(a.progress.account ?? a.progress.scanID): FAILED \(a.progress.error ?? "")")
                }
            }
            return lines.joined(separator: "\n")
        }
        if progress.state == .failed {
            throw CLIError("error: organization scan \(progress.scanID) failed: \(progress.error ?? "unknown reason")",
                           exitCode: CLIError.failedCode)
        }
    }

    /// Graph, scoring and export consume the scan asynchronously; wait until each has committed it. The graph's
    /// verdicts change findings after the seal (`finding.changed`, `scan.rescored`), so once the graph is done the
    /// others must also have read the assessor's log up to where it stood then — not only the seal.
    static func waitForAnalysis(_ conn: Connection, scanID: String, deadline: ContinuousClock.Instant) async throws {
        var pending: [String] = []
        var head: Int64?
        while ContinuousClock.now < deadline {
            pending = []
            if try await conn.call(GraphPositionQuery()).lastScanID != scanID {
                pending.append("graph")
            } else if head == nil {
                // An empty page past any seq: just the log's head.
                head = try await conn.call(EventsPull(after: Int64.max - 1, limit: 1)).headSeq
            }
            let scoring = try await conn.call(ScoringPositionQuery())
            if scoring.lastScanID != scanID || head.map({ scoring.cursor < $0 }) == true { pending.append("scoring") }
            let export = try await conn.call(ExportPositionQuery())
            if export.lastScanID != scanID || head.map({ export.cursor < $0 }) == true { pending.append("export") }
            if pending.isEmpty { return }
            Printer.progress("analysing… waiting for \(pending.joined(separator: ", "))")
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CLIError("error: \(pending.joined(separator: ", ")) did not process scan \(scanID) in time",
                       exitCode: CLIError.failedCode)
    }

    static func describe(_ p: ScanProgress) -> String {
        let done = p.scopesTotal == 0 ? 0 : min(20, p.scopesDone * 20 / max(p.scopesTotal, 1))
        let bar = String(repeating: "█", count: done) + String(repeating: "░", count: 20 - done)
        if !p.accountScans.isEmpty {
            return "\(p.scanID) \(p.state.rawValue) [\(bar)] accounts \(p.scopesDone)/\(p.scopesTotal)"
        }
        // Per service: finished ones collapse into a count, running ones show regions done/total.
        let finished = p.services.filter { $0.done >= $0.total }.count
        let running = p.services.filter { $0.done < $0.total && $0.done > 0 }
            .map { "\($0.service) \($0.done)/\($0.total)" + ($0.failed > 0 ? "!" : "") }
        let services = p.services.isEmpty ? "" : "  services \(finished)/\(p.services.count) done"
            + (running.isEmpty ? "" : " (" + running.prefix(4).joined(separator: ", ") + ")")
        return "\(p.scanID) \(p.state.rawValue) [\(bar)] \(p.scopesDone)/\(p.scopesTotal)\(services)  "
            + "api calls \(p.apiCalls)\(p.retriedCalls > 0 ? " (\(p.retriedCalls) retried)" : "")  "
            + "resources \(p.resources)  batches \(p.batchesAcked)/\(p.batchesSent) acked"
    }

    static func summaryText(_ s: ScanSummary, _ p: ScanProgress) -> String {
        var lines = ["Scan \(s.scanID) of \(s.provider) account \(s.account): \(s.resourceCount) resources, "
            + "\(p.apiCalls) API calls"]
        let counts = FindingStatus.allCases.map { "\($0.rawValue) \(s.findingCounts[$0.rawValue] ?? 0)" }
        lines.append("Findings: " + counts.joined(separator: ", "))
        let failed = s.scopes.filter { $0.status != .ok }
        lines.append("Scopes: \(s.scopes.count - failed.count) collected, "
            + "\(failed.filter { $0.status == .error }.count) failed, \(failed.filter { $0.status == .skipped }.count) skipped")
        for f in failed.prefix(20) {
            lines.append("  \(f.status.rawValue): \(f.service) \(f.region) \(f.resourceTypes.joined(separator: ",")): \(f.reason)")
        }
        if failed.count > 20 { lines.append("  … and \(failed.count - 20) more (see --output json)") }
        let services = p.services.map { "\($0.service) \($0.done)/\($0.total)" + ($0.failed > 0 ? " (\($0.failed) failed)" : "") }
        if !services.isEmpty { lines.append("Services: " + services.joined(separator: ", ")) }
        lines.append("Next: `palisade score`, `palisade findings --status fail`, `palisade paths`")
        return lines.joined(separator: "\n")
    }
}
