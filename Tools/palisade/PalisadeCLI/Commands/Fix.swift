import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol

/// `palisade fix plan|apply|undo|runs`: safe, reversible AWS fixes for failing findings (docs/remediation.md).
struct Fix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fix failing findings: the exact AWS calls, apply them, undo them.",
        discussion: "Only settings are changed (never a resource, key or data deleted); every run records the previous "
            + "configuration so that `palisade fix undo RUN` restores it.",
        subcommands: [FixPlanCommand.self, FixApplyCommand.self, FixUndoCommand.self, FixRunsCommand.self])
}

/// Which failing findings a command acts on.
struct FixSelection: ParsableArguments {
    @Option(help: "Every failing finding of this check.") var check: String?
    @Option(name: .customLong("finding"), help: "This finding (repeatable; ids from `palisade findings`).")
    var findings: [String] = []
    @Option(help: "Only findings in this account.") var account: String?
    @Option(help: "Profile in ~/.aws for the connector's calls.") var profile: String?
    @Option(help: "AWS API endpoint URL (e.g. a local emulator); default: $AWS_ENDPOINT_URL or real AWS.")
    var endpoint: String?

    func validate() throws {
        if check == nil && findings.isEmpty {
            throw ValidationError("name what to fix: --check CHECK or --finding ID (see `palisade findings --status fail`)")
        }
    }

    /// The failing findings selected, from the assessor; an error naming what matched nothing.
    func resolve(_ conn: Connection) async throws -> [Finding] {
        let failing = try await conn.call(FindingsQuery(status: .fail, checkID: check, account: account))
        var chosen = failing
        if !findings.isEmpty {
            let byID = Dictionary(failing.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let missing = findings.filter { byID[$0] == nil }
            if !missing.isEmpty {
                throw CLIError("error: not a failing finding\(check.map { " of \($0)" } ?? ""): \(missing.joined(separator: ", ")) "
                    + "(see `palisade findings --status fail`)", exitCode: CLIError.failedCode)
            }
            chosen = findings.compactMap { byID[$0] }
        }
        if chosen.isEmpty {
            throw CLIError("error: no failing finding\(check.map { " of check \($0)" } ?? "")"
                + "\(account.map { " in account \($0)" } ?? "")", exitCode: CLIError.failedCode)
        }
        return chosen
    }
}

struct FixPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Print the exact AWS calls a fix would make (nothing is changed).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: FixSelection

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let findings = try await selection.resolve(conn)
            let reply = try await conn.call(FixPlanRequest(findings: findings, profile: selection.profile,
                                                           endpoint: selection.endpoint), timeout: .seconds(180))
            Printer.emit(reply, as: global.output) { FixRender.plan(reply.items) }
        }
    }
}

struct FixApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Make the fix's calls, record the previous configuration, rescan, report what resolved.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: FixSelection
    @Flag(help: "Make the changes (without it, the plan is shown and nothing changes).") var yes = false
    @Flag(help: "Do not rescan the affected regions afterwards.") var noRescan = false
    @Option(help: "Seconds to wait for the rescan.") var wait: Int = 600

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            let findings = try await selection.resolve(conn)
            guard yes else {
                let reply = try await conn.call(FixPlanRequest(findings: findings, profile: selection.profile,
                                                               endpoint: selection.endpoint), timeout: .seconds(180))
                Printer.emit(reply, as: global.output) { FixRender.plan(reply.items) }
                throw CLIError("nothing changed: re-run with --yes to make these calls", exitCode: CLIError.failedCode)
            }
            var run = try await conn.call(FixApplyRequest(findings: findings, profile: selection.profile,
                                                          endpoint: selection.endpoint), timeout: .seconds(600))
            if !noRescan { run = try await FixRescan.rescan(conn, run, wait: wait) }
            Printer.emit(run, as: global.output) { FixRender.run(run) }
            if run.state != .applied {
                throw CLIError("error: run \(run.id) is \(run.state.rawValue)", exitCode: CLIError.failedCode)
            }
        }
    }
}

struct FixUndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Restore the configuration a fix run replaced, then rescan.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The run (an id from `palisade fix runs`).") var run: String
    @Flag(help: "Make the changes.") var yes = false
    @Flag(help: "Do not rescan the affected regions afterwards.") var noRescan = false
    @Option(help: "Seconds to wait for the rescan.") var wait: Int = 600

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            guard yes else {
                let original = try await conn.call(FixRunsQuery(runID: run))
                let items = original.flatMap(\.items).filter { $0.status != .skipped }.map(\.plan)
                print(items.map { i in "\(i.findingID)\n" + i.undoCalls.map { "  " + ($0.cli ?? $0.title) }
                    .joined(separator: "\n") }.joined(separator: "\n"))
                throw CLIError("nothing changed: re-run with --yes to make these calls", exitCode: CLIError.failedCode)
            }
            var undone = try await conn.call(FixUndoRequest(runID: run), timeout: .seconds(600))
            if !noRescan { undone = try await FixRescan.rescan(conn, undone, wait: wait) }
            Printer.emit(undone, as: global.output) { FixRender.run(undone) }
            if undone.state != .applied {
                throw CLIError("error: undo \(undone.id) is \(undone.state.rawValue)", exitCode: CLIError.failedCode)
            }
        }
    }
}

