import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct OCSFTests {
    let context = Fixtures.context

    @Test func detectionFindingHasTheRequiredAttributes() throws {
        let o = OCSF.detectionFinding(Fixtures.failing, context: context)
        #expect(o["class_uid"] == 2004 && o["category_uid"] == 2)
        #expect(o["activity_id"] == 1 && o["activity_name"] == "Create" && o["type_uid"] == 200401)
        #expect(o["severity_id"] == 4 && o["severity"] == "High")
        #expect(o["time"] == .number(1_700_000_500_000), "OCSF timestamps are epoch milliseconds")
        #expect(o["time_dt"] == "2023-11-14T22:21:40.000Z", "the datetime profile's twin")
        #expect(o["metadata"]?["version"] == "1.5.0")
        #expect(o["metadata"]?["profiles"] == ["cloud", "datetime"])
        #expect(o["metadata"]?["product"]?["name"] == "Palisade")
        #expect(o["metadata"]?["product"]?["version"] == "0.13.0")
        let info = try #require(o["finding_info"])
        #expect(info["uid"] == .string(Fixtures.failing.id))
        #expect(info["title"] == "S3 bucket allows public access")
        #expect(info["desc"] == "A public bucket exposes its objects to anyone on the internet.")
        #expect(info["first_seen_time"] == .number(1_700_000_000_250))
        #expect(info["first_seen_time_dt"] == "2023-11-14T22:13:20.250Z")
        #expect(o["status_id"] == 1 && o["status"] == "New")
        let resource = try #require(o["resources"]?[0])
        #expect(resource["uid"] == "arn:aws:s3:::bucket-1" && resource["type"] == "aws.s3.bucket")
        #expect(resource["cloud_partition"] == "aws")
        #expect(o["cloud"]?["provider"] == "AWS" && o["cloud"]?["region"] == "eu-west-1")
        #expect(o["cloud"]?["account"]?["uid"] == "123456789012" && o["cloud"]?["account"]?["type_id"] == 10)
        #expect(o["remediation"]?["desc"] == "Remove the public statement.")
        #expect(o["remediation"]?["references"] == ["https://example.com/checks/s3-public"])
        #expect(o["unmapped"]?["check_id"] == "s3-public")
    }

    @Test(arguments: [(Severity.informational, 1), (.low, 2), (.medium, 3), (.high, 4), (.critical, 5)])
    func severitiesMap(severity: Severity, id: Int) {
        var f = Fixtures.failing
        f.severity = severity
        #expect(OCSF.detectionFinding(f, context: context)["severity_id"] == .number(Double(id)))
    }

    @Test func statusAndActivityFollowTheFinding() {
        let resolved = OCSF.detectionFinding(Fixtures.resolved, context: context)
        #expect(resolved["activity_id"] == 3 && resolved["type_uid"] == 200403 && resolved["status_id"] == 4)
        let muted = OCSF.detectionFinding(Fixtures.muted, context: context)
        #expect(muted["activity_id"] == 2 && muted["status_id"] == 3 && muted["status"] == "Suppressed")
        #expect(muted["unmapped"]?["muted_by"] == "mute-rule-7")
        let reopened = OCSF.detectionFinding(Fixtures.globalRoot, context: context)
        #expect(reopened["activity_id"] == 2 && reopened["status_id"] == 1)
        let error = OCSF.detectionFinding(Fixtures.error, context: context)
        #expect(error["status_id"] == 99 && error["status"] == "Error" && error["status_code"] == "error")
    }

    @Test func withoutACatalogTheFindingsOwnTextIsUsed() {
        let o = OCSF.detectionFinding(Fixtures.unknownCheck, context: .empty)
        #expect(o["finding_info"]?["desc"] == "policy grants s3:GetObject to *")
        #expect(o["remediation"]?["desc"] == "Remove the public statement.")
    }

    @Test func complianceFindingsArePerRequirement() throws {
        let events = OCSF.complianceFindings(Fixtures.failing, context: context)
        #expect(events.count == 2)
        let first = try #require(events.first)
        #expect(first["class_uid"] == 2003 && first["type_uid"] == 200301)
        #expect(first["compliance"]?["standards"] == ["cis-aws-3.0"])
        #expect(first["compliance"]?["control"] == "2.1.4")
        #expect(first["compliance"]?["status_id"] == 3 && first["compliance"]?["status"] == "Fail")
        #expect(first["compliance"]?["checks"]?[0]?["uid"] == "s3-public")
        #expect(events[1]["compliance"]?["standards"] == ["pci-dss-4.0"])
        #expect(first["finding_info"]?["uid"] != events[1]["finding_info"]?["uid"], "each requirement its own uid")
        #expect(OCSF.complianceFindings(Fixtures.resolved, context: context).first?["compliance"]?["status_id"] == 1)
        #expect(OCSF.complianceFindings(Fixtures.error, context: context).first?["compliance"]?["status_id"] == 2)
        #expect(OCSF.complianceFindings(Fixtures.awkward, context: context).isEmpty, "sg-open maps to no requirement")
        #expect(FindingDocument.line(Fixtures.awkward, format: .ocsfCompliance, context: context) == nil)
    }

    @Test func onlyNamedFieldsAreExported() {
        let text = OCSF.detectionFinding(Fixtures.failing, context: context).canonicalData().text
        #expect(!text.contains("properties"))
    }

    @Test func detectionFindingsPassTheOCSFSchema() throws {
        let data = FindingDocument.render(Fixtures.all, format: .ocsf, context: context)
        let outcome = try Validator.run("ocsf", data)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func complianceFindingsPassTheOCSFSchema() throws {
        let data = FindingDocument.render(Fixtures.all, format: .ocsfCompliance, context: context)
        #expect(data.text.split(separator: "\n").count == 2 * 5 + 1, "s3-public (2 requirements) × 5, root-mfa × 1")
        let outcome = try Validator.run("ocsf-compliance", data)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func theValidatorRejectsAnEventWithoutClassUID() throws {
        guard case .object(var o) = OCSF.detectionFinding(Fixtures.failing, context: context) else {
            Issue.record("not an object")
            return
        }
        o.removeValue(forKey: "class_uid")
        let outcome = try Validator.run("ocsf", JSONValue.object(o).canonicalData() + Data("\n".utf8))
        #expect(!outcome.valid && outcome.output.contains("class_uid"), "\(outcome)")
        o["class_uid"] = 2004
        o["status_id"] = 7
        let badEnum = try Validator.run("ocsf", JSONValue.object(o).canonicalData() + Data("\n".utf8))
        #expect(!badEnum.valid && badEnum.output.contains("status_id"), "\(badEnum)")
    }
}
