import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct OCSFMapperTests {
    @Test func detectionFindingHasEveryRequiredAttributeWithTheRightType() throws {
        let o = OCSFMapper.detectionFinding(finding(1, lifecycle: .new))
        // Base event (required in OCSF 1.1.0): class, category, activity, type, severity, time, metadata.
        #expect(o["class_uid"] == .number(2004))
        #expect(o["category_uid"] == .number(2))
        #expect(o["activity_id"] == .number(1) && o["activity_name"] == "Create")
        #expect(o["type_uid"] == .number(200401))
        #expect(o["severity_id"] == .number(4) && o["severity"] == "High")
        #expect(o["time"] == .number(1_700_000_500_000), "OCSF timestamps are epoch milliseconds")
        #expect(o["metadata"]?["version"] == "1.1.0")
        #expect(o["metadata"]?["product"]?["name"] == "Palisade")
        #expect(o["metadata"]?["product"]?["vendor_name"]?.stringValue?.isEmpty == false)
        // Finding class: finding_info with uid (required) and title.
        let info = try #require(o["finding_info"])
        #expect(info["uid"] == .string(finding(1).id))
        #expect(info["title"] == "S3 bucket allows public access")
        #expect(info["desc"] == "policy grants s3:GetObject to *")
        #expect(info["first_seen_time"] == .number(1_700_000_000_000))
        #expect(info["last_seen_time"] == .number(1_700_000_500_000))
        // Context.
        #expect(o["status_id"] == .number(1) && o["status"] == "New")
        let resource = try #require(o["resources"]?[0])
        #expect(resource["uid"] == "arn:aws:s3:::bucket-1" && resource["type"] == "aws.s3.bucket")
        #expect(resource["region"] == "eu-west-1")
        #expect(o["cloud"]?["provider"] == "AWS")
        #expect(o["cloud"]?["account"]?["uid"] == "123456789012")
        #expect(o["cloud"]?["region"] == "eu-west-1")
        #expect(o["remediation"]?["desc"] == "Remove the public statement.")
        #expect(o["unmapped"]?["check_id"] == "s3-public")
    }

    @Test(arguments: [(Severity.informational, 1), (.low, 2), (.medium, 3), (.high, 4), (.critical, 5)])
    func severitiesMap(severity: Severity, id: Int) {
        #expect(OCSFMapper.detectionFinding(finding(1, severity: severity))["severity_id"] == .number(Double(id)))
    }

    @Test func statusAndActivityFollowTheFinding() {
        let resolved = OCSFMapper.detectionFinding(finding(1, status: .pass, lifecycle: .resolved))
        #expect(resolved["activity_id"] == .number(3) && resolved["type_uid"] == .number(200403))
        #expect(resolved["status_id"] == .number(4))
        let muted = OCSFMapper.detectionFinding(finding(1, status: .muted, lifecycle: .persisting))
        #expect(muted["activity_id"] == .number(2) && muted["status_id"] == .number(3))
        let error = OCSFMapper.detectionFinding(finding(1, status: .error))
        #expect(error["status_id"] == .number(99) && error["status"] == "Error")
    }

    @Test func onlyNamedFieldsAreExported() throws {
        let text = String(decoding: OCSFMapper.detectionFinding(finding(1)).canonicalData(), as: UTF8.self)
        #expect(!text.contains("properties"))
        let keys = Set(OCSFMapper.detectionFinding(finding(1)).objectValue!.keys)
        #expect(keys.isSuperset(of: ["class_uid", "category_uid", "activity_id", "type_uid", "severity_id", "time",
                                     "metadata", "finding_info"]))
    }
}
