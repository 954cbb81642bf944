import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeSchedule
import Testing
import Yams

@Suite struct AutomationFileTests {
    static let example = """
        automations:
          - name: critical-findings-to-oncall
            trigger:
              on: [finding.new, finding.reopened]
              minSeverity: high
              checks: [s3.bucket.public-access-block]
              accounts: ["123456789012"]
              tags: { env: prod }
              filter:
                - rules: [{property: region, operator: StartsWith, value: eu-}]
            throttle: { max: 10, per: 1h }
            batch: { window: 5m, max: 50 }
            actions:
              - webhook: { url: "https://hooks.example/x", secret: { env: HOOK_SECRET } }
              - syslog: { address: "tls://127.0.0.1:6514", format: cef, ca: /etc/palisade/ca.pem }
              - email: { to: [secops@example.com], subject: "{count} {severity} findings ({rule})" }
              - ticket: { system: servicenow }
              - remediationPlan: {}
          - name: score-drop
            enabled: false
            trigger: { on: score.dropped, scoreDrop: 5 }
            actions: [ { email: { to: cso@example.com } } ]
          - name: weekly-owner-digest
            trigger: { on: [schedule], cron: "0 8 * * 1" }
            actions:
              - email: { digest: governance-owners }
              - email: { digest: governance-owners, overdueOnly: true, to: [manager@example.com] }
          - name: paths-and-compliance
            trigger: { on: [attackpath.new, compliance.failed, governance.overdue], minRisk: high, standards: [cis-aws-3.0] }
            actions: [ { ticket: { system: jira } } ]
          - name: daily
            trigger: { on: [schedule], every: 1d }
            actions: [ { remediationPlan: } ]
        """

    @Test func aFullExampleReadsIntoRules() throws {
        let rules = try AutomationFile.parse(yaml: Self.example, file: "automations.yaml")
        #expect(rules.map(\.name) == ["critical-findings-to-oncall", "score-drop", "weekly-owner-digest",
                                      "paths-and-compliance", "daily"])
        let first = rules[0]
        #expect(first.enabled)
        #expect(first.line == 2)
        #expect(first.trigger.events == [.findingNew, .findingReopened])
        #expect(first.trigger.minSeverity == .high)
        #expect(first.trigger.checks == ["s3.bucket.public-access-block"])
        #expect(first.trigger.accounts == ["123456789012"])
        #expect(first.trigger.tags == ["env": "prod"])
        #expect(first.trigger.filter.ruleSets == [[.init(property: "region", op: .startsWith, value: "eu-")]])
        #expect(first.trigger.schedule == nil)
        #expect(first.throttle == Throttle(max: 10, perSeconds: 3_600))
        #expect(first.batch == Batch(windowSeconds: 300, max: 50))
        #expect(first.actions == [
            .webhook(url: "https://hooks.example/x", secret: .environment("HOOK_SECRET")),
            .syslog(address: "tls://127.0.0.1:6514", format: "cef", caFile: "/etc/palisade/ca.pem"),
            .email(to: ["secops@example.com"], subject: "{count} {severity} findings ({rule})", digest: nil),
            .ticket(system: "servicenow"),
            .remediationPlan,
        ])
        #expect(first.actions.map(\.kind) == ["webhook", "syslog", "email", "ticket", "remediationPlan"])

        #expect(!rules[1].enabled)
        #expect(rules[1].trigger.events == [.scoreDropped])
        #expect(rules[1].trigger.scoreDrop == 5)
        #expect(rules[1].actions == [.email(to: ["cso@example.com"], subject: nil, digest: nil)])

        #expect(rules[2].trigger.schedule == .cron(try CronExpression("0 8 * * 1")))
        #expect(rules[2].actions == [.email(to: [], subject: nil, digest: .governanceOwners),
                                     .email(to: ["manager@example.com"], subject: nil, digest: .governanceOverdue)])
        #expect(rules[3].trigger.minRisk == .high)
        #expect(rules[3].trigger.standards == ["cis-aws-3.0"])
        #expect(rules[4].trigger.schedule == .every(seconds: 86_400))
        #expect(rules[4].actions == [.remediationPlan])
    }

    @Test func theSectionOfALargerFileReadsWithThatFilesReader() throws {
        let yaml = """
            sinks: []
            automations:
              - name: a
                trigger: { on: finding.new }
                actions: [ { ticket: { system: jira } } ]
            """
        let reader = YAMLReader(file: "palisade.yaml")
        let root = try #require(try reader.compose(yaml))
        let node = try #require(reader.keys(root)[AutomationFile.sectionKey])
        let rules = try AutomationFile.section(node, reader: reader)
        #expect(rules.map(\.name) == ["a"])
        #expect(rules[0].line == 3)
    }

    @Test func anEmptyFileOrSectionHasNoRules() throws {
        #expect(try AutomationFile.parse(yaml: "", file: "a.yaml").isEmpty)
        #expect(try AutomationFile.parse(yaml: "automations:\n", file: "a.yaml").isEmpty)
        #expect(try AutomationFile.parse(yaml: "automations: []\n", file: "a.yaml").isEmpty)
    }

    @Test func loadReadsAFileAndNamesAMissingOne() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("automations-\(UUID()).yaml").path
        try Self.example.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try AutomationFile.load(path: path).count == 5)
        let error = #expect(throws: ExportFileError.self) { try AutomationFile.load(path: path + ".missing") }
        #expect(error?.code == .unreadable)
        #expect(error?.message == "the automation rules file does not exist")
    }

    /// The rule examples in docs/automation.md are valid rules.
    @Test func theExamplesInTheDocsParse() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/automation.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        var parsed = 0
        for block in text.components(separatedBy: "```yaml\n").dropFirst() {
            let yaml = block.components(separatedBy: "```")[0]
            guard yaml.hasPrefix("automations:") || yaml.hasPrefix("  - name:") else { continue }
            let file = yaml.hasPrefix("automations:") ? yaml : "automations:\n" + yaml
            parsed += try AutomationFile.parse(yaml: file, file: "docs/automation.md").count
        }
        #expect(parsed >= 8, "the page shows at least 8 whole rules")
    }
}
