import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct FindingCSVTests {
    let context = Fixtures.context

    @Test func aHeaderAndOneRowPerFinding() throws {
        let data = FindingDocument.render(Fixtures.all, format: .csv, context: context)
        let header = try #require(FindingDocument.header(.csv))
        #expect(data.text.hasPrefix(header.text))
        #expect(header.text.hasPrefix("id,check_id,title,severity,status,") && header.text.hasSuffix("\r\n"))
        let outcome = try Validator.run("csv", data)
        #expect(outcome.valid, "\(outcome)")
        #expect(FindingDocument.header(.ocsf) == nil && FindingDocument.header(.sarif) == nil)
    }

    @Test func formulaCellsAreNeutralised() throws {
        let line = try #require(FindingDocument.line(Fixtures.awkward, format: .csv, context: context)).text
        #expect(line.contains(",'=cmd|' /C calc'!A0,"), "the resource id cannot run as a formula")
        #expect(!line.contains(",=cmd"))
    }

    @Test func fieldsWithQuotesCommasAndLineBreaksAreQuoted() throws {
        let line = try #require(FindingDocument.line(Fixtures.awkward, format: .csv, context: context)).text
        #expect(line.contains("\"Port 22 | open = \"\"wide\"\" \\ to ] the\nworld\""))
        #expect(line.contains("\"ingress 0.0.0.0/0 on 22,\n\"\"ssh\"\" = open \\ ]\""))
        #expect(line.contains(",cis-aws-3.0:2.1.4 pci-dss-4.0:1.4.1,") == false, "sg-open maps to none")
        let s3 = try #require(FindingDocument.line(Fixtures.failing, format: .csv, context: context)).text
        #expect(s3.contains(",cis-aws-3.0:2.1.4 pci-dss-4.0:1.4.1,"))
    }

    @Test func theValidatorRejectsAFormulaCell() throws {
        let text = FindingDocument.header(.csv)!.text + "=1+1,b\r\n"
        let short = try Validator.run("csv", text)
        #expect(!short.valid && short.output.contains("fields"), "\(short)")
        let columns = FindingDocument.header(.csv)!.text.split(separator: ",").count
        let formula = FindingDocument.header(.csv)!.text + (["=1+1"] + Array(repeating: "x", count: columns - 1))
            .joined(separator: ",") + "\r\n"
        let outcome = try Validator.run("csv", formula)
        #expect(!outcome.valid && outcome.output.contains("formula"), "\(outcome)")
    }
}
