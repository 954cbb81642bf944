import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernanceRuleFileTests {
    static let full = """
        rules:
          - id: catch-all
            priority: 900
            target: { minSeverity: low }
            owner: { email: cloud-team@example.com }
            remediationDays: 90
          - id: prod-critical            # the example of docs/governance.md
            priority: 10
            description: Production data exposure
            scope:
              accounts: ["123456789012", 210987654321]
              excludeAccounts: []
              regions: [us-east-1]
              tags: { env: prod }
            target:
              minSeverity: high
              checks: [aws-s3-bucket-public-read]
              controls: [data-protection]
            owner:
              fromTag: owner
              fallback: secops@example.com
            remediationDays: 30
            gracePeriod: true
            mode: overwrite
          - id: iam.keys
            priority: 50
            target: { severity: [medium, critical] }
            owner: { fromTag: team }
            remediationDays: 7
        """

    @Test func readsEveryKeyAndSortsByPriority() throws {
        let rules = try GovernanceRuleFile.parse(yaml: Self.full, file: "governance.yaml")
        #expect(rules.map(\.id) == ["prod-critical", "iam.keys", "catch-all"])
        let r = rules[0]
        #expect(r.priority == 10 && r.description == "Production data exposure")
        #expect(r.scope.accounts == ["123456789012", "210987654321"] && r.scope.excludeAccounts.isEmpty)
        #expect(r.scope.regions == ["us-east-1"] && r.scope.tags == ["env": "prod"])
        #expect(r.target.severities == [.high, .critical])
        #expect(r.target.checks == ["aws-s3-bucket-public-read"] && r.target.controls == ["data-protection"])
        #expect(r.owner == .fromTag(key: "owner", fallback: "secops@example.com"))
        #expect(r.remediationDays == 30 && r.gracePeriod && r.mode == .overwrite)
        #expect(rules[1].target.severities == [.medium, .critical])
        #expect(rules[1].owner == .fromTag(key: "team", fallback: nil))
        let catchAll = rules[2]
        #expect(catchAll.owner == .email(address: "cloud-team@example.com"))
        #expect(catchAll.target.severities == [.low, .medium, .high, .critical])
        #expect(!catchAll.gracePeriod && catchAll.mode == .onlyUnassigned && catchAll.scope == .init())
    }

    @Test func anEmptyFileOrAnEmptyListHasNoRules() throws {
        #expect(try GovernanceRuleFile.parse(yaml: "", file: "g.yaml").isEmpty)
        #expect(try GovernanceRuleFile.parse(yaml: "rules: []\n", file: "g.yaml").isEmpty)
        #expect(try GovernanceRuleFile.parse(yaml: "rules:\n", file: "g.yaml").isEmpty)
    }

    /// A valid rule, line by line (line 1 is `rules:`), for the bad-input cases to break one line at a time.
    static func entry(_ lines: [String]) -> String { "rules:\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n" }
    static let good = ["- id: a", "  priority: 1", "  target: { minSeverity: high }",
                       "  owner: { email: a@example.com }", "  remediationDays: 30"]
    static func replacing(_ i: Int, with line: String) -> String {
        var l = good
        l[i] = line
        return entry(l)
    }

    /// Each bad input is refused with the file, the 1-based line and column of the offending node, and what was
    /// expected.
    @Test(arguments: [
        (replacing(1, with: "  priorty: 1"), 3, 7, "unknown key 'priorty' in rules[0]; expected one of: id, priority,"),
        (replacing(1, with: "  priority: first"), 3, 17, "priority must be a whole number from 1 to 1000 (got 'first')"),
        (replacing(1, with: "  priority: 0"), 3, 17, "from 1 to 1000"),
        (replacing(1, with: "  priority: [1]"), 3, 17, "whole number"),
        (replacing(0, with: "- id: a b"), 2, 11, "must be 1-64 letters, digits"),
        (replacing(2, with: "  target: { minSeverity: severe }"), 4, 30,
         "'severe' is not a severity; expected one of: informational, low, medium, high, critical"),
        (replacing(2, with: "  target: { severity: [high, urgent] }"), 4, 34, "'urgent' is not a severity"),
        (replacing(2, with: "  target: { severity: high }"), 4, 27, "must be a list, e.g. [high, critical]"),
        (replacing(2, with: "  target: { severity: [high], minSeverity: low }"), 4, 15, "both 'severity' and 'minSeverity'"),
        (replacing(2, with: "  target: {}"), 4, 15, "target is empty; give at least one of severity"),
        (replacing(2, with: "  target: { checks: [] }"), 4, 15, "target is empty"),
        (replacing(2, with: "  target: { check: [x] }"), 4, 17,
         "unknown key 'check' in a.target; expected one of: severity, minSeverity, checks, controls"),
        (replacing(2, with: "  target: { checks: x }"), 4, 25, "checks must be a list"),
        (replacing(3, with: "  owner: {}"), 5, 14, "needs 'fromTag: <tag key>'"),
        (replacing(3, with: "  owner: { fallback: a@example.com }"), 5, 14, "needs 'fromTag"),
        (replacing(3, with: "  owner: { fromTag: owner, email: a@example.com }"), 5, 14, "both 'fromTag' and 'email'"),
        (replacing(3, with: "  owner: { email: a@example.com, fallback: b@example.com }"), 5, 48,
         "fallback only goes with fromTag"),
        (replacing(3, with: "  owner: { email: security team }"), 5, 23, "not an email address"),
        (replacing(3, with: "  owner: { fromTag: owner, fallback: nobody }"), 5, 42, "fallback 'nobody' is not an email"),
        (replacing(3, with: "  owner: { team: x }"), 5, 16, "expected one of: fromTag, fallback, email"),
        (replacing(4, with: "  remediationDays: 366"), 6, 24, "remediationDays must be a whole number from 1 to 365"),
        (replacing(4, with: "  remediationDays: 0"), 6, 24, "from 1 to 365"),
        (replacing(4, with: "  remediationDays: 2.5"), 6, 24, "whole number"),
        (entry(good + ["  gracePeriod: sometimes"]), 7, 20, "gracePeriod must be true or false"),
        (entry(good + ["  mode: replace"]), 7, 13, "mode 'replace' is not a mode; expected one of: onlyUnassigned, overwrite"),
        (entry(good + ["  scope: { account: [x] }"]), 7, 16, "expected one of: accounts, excludeAccounts, regions, tags"),
        (entry(good + ["  scope: { regions: us-east-1 }"]), 7, 25, "regions must be a list, e.g. [us-east-1]"),
        (entry(good + ["  scope: { tags: [env] }"]), 7, 22, "tags must be a mapping of tag key to value"),
        (entry(good + ["  scope: [prod]"]), 7, 14, "scope must be a mapping with keys: accounts,"),
        (entry(Array(good.dropLast())), 2, 7, "has no 'remediationDays'"),
        (entry([good[0], good[2], good[3], good[4]]), 2, 7, "has no 'priority'"),
        (entry(good + ["- id: a", "  priority: 2", "  target: { checks: [c] }", "  owner: { email: b@example.com }",
                       "  remediationDays: 1"]), 7, 7, "rule id 'a' is used twice (first on line 2)"),
        (entry(good + ["- id: b", "  priority: 1", "  target: { checks: [c] }", "  owner: { email: b@example.com }",
                       "  remediationDays: 1"]), 8, 17, "priority 1 of rule 'b' is already used by rule 'a' (line 2)"),
        ("rule:\n  - id: a\n", 1, 1, "unknown key 'rule' in the file; expected one of: rules"),
        ("rules: { id: a }\n", 1, 8, "'rules' must be a list of rules"),
    ])
    func badInputPointsAtItsLineAndColumn(yaml: String, line: Int, column: Int, expected: String) {
        do {
            _ = try GovernanceRuleFile.parse(yaml: yaml, file: "/etc/palisade/governance.yaml")
            Issue.record("accepted:\n\(yaml)")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.file == "/etc/palisade/governance.yaml")
            #expect(error.line == line, "\(error)\n\(yaml)")
            #expect(error.column == column, "\(error)\n\(yaml)")
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func aYAMLSyntaxErrorHasItsPlaceToo() {
        do {
            _ = try GovernanceRuleFile.parse(yaml: "rules:\n  - id: [a\n", file: "g.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .syntax && error.code.rawValue == "governance.rules.syntax")
            #expect(error.line != nil && error.column != nil)
            #expect(error.description.hasPrefix("g.yaml:"))
            #expect(error.message.hasPrefix("YAML syntax error"))
        }
    }

    @Test func aMissingFileIsUnreadable() {
        do {
            _ = try GovernanceRuleFile.load(path: "/nonexistent/governance.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.code.rawValue == "governance.rules.unreadable")
            #expect(error.message.contains("does not exist"))
        }
    }

    @Test func loadReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("governance-\(UUID()).yaml").path
        try Self.full.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try GovernanceRuleFile.load(path: path).count == 3)
    }

    @Test func theErrorReadsAsFileLineColumn() {
        let e = GovernanceFileError(code: .invalid, file: "g.yaml", line: 3, column: 7, message: "bad")
        #expect(e.description == "g.yaml:3:7: bad [governance.rules.invalid]")
    }
}
