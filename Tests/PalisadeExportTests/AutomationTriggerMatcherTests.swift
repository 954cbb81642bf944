import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeSchedule
import Testing

@Suite struct AutomationTriggerMatcherTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func finding(_ kind: ExportRecord.Kind = .findingNew, severity: Severity = .high,
                        check: String = "s3.bucket.public-access-block", account: String = "123456789012",
                        status: FindingStatus = .fail) -> ExportRecord {
        let f = Finding(id: "aws/\(account)/eu-west-1/\(check)/bucket-1", checkID: check, title: "Bucket is public",
                        severity: severity, controlID: "S3.1", resourceID: "bucket-1", resourceType: "AWS::S3::Bucket",
                        provider: "aws", account: account, region: "eu-west-1", status: status, reason: "",
                        remediation: "", firstSeen: t0, lastSeen: t0, scanID: "scan-1", version: 1, lifecycle: .new)
        return ExportRecord(key: "finding/\(f.id)/v1", kind: kind, time: t0, provider: "aws", account: account,
                            severity: severity, title: f.title, finding: f)
    }

    static func score(from before: Double?, to after: Double) -> ExportRecord {
        var data: [String: JSONValue] = ["account": "123456789012", "scanID": "scan-1", "percentage": .number(after),
                                         "controls": []]
        if let before { data["previousPercentage"] = .number(before) }
        return ExportRecord(key: "score/1", kind: .scoreChanged, time: t0, provider: "aws", account: "123456789012",
                            severity: nil, title: "Secure score", data: .object(data))
    }

    static func compliance(standard: String = "cis-aws-3.0", to: RequirementState) -> ExportRecord {
        let change = ComplianceChange(account: "123456789012", scanID: "scan-1", standard: standard, requirement: "2.1.1",
                                      from: .passed, to: to)
        let data = try! JSONDecoder.forJSONValues().decode(JSONValue.self, from: JSONEncoder().encode(change))
        return ExportRecord(key: "compliance/1", kind: .complianceChanged, time: t0, provider: "aws",
                            account: "123456789012", severity: nil, title: "CIS 2.1.1 failed", data: data)
    }

    static func path(risk: Severity) -> ExportRecord {
        ExportRecord(key: "path/p1", kind: .attackPathNew, time: t0, provider: "aws", account: "123456789012",
                     severity: risk, title: "Internet → EC2 → S3",
                     data: ["id": "p1", "title": "Internet → EC2 → S3", "risk": .string(risk.rawValue),
                            "entryKind": "internet", "targetKind": "s3.bucket"])
    }

    static func overdue(severity: Severity = .high, check: String = "s3.bucket.public-access-block") -> ExportRecord {
        let a = GovernanceAssignment(findingID: "aws/123456789012/eu-west-1/\(check)/bucket-1", ruleID: "g1",
                                     owner: "alice@example.com", dueDate: t0, gracePeriod: false, assignedAt: t0,
                                     account: "123456789012", checkID: check, controlID: "S3.1", resourceID: "bucket-1",
                                     severity: severity)
        let assignment = try! JSONDecoder.forJSONValues().decode(JSONValue.self, from: JSONEncoder().encode(a))
        return ExportRecord(key: "governance/1", kind: .governanceOverdue, time: t0, provider: "aws",
                            account: "123456789012", severity: nil, title: "Overdue",
                            data: ["assignment": assignment, "onTime": false])
    }

    static func rule(_ events: Set<AutomationTrigger.Event>, _ configure: (inout AutomationTrigger) -> Void = { _ in })
        -> AutomationRule {
        var t = AutomationTrigger(events: events)
        configure(&t)
        return AutomationRule(name: "r", trigger: t, actions: [.remediationPlan])
    }

    static let prod = ["env": "prod"]

    @Test func aHighFailingFindingInProdFiresAndAMediumOneDoesNot() {
        let r = Self.rule([.findingNew]) { $0.minSeverity = .high; $0.tags = ["env": "prod"] }
        #expect(TriggerMatcher.matches(r, Self.finding(severity: .high), tags: Self.prod))
        #expect(TriggerMatcher.matches(r, Self.finding(severity: .critical), tags: Self.prod))
        #expect(!TriggerMatcher.matches(r, Self.finding(severity: .medium), tags: Self.prod))
        #expect(!TriggerMatcher.matches(r, Self.finding(severity: .high), tags: ["env": "dev"]))
        #expect(!TriggerMatcher.matches(r, Self.finding(severity: .high), tags: [:]))
    }

    @Test func eachFindingEventFiresOnlyItsOwnRules() {
        let kinds: [(ExportRecord.Kind, AutomationTrigger.Event)] = [
            (.findingNew, .findingNew), (.findingReopened, .findingReopened), (.findingResolved, .findingResolved),
            (.findingChanged, .findingChanged), (.findingMuted, .findingMuted),
        ]
        for (kind, event) in kinds {
            let record = Self.finding(kind, status: kind == .findingResolved ? .pass : .fail)
            for (_, other) in kinds {
                #expect(TriggerMatcher.matches(Self.rule([other]), record, tags: [:]) == (other == event),
                        "\(kind.rawValue) vs a rule on \(other.rawValue)")
            }
            #expect(!TriggerMatcher.matches(Self.rule([.scoreDropped, .attackPathNew, .complianceFailed,
                                                       .governanceOverdue]), record, tags: [:]))
        }
        let resolved = Self.finding(.findingResolved, status: .pass)
        #expect(TriggerMatcher.matches(Self.rule([.findingNew, .findingResolved]), resolved, tags: [:]))
    }

    @Test func snapshotRowsAndOtherKindsFireNothing() {
        let everything = Self.rule(Set(AutomationTrigger.Event.allCases).subtracting([.schedule]))
        #expect(!TriggerMatcher.matches(everything, Self.finding(.snapshotFinding), tags: [:]))
        var resolvedPath = Self.path(risk: .critical)
        resolvedPath.kind = .attackPathResolved
        #expect(!TriggerMatcher.matches(everything, resolvedPath, tags: [:]))
        #expect(!TriggerMatcher.matches(Self.rule([.schedule]), Self.finding(), tags: [:]))
    }

    @Test func aScoreDropFiresAtTheThresholdAndNotBelow() {
        let r = Self.rule([.scoreDropped]) { $0.scoreDrop = 5 }
        #expect(!TriggerMatcher.matches(r, Self.score(from: 70, to: 65.1), tags: [:]))  // 4.9 points
        #expect(TriggerMatcher.matches(r, Self.score(from: 70, to: 65), tags: [:]))
        #expect(TriggerMatcher.matches(r, Self.score(from: 70.3, to: 65.3), tags: [:]))
        #expect(!TriggerMatcher.matches(r, Self.score(from: 60, to: 70), tags: [:]))
        let any = Self.rule([.scoreDropped])
        #expect(TriggerMatcher.matches(any, Self.score(from: 70, to: 69.99), tags: [:]))
        #expect(!TriggerMatcher.matches(any, Self.score(from: 70, to: 70), tags: [:]))
        #expect(!TriggerMatcher.matches(any, Self.score(from: nil, to: 10), tags: [:]), "a first score drops nothing")
        #expect(TriggerMatcher.scoreDrop(Self.score(from: 70, to: 64)) == 6)
    }

    @Test func complianceFiresWhenARequirementFailsInTheListedStandards() {
        let any = Self.rule([.complianceFailed])
        #expect(TriggerMatcher.matches(any, Self.compliance(to: .failed), tags: [:]))
        #expect(!TriggerMatcher.matches(any, Self.compliance(to: .passed), tags: [:]))
        #expect(!TriggerMatcher.matches(any, Self.compliance(to: .error), tags: [:]))
        let cis = Self.rule([.complianceFailed]) { $0.standards = ["cis-aws-3.0"] }
        #expect(TriggerMatcher.matches(cis, Self.compliance(to: .failed), tags: [:]))
        #expect(!TriggerMatcher.matches(cis, Self.compliance(standard: "pci-dss-4.0", to: .failed), tags: [:]))
    }

    @Test func attackPathsFireByRisk() {
        let r = Self.rule([.attackPathNew]) { $0.minRisk = .high }
        #expect(TriggerMatcher.matches(r, Self.path(risk: .critical), tags: [:]))
        #expect(!TriggerMatcher.matches(r, Self.path(risk: .medium), tags: [:]))
        let bySeverity = Self.rule([.attackPathNew]) { $0.minSeverity = .critical }
        #expect(!TriggerMatcher.matches(bySeverity, Self.path(risk: .high), tags: [:]))
        #expect(!TriggerMatcher.matches(Self.rule([.findingNew]), Self.path(risk: .critical), tags: [:]))
    }

    @Test func overdueGovernanceItemsFireBySeverityCheckAndTags() {
        let r = Self.rule([.governanceOverdue]) {
            $0.minSeverity = .high
            $0.checks = ["s3.bucket.public-access-block"]
            $0.tags = ["env": "prod"]
        }
        #expect(TriggerMatcher.matches(r, Self.overdue(), tags: Self.prod))
        #expect(!TriggerMatcher.matches(r, Self.overdue(severity: .low), tags: Self.prod))
        #expect(!TriggerMatcher.matches(r, Self.overdue(check: "ec2.sg.open"), tags: Self.prod))
        #expect(!TriggerMatcher.matches(r, Self.overdue(), tags: [:]))
        var assigned = Self.overdue()
        assigned.kind = .governanceAssigned
        #expect(!TriggerMatcher.matches(r, assigned, tags: Self.prod))
    }

    @Test func checksAndAccountsAreExact() {
        let r = Self.rule([.findingNew]) { $0.checks = ["s3.bucket.public-access-block"]; $0.accounts = ["123456789012"] }
        #expect(TriggerMatcher.matches(r, Self.finding(), tags: [:]))
        #expect(!TriggerMatcher.matches(r, Self.finding(check: "s3.bucket.public-access"), tags: [:]))
        #expect(!TriggerMatcher.matches(r, Self.finding(account: "210987654321"), tags: [:]))
    }

    @Test func conditionsNarrowOnlyTheEventsTheyApplyTo() {
        let r = Self.rule([.findingNew, .scoreDropped]) { $0.minSeverity = .critical; $0.scoreDrop = 5 }
        #expect(TriggerMatcher.matches(r, Self.score(from: 80, to: 70), tags: [:]), "minSeverity leaves scores alone")
        #expect(!TriggerMatcher.matches(r, Self.finding(severity: .high), tags: [:]))
        #expect(TriggerMatcher.matches(r, Self.finding(severity: .critical), tags: [:]))
        let accounts = Self.rule([.findingNew, .scoreDropped]) { $0.accounts = ["210987654321"] }
        #expect(!TriggerMatcher.matches(accounts, Self.score(from: 80, to: 70), tags: [:]), "accounts apply to every event")
    }

    @Test func theFilterIsAndedWithTheTrigger() {
        let euOrCritical = ExportFilter(ruleSets: [
            [.init(property: "region", op: .startsWith, value: "eu-"), .init(property: "tags.team", op: .equals, value: "data")],
            [.init(property: "severity", op: .greaterThanOrEqual, value: "critical")],
        ])
        let r = Self.rule([.findingNew]) { $0.minSeverity = .high; $0.filter = euOrCritical }
        #expect(TriggerMatcher.matches(r, Self.finding(), tags: ["team": "data"]))
        #expect(!TriggerMatcher.matches(r, Self.finding(), tags: ["team": "web"]), "second rule of the first set fails")
        #expect(TriggerMatcher.matches(r, Self.finding(severity: .critical), tags: ["team": "web"]), "second set matches")
        #expect(!TriggerMatcher.matches(r, Self.finding(severity: .medium), tags: ["team": "data"]), "minSeverity still holds")
    }

    @Test func aDisabledRuleFiresOnNothing() {
        var r = Self.rule([.findingNew])
        r.enabled = false
        #expect(!TriggerMatcher.matches(r, Self.finding(), tags: [:]))
    }

    @Test func aScheduledRuleSelectsTheItemsItsRunCovers() {
        let r = Self.rule([.schedule]) { $0.minSeverity = .high; $0.schedule = .every(seconds: 604_800) }
        #expect(TriggerMatcher.selects(r, Self.overdue(), tags: [:]))
        #expect(!TriggerMatcher.selects(r, Self.overdue(severity: .low), tags: [:]))
    }
}
