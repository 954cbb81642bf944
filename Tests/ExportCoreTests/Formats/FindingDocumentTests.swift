import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct FindingDocumentTests {
    let context = Fixtures.context

    @Test func formatsNameThemselves() {
        #expect(FindingFormat.allCases.map(\.rawValue) == ["jsonl", "ocsf", "ocsf-compliance", "asff", "sarif", "csv"])
        #expect(FindingFormat.allCases.filter { !$0.isLineFormat } == [.sarif])
        #expect(FindingFormat.allCases.map(\.fileExtension)
                == ["jsonl", "ocsf.jsonl", "ocsf-compliance.jsonl", "asff.jsonl", "sarif", "csv"])
    }

    @Test(arguments: FindingFormat.allCases)
    func everyFormatPassesItsValidator(format: FindingFormat) throws {
        let data = FindingDocument.render(Fixtures.all, format: format, context: context)
        let outcome = try Validator.run(format.rawValue, data)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test(arguments: FindingFormat.allCases.filter(\.isLineFormat))
    func aWholeFileIsTheHeaderAndTheLines(format: FindingFormat) {
        var appended = FindingDocument.header(format) ?? Data()
        for f in Fixtures.all { appended += FindingDocument.line(f, format: format, context: context) ?? Data() }
        #expect(FindingDocument.render(Fixtures.all, format: format, context: context) == appended)
        for f in Fixtures.all { #expect(FindingDocument.line(f, format: format, context: context)?.last ?? 10 == 10) }
    }

    @Test func sarifHasNoLines() {
        #expect(FindingDocument.line(Fixtures.failing, format: .sarif, context: context) == nil)
    }

    @Test func jsonlIsTheFindingObject() throws {
        let line = try #require(FindingDocument.line(Fixtures.failing, format: .jsonl, context: context))
        let decoded = try JSONDecoder.iso8601().decode(Finding.self, from: line)
        #expect(decoded.id == Fixtures.failing.id && decoded.status == .fail)
    }

    @Test func recordsAsJSON() throws {
        let text = Fixtures.records.map { RecordJSON.object($0, context: context).canonicalData().text + "\n" }.joined()
        let outcome = try Validator.run("record", text)
        #expect(outcome.valid, "\(outcome)")
        let score = RecordJSON.object(Fixtures.records[7], context: context)
        #expect(score["severity"] == nil && score["finding"] == nil && score["data"]?["after"] == 64)
        let ocsf = RecordJSON.object(Fixtures.records[0], context: context, ocsf: true)
        #expect(ocsf["finding"]?["class_uid"] == 2004 && ocsf["severity"] == "high")
    }

    @Test func theBuiltInCatalogHasEveryCheckWithItsRequirements() throws {
        let builtIn = try FormatContext.builtIn()
        #expect(builtIn.checks.count >= 180)
        let support = try #require(builtIn.check("aws-account-support-role"))
        #expect(support.severity == .low && !support.remediation.isEmpty && !support.description.isEmpty)
        #expect(support.requirements.map(\.reference)
                == ["cis-aws-3.0:1.17", "pci-dss-4.0:12.10.3", "iso-27001-2022:A.5.24", "soc2:CC7.4"])
        #expect(support.requirements[0].standardVersion == "3.0.0" && support.requirements[0].title != nil)
    }

    @Test func builtInChecksExportValidComplianceFindings() throws {
        let builtIn = try FormatContext.builtIn()
        var f = Fixtures.globalRoot
        f.checkID = "aws-account-support-role"
        let data = try #require(FindingDocument.line(f, format: .ocsfCompliance, context: builtIn))
        #expect(data.text.split(separator: "\n").count == 4)
        let outcome = try Validator.run("ocsf-compliance", data)
        #expect(outcome.valid, "\(outcome)")
        let asff = try Validator.run("asff", FindingDocument.render([f], format: .asff, context: builtIn))
        #expect(asff.valid, "\(asff)")
    }
}

extension JSONDecoder {
    static func iso8601() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
