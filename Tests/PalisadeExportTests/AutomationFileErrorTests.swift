import Foundation
import PalisadeExport
import Testing

/// Every mistake a user can make in `automations:` is reported at its line and column with what to write instead.
@Suite struct AutomationFileErrorTests {
    /// One rule with this trigger line and these action lines.
    static func rule(name: String = "r", trigger: String = "{ on: [finding.new] }",
                     actions: String = "\n      - ticket: { system: jira }", extra: String = "") -> String {
        "automations:\n  - name: \(name)\n    trigger: \(trigger)\n\(extra)    actions:\(actions)\n"
    }

    /// The error `yaml` gives, checked to be at the (1-based) line and column where `needle` starts.
    static func error(_ yaml: String, at needle: String, occurrence: Int = 1,
                      sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let error = #expect(throws: ExportFileError.self, sourceLocation: sourceLocation) {
            try AutomationFile.parse(yaml: yaml, file: "automations.yaml")
        }
        guard let error else { return "" }
        var ranges: [Range<String.Index>] = []
        var from = yaml.startIndex
        while let r = yaml.range(of: needle, range: from..<yaml.endIndex) { ranges.append(r); from = r.upperBound }
        guard ranges.count >= occurrence else {
            Issue.record("'\(needle)' not in the YAML", sourceLocation: sourceLocation)
            return error.message
        }
        let start = ranges[occurrence - 1].lowerBound
        let before = yaml[..<start]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                                     to: before.endIndex) + 1
        #expect(error.code == .invalid, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("automations.yaml:\(line):\(column): "),
                "\(error.description) is not at \(line):\(column)", sourceLocation: sourceLocation)
        return error.message
    }

    @Test func unknownKeysAreNamedWithTheKeysThatAreAllowed() {
        let m = Self.error(Self.rule(extra: "    notify: true\n"), at: "notify")
        #expect(m == "unknown key 'notify' in automations[0]; expected one of: name, enabled, trigger, throttle, batch, actions")
        let t = Self.error(Self.rule(trigger: "{ on: [finding.new], severity: high }"), at: "severity")
        #expect(t.contains("unknown key 'severity' in r.trigger"))
        #expect(t.contains("minSeverity"))
        let a = Self.error(Self.rule(actions: " [ { webhook: { url: \"https://a.example\", token: x } } ]"), at: "token")
        #expect(a == "unknown key 'token' in r.actions[0].webhook; expected one of: url, secret")
    }

    @Test func anUnknownEventListsTheValidOnes() {
        let m = Self.error(Self.rule(trigger: "{ on: [finding.new, finding.created] }"), at: "finding.created")
        #expect(m == "unknown trigger event 'finding.created' in r.trigger.on; expected any of: finding.new, "
                + "finding.reopened, finding.resolved, finding.changed, finding.muted, score.dropped, attackpath.new, "
                + "compliance.failed, governance.overdue, schedule")
        let empty = Self.error(Self.rule(trigger: "{ on: [] }"), at: "[]")
        #expect(empty.hasPrefix("r.trigger.on is empty"))
        let none = Self.error(Self.rule(trigger: "{ minSeverity: high }"), at: "{ minSeverity")
        #expect(none.hasPrefix("r.trigger has no 'on'"))
    }

    @Test func aScheduleNeedsEveryOrCronAndOnlyAScheduleTakesThem() {
        let missing = Self.error(Self.rule(trigger: "{ on: [schedule] }"), at: "{ on")
        #expect(missing == "r.trigger is on 'schedule' but says not when; add 'every: 7d' or 'cron: \"0 8 * * 1\"' (UTC)")
        let every = Self.error(Self.rule(trigger: "{ on: [finding.new], every: 7d }"), at: "every")
        #expect(every.hasPrefix("'every' only applies to scheduled rules; write 'on: [schedule]'"))
        let cron = Self.error(Self.rule(trigger: "{ on: [finding.new], cron: \"0 8 * * 1\" }"), at: "cron")
        #expect(cron.hasPrefix("'cron' only applies to scheduled rules"))
        let both = Self.error(Self.rule(trigger: "{ on: [schedule], every: 7d, cron: \"0 8 * * 1\" }"), at: "cron")
        #expect(both == "r.trigger has both 'every' and 'cron'; keep exactly one")
        let mixed = Self.error(Self.rule(trigger: "{ on: [schedule, finding.new], every: 7d }"), at: "[schedule")
        #expect(mixed.contains("cannot be combined with other events; write a second rule for finding.new"))
        let badCron = Self.error(Self.rule(trigger: "{ on: [schedule], cron: \"0 8 * *\" }"), at: "\"0 8")
        #expect(badCron.hasPrefix("r.trigger.cron '0 8 * *': "))
        let short = Self.error(Self.rule(trigger: "{ on: [schedule], every: 10s }"), at: "10s")
        #expect(short.contains("at least 1m"))
    }

    @Test func conditionsMustApplyToTheRulesEvents() {
        let drop = Self.error(Self.rule(trigger: "{ on: [finding.new], scoreDrop: 5 }"), at: "scoreDrop")
        #expect(drop == "'scoreDrop' applies only to score.dropped, and r is on finding.new; add one of those to 'on' or remove 'scoreDrop'")
        let risk = Self.error(Self.rule(trigger: "{ on: [finding.new], minRisk: high }"), at: "minRisk")
        #expect(risk.hasPrefix("'minRisk' applies only to attackpath.new"))
        let standards = Self.error(Self.rule(trigger: "{ on: [score.dropped], standards: [cis-aws-3.0] }"), at: "standards")
        #expect(standards.hasPrefix("'standards' applies only to compliance.failed"))
        let tags = Self.error(Self.rule(trigger: "{ on: [score.dropped], tags: { env: prod } }"), at: "tags")
        #expect(tags.hasPrefix("'tags' applies only to finding.new, finding.reopened"))
        let severity = Self.error(Self.rule(trigger: "{ on: [score.dropped], minSeverity: urgent }"), at: "minSeverity")
        #expect(severity.hasPrefix("'minSeverity' applies only to"))
        let badSeverity = Self.error(Self.rule(trigger: "{ on: [finding.new], minSeverity: urgent }"), at: "urgent")
        #expect(badSeverity.contains("'urgent' is not a severity; expected one of: informational, low, medium, high, critical"))
    }

    @Test func anActionNamesExactlyOneKind() {
        let zero = Self.error(Self.rule(actions: "\n      - {}"), at: "{}")
        #expect(zero == "r.actions[0] names no action; write one of: webhook, syslog, email, ticket, remediationPlan")
        let two = Self.error(Self.rule(actions: "\n      - webhook: { url: \"https://a.example\" }\n        email: { to: a@example.com }"),
                             at: "email")
        #expect(two.hasPrefix("r.actions[0] names two actions (webhook, email); each list entry is one action"))
        let unknown = Self.error(Self.rule(actions: "\n      - slack: { channel: x }"), at: "slack")
        #expect(unknown.hasPrefix("unknown key 'slack' in r.actions[0]; expected one of: webhook, syslog, email"))
    }

    @Test func aRuleNeedsActions() {
        let empty = Self.error(Self.rule(actions: " []"), at: "[]")
        #expect(empty.hasPrefix("automation 'r' has no actions; add at least one"))
        let missing = Self.error("automations:\n  - name: r\n    trigger: { on: finding.new }\n", at: "name")
        #expect(missing.hasPrefix("automation 'r' has no actions"))
    }

    @Test func emailNeedsRecipientsUnlessItIsTheOwnerDigest() {
        let noTo = Self.error(Self.rule(actions: "\n      - email: { subject: hi }"), at: "{ subject")
        #expect(noTo == "r.actions[0].email needs 'to: [address, …]'; only 'digest: governance-owners' finds its recipients itself")
        let manager = Self.error(Self.rule(trigger: "{ on: [schedule], every: 7d }",
                                           actions: "\n      - email: { digest: governance-overdue }"), at: "{ digest")
        #expect(manager.hasPrefix("r.actions[0].email (the manager digest of overdue items) needs 'to:"))
        let ownerTo = Self.error(Self.rule(trigger: "{ on: [schedule], every: 7d }",
                                           actions: "\n      - email: { digest: governance-owners, to: a@example.com }"), at: "to:")
        #expect(ownerTo.contains("takes no 'to'; for a manager digest of overdue items add 'overdueOnly: true'"))
        let address = Self.error(Self.rule(actions: "\n      - email: { to: [secops] }"), at: "secops")
        #expect(address == "r.actions[0].email.to: 'secops' is not an e-mail address")
        let placeholder = Self.error(Self.rule(actions: "\n      - email: { to: a@example.com, subject: \"{total} new\" }"),
                                     at: "\"{total")
        #expect(placeholder == "r.actions[0].email.subject uses '{total}'; the placeholders are {count} {rule} {severity}")
    }

    @Test func aDigestIsOnlyForScheduledRules() {
        let m = Self.error(Self.rule(actions: "\n      - email: { digest: governance-owners }"), at: "governance-owners")
        #expect(m.hasPrefix("r.actions[0].email.digest: a digest is sent on a schedule, not per event; put it in a rule with 'on: [schedule]'"))
        let unknown = Self.error(Self.rule(trigger: "{ on: [schedule], every: 7d }",
                                           actions: "\n      - email: { digest: owners }"), at: "owners")
        #expect(unknown == "r.actions[0].email.digest 'owners' is not valid; expected one of: governance-owners, governance-overdue")
    }

    @Test func syslogTakesUdpTcpOrTlsWithAHostAndPort() {
        let scheme = Self.error(Self.rule(actions: "\n      - syslog: { address: \"http://logs.example:514\" }"), at: "\"http")
        #expect(scheme == "r.actions[0].syslog.address 'http://logs.example:514' must start with udp://, tcp://, tls:// (e.g. tls://logs.example:6514)")
        let port = Self.error(Self.rule(actions: "\n      - syslog: { address: \"tls://logs.example\" }"), at: "\"tls")
        #expect(port.contains("needs a host and a port, e.g. tls://logs.example:6514"))
        let format = Self.error(Self.rule(actions: "\n      - syslog: { address: \"udp://h:514\", format: json }"), at: "json")
        #expect(format == "r.actions[0].syslog.format 'json' is not valid; expected one of: rfc5424, cef")
        let ca = Self.error(Self.rule(actions: "\n      - syslog: { address: \"tcp://h:514\", ca: /ca.pem }"), at: "ca:")
        #expect(ca.contains("it needs a tls:// address (this one is tcp://)"))
    }

    @Test func webhooksAndTicketsAreChecked() {
        let url = Self.error(Self.rule(actions: "\n      - webhook: { url: \"ftp://files.example/x\" }"), at: "\"ftp")
        #expect(url == "r.actions[0].webhook.url 'ftp://files.example/x' is not an http(s) URL (e.g. https://hooks.example/x)")
        let secret = Self.error(Self.rule(actions: "\n      - webhook: { url: \"https://a.example\", secret: hunter2 }"),
                                at: "hunter2")
        #expect(secret.contains("must be a mapping"))
        let system = Self.error(Self.rule(actions: "\n      - ticket: { system: zendesk }"), at: "zendesk")
        #expect(system == "r.actions[0].ticket.system 'zendesk' is not valid; expected one of: servicenow, jira")
    }

    @Test func namesAreUniqueAndWellFormed() {
        let twice = Self.rule(name: "dup") + "  - name: dup\n    trigger: { on: finding.new }\n    actions: [ { remediationPlan: {} } ]\n"
        let m = Self.error(twice, at: "dup", occurrence: 2)
        #expect(m.hasPrefix("automation name 'dup' is used twice (first on line 2)"))
        let bad = Self.error(Self.rule(name: "on call"), at: "on call")
        #expect(bad == "automation name 'on call' must be 1-64 letters, digits, '.', '_' or '-'")
    }

    @Test func throttleAndBatchAreChecked() {
        let per = Self.error(Self.rule(extra: "    throttle: { max: 10, per: soon }\n"), at: "soon")
        #expect(per.hasPrefix("r.throttle.per 'soon' is not a duration"))
        let max = Self.error(Self.rule(extra: "    throttle: { max: 0, per: 1h }\n"), at: "0,")
        #expect(max.hasPrefix("r.throttle.max must be a whole number from 1"))
        let window = Self.error(Self.rule(extra: "    batch: { max: 5 }\n"), at: "{ max: 5")
        #expect(window == "r.batch needs 'window', e.g. '{ window: 5m, max: 50 }'")
    }

    @Test func aStandaloneFileHasOnlyTheAutomationsKey() {
        let m = Self.error("automations: []\nsinks: []\n", at: "sinks")
        #expect(m == "unknown key 'sinks' in the automation rules file; expected one of: automations")
        let list = Self.error("automations: { name: r }\n", at: "{ name")
        #expect(list.hasPrefix("'automations' must be a list of rules"))
    }
}
