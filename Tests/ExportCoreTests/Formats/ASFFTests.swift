import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct ASFFTests {
    let context = Fixtures.context

    @Test func aFailingFindingIsActiveAndNew() throws {
        let a = ASFF.finding(Fixtures.failing, context: context)
        #expect(a["SchemaVersion"] == "2018-10-08")
        #expect(a["Id"] == .string(Fixtures.failing.id), "stable: re-importing updates the same finding")
        #expect(a["ProductArn"] == "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default")
        #expect(a["GeneratorId"] == "s3-public" && a["AwsAccountId"] == "123456789012")
        #expect(a["Types"]?[0] == "Software and Configuration Checks/AWS Security Best Practices")
        #expect(a["Types"]?.arrayValue?.contains("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark") == true)
        #expect(a["Compliance"]?["Status"] == "FAILED" && a["Workflow"]?["Status"] == "NEW")
        #expect(a["RecordState"] == "ACTIVE" && a["Severity"]?["Label"] == "HIGH")
        let r = try #require(a["Resources"]?[0])
        #expect(r["Type"] == "AwsS3Bucket" && r["Id"] == "arn:aws:s3:::bucket-1" && r["Partition"] == "aws")
        #expect(r["Region"] == "eu-west-1")
        #expect(a["CreatedAt"] == "2023-11-14T22:13:20.250Z" && a["UpdatedAt"] == "2023-11-14T22:21:40.000Z")
        #expect(a["Remediation"]?["Recommendation"]?["Text"] == "Remove the public statement.")
        #expect(a["Remediation"]?["Recommendation"]?["Url"] == "https://example.com/checks/s3-public")
        #expect(a["Compliance"]?["RelatedRequirements"] == ["cis-aws-3.0:2.1.4", "pci-dss-4.0:1.4.1"])
    }

    @Test func aResolvedFindingIsArchived() {
        let a = ASFF.finding(Fixtures.resolved, context: context)
        #expect(a["RecordState"] == "ARCHIVED")
        #expect(a["Workflow"]?["Status"] == "RESOLVED" && a["Compliance"]?["Status"] == "PASSED")
    }

    @Test func statusesMap() {
        let muted = ASFF.finding(Fixtures.muted, context: context)
        #expect(muted["Workflow"]?["Status"] == "SUPPRESSED" && muted["RecordState"] == "ACTIVE")
        #expect(muted["Compliance"]?["Status"] == "FAILED", "a muted finding keeps the result its check gave")
        #expect(ASFF.finding(Fixtures.error, context: context)["Compliance"]?["Status"] == "WARNING")
        let na = ASFF.finding(Fixtures.notApplicable, context: context)
        #expect(na["Compliance"]?["Status"] == "NOT_AVAILABLE" && na["RecordState"] == "ARCHIVED")
        #expect(ASFF.finding(Fixtures.globalRoot, context: context)["Severity"]?["Label"] == "CRITICAL")
        #expect(ASFF.finding(Fixtures.error, context: context)["Severity"]?["Label"] == "INFORMATIONAL")
    }

    @Test func aGlobalResourceIsFiledUnderUsEast1() {
        let a = ASFF.finding(Fixtures.globalRoot, context: context)
        #expect(a["ProductArn"] == "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default")
        #expect(a["Resources"]?[0]?["Region"] == "us-east-1" && a["Resources"]?[0]?["Type"] == "AwsAccount")
        #expect(ASFF.finding(Fixtures.unknownCheck, context: context)["Resources"]?[0]?["Type"] == "Other")
    }

    @Test func longTextIsCutToSecurityHubsLimits() {
        var f = Fixtures.unknownCheck
        f.remediation = String(repeating: "r", count: 2000)
        f.reason = String(repeating: "d", count: 3000)
        let a = ASFF.finding(f, context: context)
        #expect(a["Remediation"]?["Recommendation"]?["Text"]?.stringValue?.count == 512)
        #expect(a["Description"]?.stringValue?.count == 1024)
    }

    @Test func findingsPassBotocoresSecurityHubModel() throws {
        let outcome = try Validator.run("asff", FindingDocument.render(Fixtures.all, format: .asff, context: context))
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func theValidatorRejectsAnUnknownWorkflowStatus() throws {
        guard case .object(var o) = ASFF.finding(Fixtures.failing, context: context) else { return }
        o["Workflow"] = ["Status": "OPEN"]
        let outcome = try Validator.run("asff", JSONValue.object(o).canonicalData() + Data("\n".utf8))
        #expect(!outcome.valid && outcome.output.contains("Workflow.Status"), "\(outcome)")
        o.removeValue(forKey: "Workflow")
        o.removeValue(forKey: "Title")
        let missing = try Validator.run("asff", JSONValue.object(o).canonicalData() + Data("\n".utf8))
        #expect(!missing.valid && missing.output.contains("Title"), "\(missing)")
    }
}
