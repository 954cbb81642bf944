import Foundation
import PalisadeExport
import PalisadeModel
import Testing

@Suite struct ExportFilterTests {
    static func finding(_ severity: Severity, status: FindingStatus = .fail, check: String = "s3.bucket.public") -> Finding {
        Finding(id: "aws/1/us-east-1/\(check)/r", checkID: check, title: "t", severity: severity, controlID: "c",
                resourceID: "arn:aws:s3:::r", resourceType: "aws.s3.bucket", provider: "aws", account: "111122223333",
                region: "us-east-1", status: status, reason: "why", remediation: "fix", firstSeen: Date(),
                lastSeen: Date(), scanID: "s1", version: 1, lifecycle: .new)
    }

    static func record(_ f: Finding, kind: ExportRecord.Kind = .findingNew) -> ExportRecord {
        ExportRecord(key: "finding/\(f.id)/v1", kind: kind, time: Date(), provider: "aws", account: f.account,
                     severity: f.severity, title: f.title, finding: f)
    }

    let siem = ExportFilter(ruleSets: [
        [.init(property: "kind", op: .startsWith, value: "finding."),
         .init(property: "severity", op: .greaterThanOrEqual, value: "high")],
        [.init(property: "kind", op: .equals, value: "score.changed")],
    ])

    @Test func ruleSetsAreOredAndRulesInsideASetAnded() {
        #expect(siem.matches(Self.record(Self.finding(.critical))))
        #expect(siem.matches(Self.record(Self.finding(.high))))
        #expect(!siem.matches(Self.record(Self.finding(.medium))))
        let score = ExportRecord(key: "score/1", kind: .scoreChanged, time: Date(), provider: "aws", account: "1",
                                 severity: nil, title: "score", data: ["percentage": 50.0])
        #expect(siem.matches(score))
        let compliance = ExportRecord(key: "compliance/1", kind: .complianceChanged, time: Date(), provider: "aws",
                                      account: "1", severity: nil, title: "c", data: ["standard": "cis"])
        #expect(!siem.matches(compliance))
        #expect(ExportFilter.all.matches(compliance))
    }

    @Test func tagsAndDataPathsCanBeFilteredOn() {
        let prod = ExportFilter(ruleSets: [[.init(property: "tags.env", op: .equals, value: "PROD")]])
        let r = Self.record(Self.finding(.low))
        #expect(prod.matches(r, tags: ["env": "prod"]))
        #expect(!prod.matches(r, tags: ["env": "dev"]))
        #expect(!prod.matches(r))
        let drop = ExportFilter(ruleSets: [[.init(property: "data.percentage", op: .lesserThan, value: "60")]])
        let score = ExportRecord(key: "score/1", kind: .scoreChanged, time: Date(), provider: "aws", account: "1",
                                 severity: nil, title: "score", data: ["percentage": 50.0])
        #expect(drop.matches(score))
        #expect(!drop.matches(r))
    }

    @Test func aMissingPropertyOnlySatisfiesNotEquals() {
        let r = ExportRecord(key: "score/1", kind: .scoreChanged, time: Date(), provider: "aws", account: "1",
                             severity: nil, title: "score")
        #expect(!ExportFilter(ruleSets: [[.init(property: "checkID", op: .equals, value: "x")]]).matches(r))
        #expect(ExportFilter(ruleSets: [[.init(property: "checkID", op: .notEquals, value: "x")]]).matches(r))
        #expect(!ExportFilter(ruleSets: [[.init(property: "severity", op: .greaterThanOrEqual, value: "low")]]).matches(r))
    }
}