struct FixRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Recorded fix runs, newest first; one in full.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Show this run in full.") var run: String?
    @Option(help: "At most this many.") var limit: Int = 50

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let runs = try await Connection(global).call(FixRunsQuery(runID: run, limit: limit))
            Printer.emit(runs, as: global.output) {
                if run != nil, let one = runs.first { return FixRender.run(one) }
                if runs.isEmpty { return "No fix run yet (`palisade fix apply --check C --yes`)." }
                return Table(headers: ["run", "kind", "state", "items", "created", "rescan"], rows: runs.map {
                    [$0.id, $0.kind.rawValue + ($0.undoOf.map { " of \($0)" } ?? ""), $0.state.rawValue,
                     "\($0.items.filter { $0.status == .applied }.count)/\($0.items.count)", $0.createdAt.short,
                     $0.rescanID ?? "-"]
                }, maxCellWidth: 60).render()
            }
        }
    }
}

/// After a run: scan the regions it touched, wait for the analysis, record each finding's new status.
enum FixRescan {
    static func rescan(_ conn: Connection, _ run: FixRun, wait: Int) async throws -> FixRun {
        let touched = run.items.filter { $0.status == .applied }
        guard !touched.isEmpty else { return run }
        let regions = Set(touched.map { $0.plan.region == "global" || $0.plan.region.isEmpty ? "us-east-1" : $0.plan.region })
        let started = try await conn.call(StartAWSScan(profile: run.profile, regions: regions.sorted(), endpoint: run.endpoint))
        let deadline = ContinuousClock.now + .seconds(wait)
        var progress = try await conn.call(ScanProgressQuery(scanID: started.scanID))
        while progress.state == .running || progress.state == .sealing {
            guard ContinuousClock.now < deadline else {
                throw CLIError("error: rescan \(started.scanID) still running after \(wait) s (run \(run.id) is recorded)",
                               exitCode: CLIError.failedCode)
            }
            Printer.progress("rescanning \(regions.sorted().joined(separator: ", ")): \(ScanAWS.describe(progress))")
            try await Task.sleep(for: .milliseconds(250))
            progress = try await conn.call(ScanProgressQuery(scanID: started.scanID))
        }
        Printer.endProgress()
        guard progress.state == .done else {
            throw CLIError("error: rescan \(started.scanID) failed: \(progress.error ?? "unknown") (run \(run.id) is recorded)",
                           exitCode: CLIError.failedCode)
        }
        try await ScanAWS.waitForAnalysis(conn, scanID: started.scanID, deadline: deadline)
        var statuses: [String: String] = [:]
        for check in Set(touched.map(\.plan.checkID)) {
            for f in try await conn.call(FindingsQuery(checkID: check)) { statuses[f.id] = f.status.rawValue }
        }
        for item in touched where statuses[item.plan.findingID] == nil { statuses[item.plan.findingID] = "gone" }
        return try await conn.call(FixRescanned(runID: run.id, scanID: started.scanID, statuses: statuses))
    }
}

enum FixRender {
    static func plan(_ items: [FixPlanItem]) -> String {
        let fixable = items.filter { $0.noFix == nil }
        var lines = ["\(fixable.count) of \(items.count) finding(s) have a safe fix; \(fixable.flatMap(\.calls).count) API call(s):"]
        for item in items {
            lines.append("")
            lines.append("\(item.findingID)")
            if let why = item.noFix { lines.append("  no fix: \(why)"); continue }
            lines.append("  fix \(item.fixID ?? ""): \(item.summary)")
            for c in item.calls { lines.append("  $ \(c.cli ?? c.title)    # \(c.iamAction)") }
            lines.append("  undo: " + item.undoCalls.map { $0.cli ?? $0.title }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    static func run(_ run: FixRun) -> String {
        var lines = ["Fix run \(run.id) (\(run.kind.rawValue)\(run.undoOf.map { " of \($0)" } ?? "")): \(run.state.rawValue)"
            + (run.undoneBy.map { ", undone by \($0)" } ?? "")]
        for item in run.items {
            var line = "  \(item.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(item.plan.findingID)"
            if let s = item.findingStatus { line += s == "pass" ? "  → resolved (pass)" : "  → now \(s)" }
            if let e = item.error { line += "  (\(e))" }
            lines.append(line)
        }
        if let scan = run.rescanID {
            let resolved = run.items.filter { $0.findingStatus == "pass" }.count
            lines.append("Rescan \(scan): \(resolved) of \(run.items.filter { $0.status == .applied }.count) fixed finding(s) now pass.")
        }
        if run.kind == .apply && run.undoneBy == nil && run.items.contains(where: { $0.status != .skipped }) {
            lines.append("Undo with: palisade fix undo \(run.id) --yes")
        }
        return lines.joined(separator: "\n")
    }
}
