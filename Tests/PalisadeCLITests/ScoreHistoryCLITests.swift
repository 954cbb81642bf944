import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@testable import PalisadeCLI

@Suite struct ScoreHistoryCLITests {
    static func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static func point(_ scan: String, _ account: String, _ iso: String, _ pct: Double, resources: Int) -> ScorePoint {
        ScorePoint(scanID: scan, account: account, sealedAt: at(iso), computedAt: at(iso), percentage: pct,
                   current: pct / 10, max: 10, resourceCount: resources)
    }

    static let reply = ScoreHistoryReply(series: [
        ScoreSeries(account: "111111111111", points: [
            point("scan-1", "111111111111", "2026-11-01T00:00:00Z", 50, resources: 12),
            point("scan-2", "111111111111", "2026-11-02T00:00:00Z", 75, resources: 12),
            point("scan-3", "111111111111", "2026-11-03T00:00:00Z", 100, resources: 14),
        ]),
        ScoreSeries(account: "222222222222", points: [
            point("scan-b", "222222222222", "2026-11-02T12:00:00Z", 80, resources: 36),
        ]),
    ], combined: [
        CombinedScore(time: at("2026-11-01T00:00:00Z"), percentage: 50, resourceCount: 12,
                      scans: ["111111111111": "scan-1"]),
        CombinedScore(time: at("2026-11-02T00:00:00Z"), percentage: 75, resourceCount: 12,
                      scans: ["111111111111": "scan-2"]),
        CombinedScore(time: at("2026-11-02T12:00:00Z"), percentage: 78.75, resourceCount: 48,
                      scans: ["111111111111": "scan-2", "222222222222": "scan-b"]),
        CombinedScore(time: at("2026-11-03T00:00:00Z"), percentage: 86, resourceCount: 50,
                      scans: ["111111111111": "scan-3", "222222222222": "scan-b"]),
    ])

    @Test func sparklineScalesBetweenTheSeriesOwnMinAndMax() {
        #expect(Sparkline.render([0, 50, 75, 100]) == "▁▅▆█")
        #expect(Sparkline.render([10, 20, 30, 40, 50, 60, 70, 80]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([80, 80, 80]) == "▄▄▄", "flat: mid-height, not empty or full")
        #expect(Sparkline.render([42]) == "▄")
        #expect(Sparkline.render([]) == "")
        #expect(Sparkline.render((0..<70).map(Double.init)).count == 60, "the latest 60 points")
    }

