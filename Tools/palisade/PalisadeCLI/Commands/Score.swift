import ArgumentParser
import Foundation
import PalisadeProtocol

struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the secure score: the latest, over time, or what moved between two scans.",
        discussion: """
            `palisade score` shows the latest scan's score per control, and with several accounts each account's \
            latest score and their combination weighted by resources. `--history` shows the score over time \
            (`--since 30d`, `--account A`); `--diff [SCAN_A SCAN_B]` shows what moved between two scans of one \
            account (default: its last two) and the findings behind it. See docs/scoring.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Scan id (default: latest).") var scan: String?
    @Flag(help: "The score over time, per account (and combined when there are several).") var history = false
    @Flag(help: "What moved between two scans: per control, and the findings behind it.") var diff = false
    @Option(help: "With --history: only points since a time: 30d, 12h, 2026-11-01 or 2026-11-01T08:00:00Z.")
    var since: String?
    @Option(help: "With --history or --diff: one account.") var account: String?
    @Flag(help: "With --history: include per-control points (JSON).") var controls = false
    @Option(help: "With --diff: findings listed at most (the rest are counted).") var limit: Int = 50
    @Argument(help: "With --diff: the two scans to compare (default: the account's last two).") var scans: [String] = []

    func validate() throws {
        if scan != nil, history || diff {
            throw ValidationError("--scan shows one scan; it does not go with --history or --diff")
        }
        if history, diff { throw ValidationError("choose one of --history and --diff") }
        if !diff, !scans.isEmpty {
            throw ValidationError("scan ids as arguments go with --diff; use --scan ID for one scan")
        }
        if diff, !(scans.isEmpty || scans.count == 2) {
            throw ValidationError("--diff compares two scans: name both (SCAN_A SCAN_B) or neither")
        }
        if diff, !scans.isEmpty, account != nil {
            throw ValidationError("--account picks the last two scans; with SCAN_A SCAN_B leave it out")
        }
        if !history, since != nil { throw ValidationError("--since goes with --history") }
        if !history, controls { throw ValidationError("--controls goes with --history") }
        if !history, !diff, account != nil { throw ValidationError("--account goes with --history or --diff") }
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let since { _ = try Self.parseSince(since, now: Date()) }
    }

    /// `30d`, `12h` (back from `now`), `2026-11-01` (midnight UTC) or an ISO 8601 time.
    static func parseSince(_ text: String, now: Date) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let unit = t.last, "dh".contains(unit), let n = Int(t.dropLast()), n >= 0 {
            return now.addingTimeInterval(-Double(n) * (unit == "d" ? 86_400 : 3_600))
        }
        if let d = CLIDates.absolute(t) { return d }
        throw ValidationError("--since '\(text)' is not a time; use a number of days or hours back (30d, 12h), "
            + "a date (2026-11-01, UTC) or an ISO 8601 time (2026-11-01T08:00:00Z)")
    }

    func run() async throws {
        try await reporting(endpoint: global.environment.busEndpoint) {
            let conn = try Connection(global)
            if history {
                let reply = try await conn.call(ScoreHistoryQuery(
                    account: account, since: try since.map { try Self.parseSince($0, now: Date()) }, controls: controls))
                Printer.emit(reply, as: global.output, csv: { Render.historyTable(reply) }) { Render.history(reply) }
            } else if diff {
                let reply = try await conn.call(ScoreDiffQuery(fromScanID: scans.first, toScanID: scans.last,
                                                               account: account, findingLimit: limit),
                                                timeout: .seconds(max(global.timeout, 120)))
                Printer.emit(reply, as: global.output) { Render.diff(reply) }
            } else {
                let reply = try await conn.call(ScoreQuery(scanID: scan))
                Printer.emit(reply, as: global.output) { Render.scoreWithAccounts(reply) }
            }
        }
    }
}
