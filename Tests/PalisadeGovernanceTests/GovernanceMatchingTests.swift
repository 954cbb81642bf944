import Foundation
import PalisadeGovernance
import PalisadeModel
import Testing

@Suite struct GovernanceMatchingTests {
    let prodTags = ["env": "prod", "owner": "alice@example.com"]

    @Test func scopeByAccountAndExclusion() {
        let only = rule("only", priority: 1, scope: .init(accounts: ["111111111111", "123456789012"]))
        #expect(only.matches(finding(account: "123456789012"), tags: [:]))
        #expect(!only.matches(finding(account: "999999999999"), tags: [:]))
        let except = rule("except", priority: 1, scope: .init(excludeAccounts: ["999999999999"]))
        #expect(except.matches(finding(account: "123456789012"), tags: [:]))
        #expect(!except.matches(finding(account: "999999999999"), tags: [:]))
        let both = rule("both", priority: 1, scope: .init(accounts: ["999999999999"], excludeAccounts: ["999999999999"]))
        #expect(!both.matches(finding(account: "999999999999"), tags: [:]), "an exclusion wins over an inclusion")
    }

    @Test func scopeByRegion() {
        let r = rule("eu", priority: 1, scope: .init(regions: ["eu-west-1", "eu-central-1"]))
        #expect(r.matches(finding(region: "eu-west-1"), tags: [:]))
        #expect(!r.matches(finding(region: "us-east-1"), tags: [:]))
    }

    @Test func scopeByTagsNeedsEveryTagWithItsValue() {
        let r = rule("prod", priority: 1, scope: .init(tags: ["env": "prod", "tier": "data"]))
        #expect(r.matches(finding(), tags: ["env": "prod", "tier": "data", "other": "x"]))
        #expect(!r.matches(finding(), tags: ["env": "prod"]), "a missing tag does not match")
        #expect(!r.matches(finding(), tags: ["env": "Prod", "tier": "data"]), "values match exactly")
        #expect(!r.matches(finding(), tags: [:]))
    }

    @Test func targetBySeverity() {
        let high = rule("high", priority: 1, target: .init(severities: GovernanceRule.Target.severities(atLeast: .high)))
        #expect(high.matches(finding(severity: .critical), tags: [:]))
        #expect(high.matches(finding(severity: .high), tags: [:]))
        #expect(!high.matches(finding(severity: .medium), tags: [:]))
        let listed = rule("listed", priority: 1, target: .init(severities: [.low, .critical]))
        #expect(listed.matches(finding(severity: .low), tags: [:]))
        #expect(!listed.matches(finding(severity: .high), tags: [:]))
    }

    @Test func targetByChecksAndControlsAllMustHold() {
        let checks = rule("c", priority: 1, target: .init(checks: ["aws-iam-root-mfa", "aws-s3-bucket-public-read"]))
        #expect(checks.matches(finding(check: "aws-s3-bucket-public-read"), tags: [:]))
        #expect(!checks.matches(finding(check: "aws-ec2-open-ssh"), tags: [:]))
        let controls = rule("k", priority: 1, target: .init(controls: ["identity"]))
        #expect(controls.matches(finding(control: "identity"), tags: [:]))
        #expect(!controls.matches(finding(control: "data-protection"), tags: [:]))
        let both = rule("b", priority: 1, target: .init(severities: [.critical], controls: ["data-protection"]))
        #expect(both.matches(finding(severity: .critical), tags: [:]))
        #expect(!both.matches(finding(severity: .high), tags: [:]), "severity and control must both hold")
    }

    @Test(arguments: [FindingStatus.pass, .error, .muted, .notApplicable])
    func onlyFailingFindingsAreGoverned(status: FindingStatus) {
        let r = rule("any", priority: 1)
        #expect(!r.matches(finding(status: status), tags: [:]))
        #expect(!r.matches(finding(status: .fail, lifecycle: .resolved), tags: [:]))
        #expect(r.matches(finding(status: .fail, lifecycle: .persisting), tags: [:]))
    }

    @Test func theFirstMatchByPriorityDecides() {
        let rules = [
            rule("catch-all", priority: 900),
            rule("prod", priority: 10, scope: .init(tags: ["env": "prod"])),
            rule("prod-critical", priority: 5, scope: .init(tags: ["env": "prod"]),
                 target: .init(severities: [.critical])),
        ]
        #expect(GovernanceRules.firstMatch(finding(severity: .critical), tags: prodTags, in: rules)?.id == "prod-critical")
        #expect(GovernanceRules.firstMatch(finding(severity: .high), tags: prodTags, in: rules)?.id == "prod")
        #expect(GovernanceRules.firstMatch(finding(severity: .critical), tags: [:], in: rules)?.id == "catch-all")
        #expect(GovernanceRules.firstMatch(finding(status: .pass), tags: prodTags, in: rules) == nil)
        #expect(GovernanceRules.firstMatch(finding(), tags: [:], in: []) == nil)
    }

    @Test func theOwnerComesFromTheTagTheFallbackOrTheFixedAddress() {
        let byTag = rule("t", priority: 1, owner: .fromTag(key: "owner", fallback: "secops@example.com"))
        #expect(byTag.resolveOwner(tags: prodTags) == "alice@example.com")
        #expect(byTag.resolveOwner(tags: ["owner": "  "]) == "secops@example.com", "a blank tag falls back")
        #expect(byTag.resolveOwner(tags: [:]) == "secops@example.com")
        let noFallback = rule("n", priority: 1, owner: .fromTag(key: "owner", fallback: nil))
        #expect(noFallback.resolveOwner(tags: [:]) == nil)
        let fixed = rule("f", priority: 1, owner: .email(address: "team@example.com"))
        #expect(fixed.resolveOwner(tags: prodTags) == "team@example.com")
    }
}
