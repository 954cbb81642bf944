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

    @Option(name: .customLong("region"), help: "Region to scan (repeatable; default: the profile's region).")
    var regions: [String] = []

    @Option(help: "AWS API endpoint URL (e.g. a local emulator); default: $AWS_ENDPOINT_URL or real AWS.")
    var endpoint: String?

    @Option(help: "Seconds to wait for the scan to finish.")
    var wait: Int = 600

    func validate() throws {
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

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let started = try await conn.call(StartAWSScan(profile: profile, regions: regions, endpoint: endpoint))
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
            if progress.state == .failed {
                throw CLIError("error: scan \(id) failed: \(progress.error ?? "unknown reason")",
                               exitCode: CLIError.failedCode)
            }
            guard let summary = try await conn.call(ScansQuery(scanID: id)).first else {
                throw CLIError("error: the assessor has no record of scan \(id)", exitCode: CLIError.remoteCode)
            }
            try await waitForAnalysis(conn, scanID: id, deadline: deadline)
            Printer.emit(Result(scan: summary, progress: progress), as: global.output) {
                Self.summaryText(summary, progress)
            }
        }
    }

    /// Graph, scoring and export consume the scan asynchronously; wait until each has committed it.
    private func waitForAnalysis(_ conn: Connection, scanID: String, deadline: ContinuousClock.Instant) async throws {
        var pending: [String] = []
        while ContinuousClock.now < deadline {
            pending = []
            if try await conn.call(GraphPositionQuery()).lastScanID != scanID { pending.append("graph") }
            if try await conn.call(ScoringPositionQuery()).lastScanID != scanID { pending.append("scoring") }
            if try await conn.call(ExportPositionQuery()).lastScanID != scanID { pending.append("export") }
            if pending.isEmpty { return }
            Printer.progress("analysing… waiting for \(pending.joined(separator: ", "))")
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CLIError("error: \(pending.joined(separator: ", ")) did not process scan \(scanID) in time",
                       exitCode: CLIError.failedCode)
    }

    static func describe(_ p: ScanProgress) -> String {
        let done = p.scopesTotal == 0 ? 0 : p.scopesDone * 20 / max(p.scopesTotal, 1)
        let bar = String(repeating: "█", count: done) + String(repeating: "░", count: 20 - done)
        return "\(p.scanID) \(p.state.rawValue) [\(bar)] scopes \(p.scopesDone)/\(p.scopesTotal)  "
            + "api calls \(p.apiCalls)  resources \(p.resources)  batches \(p.batchesAcked)/\(p.batchesSent) acked"
    }

    static func summaryText(_ s: ScanSummary, _ p: ScanProgress) -> String {
        var lines = ["Scan \(s.scanID) of \(s.provider) account \(s.account): \(s.resourceCount) resources, "
            + "\(p.apiCalls) API calls"]
        let counts = FindingStatus.allCases.map { "\($0.rawValue) \(s.findingCounts[$0.rawValue] ?? 0)" }
        lines.append("Findings: " + counts.joined(separator: ", "))
        let failed = s.scopes.filter { $0.status != .ok }
        lines.append("Scopes: \(s.scopes.count - failed.count) collected, "
            + "\(failed.filter { $0.status == .error }.count) failed, \(failed.filter { $0.status == .skipped }.count) skipped")
        for f in failed { lines.append("  \(f.status.rawValue): \(f.service) \(f.region): \(f.reason)") }
        lines.append("Next: `palisade score`, `palisade findings --status fail`, `palisade paths`")
        return lines.joined(separator: "\n")
    }
}