    @Test func historyTableIsPinned() {
        #expect(Render.history(Self.reply) == """
            111111111111  ▁▅█  first 50.0%  last 100.0%  min 50.0%  max 100.0%  change +50.0 pts  (3 scans)
              TIME                  SCAN    SCORE   RESOURCES
              --------------------  ------  ------  ---------
              2026-11-01T00:00:00Z  scan-1  50.0%   12
              2026-11-02T00:00:00Z  scan-2  75.0%   12
              2026-11-03T00:00:00Z  scan-3  100.0%  14

            222222222222  ▄  first 80.0%  last 80.0%  min 80.0%  max 80.0%  change +0.0 pts  (1 scan)
              TIME                  SCAN    SCORE  RESOURCES
              --------------------  ------  -----  ---------
              2026-11-02T12:00:00Z  scan-b  80.0%  36

            combined (weighted by resources)  ▁▆▇█  first 50.0%  last 86.0%  min 50.0%  max 86.0%  change +36.0 pts  (4 points)
              TIME                  SCORE  RESOURCES  ACCOUNTS
              --------------------  -----  ---------  --------
              2026-11-01T00:00:00Z  50.0%  12         1
              2026-11-02T00:00:00Z  75.0%  12         1
              2026-11-02T12:00:00Z  78.8%  48         2
              2026-11-03T00:00:00Z  86.0%  50         2
            """)
        #expect(Render.history(ScoreHistoryReply(series: [])).hasPrefix("No scores"))
    }

    @Test func historyCSVHasOneRowPerPoint() {
        #expect(Render.historyTable(Self.reply).csv() == [
            "time,scan,account,percentage,current,max,resources",
            "2026-11-01T00:00:00Z,scan-1,111111111111,50.0000,5.0000,10.0000,12",
            "2026-11-02T00:00:00Z,scan-2,111111111111,75.0000,7.5000,10.0000,12",
            "2026-11-03T00:00:00Z,scan-3,111111111111,100.0000,10.0000,10.0000,14",
            "2026-11-02T12:00:00Z,scan-b,222222222222,80.0000,8.0000,10.0000,36",
            "2026-11-01T00:00:00Z,,combined,50.0000,,,12",
            "2026-11-02T00:00:00Z,,combined,75.0000,,,12",
            "2026-11-02T12:00:00Z,,combined,78.7500,,,48",
            "2026-11-03T00:00:00Z,,combined,86.0000,,,50",
        ].map { $0 + "\r\n" }.joined())
    }

    @Test func diffShowsControlsByImpactAndTheFindingsBehindThem() {
        let reply = ScoreDiffReply(
            account: "111111111111",
            from: Self.point("scan-1", "111111111111", "2026-11-01T00:00:00Z", 50, resources: 12),
            to: Self.point("scan-2", "111111111111", "2026-11-02T00:00:00Z", 62.5, resources: 12),
            controls: [ControlChange(controlID: "enable-mfa", name: "Enable MFA", maxPoints: 10, oldCurrent: 5,
                                     newCurrent: 7.5, oldHealthy: 2, newHealthy: 3, oldUnhealthy: 2, newUnhealthy: 1)],
            findings: [
                FindingChange(findingID: "f1", checkID: "aws-iam-user-mfa", controlID: "enable-mfa",
                              resourceID: "arn:aws:iam::111111111111:user/alice", oldStatus: .fail, appeared: false,
                              newStatus: .pass, lifecycle: .resolved),
                FindingChange(findingID: "f2", checkID: "aws-iam-user-mfa", controlID: "enable-mfa",
                              resourceID: "arn:aws:iam::111111111111:user/bob", oldStatus: nil, appeared: true,
                              newStatus: .pass, lifecycle: .new),
            ], moreFindings: 3, complete: true)
        #expect(Render.diff(reply) == """
            Account 111111111111: scan-1 (2026-11-01T00:00:00Z, 50.0%) → scan-2 (2026-11-02T00:00:00Z, 62.5%)  change +12.5 pts

            CONTROL     POINTS            CHANGE  HEALTHY  UNHEALTHY
            ----------  ----------------  ------  -------  ---------
            Enable MFA  5.00 → 7.50 / 10  +2.50   2 → 3    2 → 1

            Findings behind it:
            STATUS       LIFECYCLE  CHECK             RESOURCE  CONTROL
            -----------  ---------  ----------------  --------  ----------
            fail → pass  resolved   aws-iam-user-mfa  alice     enable-mfa
            none → pass  new        aws-iam-user-mfa  bob       enable-mfa
            … and 3 more
            """)
    }

    @Test func historyAndDiffArgumentsAreCheckedWithTheReason() throws {
        let now = Self.at("2026-12-01T00:00:00Z")
        #expect(try Score.parseSince("30d", now: now) == Self.at("2026-11-01T00:00:00Z"))
        #expect(try Score.parseSince("12h", now: now) == Self.at("2026-11-30T12:00:00Z"))
        #expect(try Score.parseSince("2026-11-01", now: now) == Self.at("2026-11-01T00:00:00Z"))
        #expect(try Score.parseSince("2026-11-01T08:00:00Z", now: now) == Self.at("2026-11-01T08:00:00Z"))
        for bad in ["yesterday", "30", "d", "3x", "2026-13-01"] {
            do {
                _ = try Palisade.parseAsRoot(["score", "--history", "--since", bad])
                Issue.record("accepted --since \(bad)")
            } catch {
                let message = Palisade.message(for: error)
                #expect(message.contains("30d") && message.contains("12h") && message.contains("2026-11-01"), "\(message)")
                #expect(Palisade.exitCode(for: error).rawValue == 64)
            }
        }
        let history = try #require(try Palisade.parseAsRoot(["score", "--history", "--since", "7d", "--account", "1",
                                                             "--controls"]) as? Score)
        #expect(history.history && history.account == "1" && history.controls)
        let diff = try #require(try Palisade.parseAsRoot(["score", "--diff", "s-1", "s-2"]) as? Score)
        #expect(diff.diff && diff.scans == ["s-1", "s-2"])
        for args in [["score", "--diff", "s-1"], ["score", "--since", "7d"], ["score", "--scan", "s", "--history"],
                     ["score", "--history", "--diff"], ["score", "s-1", "s-2"], ["score", "--account", "1"],
                     ["score", "--diff", "a", "b", "--account", "1"]] {
            #expect(throws: (any Error).self, "\(args)") { try Palisade.parseAsRoot(args) }
        }
        #expect(try Palisade.parseAsRoot(["score", "--scan", "s"]) is Score, "--scan ID still works")
    }

    @Test func scoreHelpIsPinned() {
        #expect(Palisade.helpMessage(for: Score.self, columns: 100) == """
            OVERVIEW: Show the secure score: the latest, over time, or what moved between two scans.

            `palisade score` shows the latest scan's score per control, and with several accounts each
            account's latest score and their combination weighted by resources. `--history` shows the score
            over time (`--since 30d`, `--account A`); `--diff [SCAN_A SCAN_B]` shows what moved between two
            scans of one account (default: its last two) and the findings behind it. See docs/scoring.md.

            USAGE: palisade score [--bus <bus>] [--timeout <timeout>] [--output <output>] [--scan <scan>] [--history] [--diff] [--since <since>] [--account <account>] [--controls] [--limit <limit>] [<scans> ...]

            ARGUMENTS:
              <scans>                 With --diff: the two scans to compare (default: the account's last two).

            OPTIONS:
              --bus <bus>             Broker endpoint (default: $PALISADE_BUS or
                                      ipc://$PALISADE_HOME/run/bus.ipc).
              --timeout <timeout>     Seconds to wait for a reply. (default: 15)
              --output <output>       Output format: table, json or csv. (values: table, json, csv; default:
                                      table)
              --scan <scan>           Scan id (default: latest).
              --history               The score over time, per account (and combined when there are several).
              --diff                  What moved between two scans: per control, and the findings behind it.
              --since <since>         With --history: only points since a time: 30d, 12h, 2026-11-01 or
                                      2026-11-01T08:00:00Z.
              --account <account>     With --history or --diff: one account.
              --controls              With --history: include per-control points (JSON).
              --limit <limit>         With --diff: findings listed at most (the rest are counted). (default: 50)
              -h, --help              Show help information.

            """)
    }

    @Test func severalAccountsShowTheCombinationFirst() {
        let score = SecureScore(scanID: "scan-b", computedAt: Self.at("2026-11-02T12:00:00Z"), current: 8, max: 10,
                                percentage: 80, controls: [])
        let reply = ScoreReply(score: score, accounts: [
            Self.point("scan-3", "111111111111", "2026-11-03T00:00:00Z", 100, resources: 14),
            Self.point("scan-b", "222222222222", "2026-11-02T12:00:00Z", 80, resources: 36),
        ], combined: CombinedScore(time: Self.at("2026-11-03T00:00:00Z"), percentage: 85.6, resourceCount: 50,
                                   scans: ["111111111111": "scan-3", "222222222222": "scan-b"]))
        let text = Render.scoreWithAccounts(reply)
        #expect(text.hasPrefix("Combined secure score: 85.6%  (2 accounts, 50 resources, weighted by resources)\n\n"
            + "ACCOUNT       SCORE   POINTS      RESOURCES  SCAN    SEALED\n"))
        #expect(text.contains("\n111111111111  100.0%  10.00 / 10  14         scan-3  2026-11-03T00:00:00Z\n"))
        #expect(text.contains("Latest scan — Secure score: 80.0%"))
        let single = ScoreReply(score: score, accounts: [reply.accounts![1]], combined: nil)
        #expect(Render.scoreWithAccounts(single) == Render.score(single), "one account reads as before")
    }
}
