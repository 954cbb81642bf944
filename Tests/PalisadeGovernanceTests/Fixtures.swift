import Foundation
import PalisadeGovernance
import PalisadeModel

/// Dates as values: day `n` after a fixed origin (no clock, no sleeps).
let origin = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
func day(_ n: Double) -> Date { origin.addingTimeInterval(n * 86_400) }

func finding(check: String = "aws-s3-bucket-public-read", control: String = "data-protection",
             severity: Severity = .high, account: String = "123456789012", region: String = "us-east-1",
             resource: String = "arn:aws:s3:::logs", status: FindingStatus = .fail,
             lifecycle: FindingLifecycle = .new, firstSeen: Date = day(0), lastSeen: Date? = nil) -> Finding {
    Finding(id: Finding.makeID(provider: "aws", account: account, region: region, checkID: check, resourceID: resource),
            checkID: check, title: check, severity: severity, controlID: control, resourceID: resource,
            resourceType: "AWS::S3::Bucket", provider: "aws", account: account, region: region, status: status,
            reason: "", remediation: "", firstSeen: firstSeen, lastSeen: lastSeen ?? firstSeen, scanID: "scan-1",
            version: 1, lifecycle: lifecycle)
}

func rule(_ id: String, priority: Int, scope: GovernanceRule.Scope = .init(),
          target: GovernanceRule.Target = .init(severities: GovernanceRule.Target.severities(atLeast: .informational)),
          owner: GovernanceRule.Owner = .email(address: "secops@example.com"), days: Int = 30, grace: Bool = false,
          mode: GovernanceRule.Mode = .onlyUnassigned) -> GovernanceRule {
    GovernanceRule(id: id, priority: priority, scope: scope, target: target, owner: owner, remediationDays: days,
                   gracePeriod: grace, mode: mode)
}
