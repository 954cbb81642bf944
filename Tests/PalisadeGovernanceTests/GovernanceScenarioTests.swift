import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

/// A month of scans through the library as the scoring service would drive it: parse the file, decide on each
/// finding change, apply the decisions to a store, tick the overdue clock, adjust the score and report.
@Suite struct GovernanceScenarioTests {
    @Test func theExampleInTheDocsParses() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/governance.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let rules = try GovernanceRuleFile.parse(yaml: String(text[start.upperBound..<end.lowerBound]),
                                                 file: "docs/governance.md")
        #expect(rules.map(\.id) == ["prod-critical", "iam-keys", "everything-else"])
    }

    @Test func aMonthOfScans() throws {
        let rules = try GovernanceRuleFile.parse(yaml: """
            rules:
              - id: prod
                priority: 10
                scope: { tags: { env: prod } }
                target: { minSeverity: high }
                owner: { fromTag: owner, fallback: secops@example.com }
                remediationDays: 7
                gracePeriod: true
            """, file: "governance.yaml")
        let tags = ["public-bucket": ["env": "prod", "owner": "alice@example.com"], "old-key": ["env": "prod"],
                    "dev-bucket": ["env": "dev"]]
        var store: [String: GovernanceAssignment] = [:]
        func scan(_ f: Finding, now: Date) {
            switch GovernancePlanner.decide(finding: f, tags: tags[f.resourceID] ?? [:], rules: rules,
                                            current: store[f.id], now: now) {
            case let .assign(a), let .reassign(_, a), let .complete(a, _): store[f.id] = a
            case .none: break
            }
        }
        let bucket = finding(check: "aws-s3-bucket-public-read", resource: "public-bucket", firstSeen: day(0))
        let key = finding(check: "aws-iam-access-key-rotated", control: "identity", severity: .critical,
                          resource: "old-key", firstSeen: day(0))
        let dev = finding(resource: "dev-bucket", firstSeen: day(0))
        for f in [bucket, key, dev] { scan(f, now: day(0)) }
        #expect(store[bucket.id]?.owner == "alice@example.com" && store[key.id]?.owner == "secops@example.com")
        #expect(store[dev.id] == nil, "out of scope: unassigned")

        // Day 3: the bucket is fixed; in the score, the key is still in grace.
        var fixed = bucket
        fixed.status = .pass
        fixed.lifecycle = .resolved
        scan(fixed, now: day(3))
        #expect(store[bucket.id]?.completedOnTime == true)
        let tally = ControlTally(controlID: "identity", unhealthy: 1)
        let failing = GovernanceGrace.failingFindings([key], assignments: store, now: day(3))
        #expect(GovernanceGrace.adjust(tallies: [tally], openFailing: failing) == [.init(controlID: "identity", healthy: 1)])

        // Daily ticks: the key becomes overdue once, on day 8, and counts against the score again.
        var events: [String] = []
        for d in 1...14 {
            events += GovernanceClock.overdue(Array(store.values), since: day(Double(d - 1)), now: day(Double(d)))
                .map { "day \(d): \($0.resourceID)" }
        }
        #expect(events == ["day 8: old-key"])
        let late = GovernanceGrace.failingFindings([key], assignments: store, now: day(14))
        #expect(GovernanceGrace.adjust(tallies: [tally], openFailing: late) == [tally])

        // Day 20: the bucket is public again: a new assignment, due a week after the reopening.
        var reopened = bucket
        reopened.lifecycle = .reopened
        reopened.lastSeen = day(20)
        scan(reopened, now: day(20))
        #expect(store[bucket.id]?.state == .open && store[bucket.id]?.dueDate == day(27))

        let report = GovernanceReport.build(assignments: Array(store.values), unassignedFailing: [dev], now: day(21))
        #expect(report.totals == .init(key: "total", openOnTime: 1, overdue: 1, unassigned: 1))
        #expect(report.byOwner.map(\.key) == ["alice@example.com", "secops@example.com"])
    }
}
