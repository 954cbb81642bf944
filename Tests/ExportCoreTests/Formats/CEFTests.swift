import ExportCore
import Foundation
import PalisadeExport
import PalisadeModel
import Testing

@Suite struct CEFTests {
    let context = Fixtures.context

    @Test func aFindingRecordsHeaderAndExtension() {
        let line = CEF.message(Fixtures.records[0], context: context)
        #expect(line.hasPrefix("CEF:0|Palisade|Palisade|0.13.0|s3-public|S3 bucket allows public access|8|rt=1700000500000 "))
        #expect(line.contains(" cs1Label=key cs1=finding/aws/123456789012/eu-west-1/s3-public/arn:aws:s3:::bucket-1/v2 "))
        #expect(line.contains(" cs2Label=kind cs2=finding.new act=new "))
        #expect(line.contains(" duid=123456789012 "))
        #expect(line.contains(" cs3Label=resource cs3=arn:aws:s3:::bucket-1 "))
        #expect(line.contains(" outcome=fail msg=policy grants s3:GetObject to *"))
    }

    @Test func headerAndExtensionAreEscaped() {
        let line = CEF.message(Fixtures.records[5], context: context)
        #expect(line.contains("|sg-open|Port 22 \\| open = \"wide\" \\\\ to ] the world|5|"), "\(line)")
        #expect(line.contains("msg=ingress 0.0.0.0/0 on 22,\\n\"ssh\" \\= open \\\\ ]"), "\(line)")
        #expect(line.contains("cs3==cmd|' /C calc'!A0") == false && line.contains("cs3=\\=cmd|' /C calc'!A0"))
        #expect(!line.contains("\n"))
    }

    @Test(arguments: [(Severity.informational, 1), (.low, 3), (.medium, 5), (.high, 8), (.critical, 10)])
    func severities(severity: Severity, cef: Int) {
        var r = Fixtures.records[0]
        r.severity = severity
        #expect(CEF.message(r, context: context).contains("|\(cef)|rt="))
    }

    @Test func recordsWithoutAFindingUseTheirKind() {
        let score = CEF.message(Fixtures.records[7], context: context)
        #expect(score.hasPrefix("CEF:0|Palisade|Palisade|0.13.0|score.changed|Secure score 71.2 % → 64.0 %|1|"))
        #expect(!score.contains("71.2,") && !score.contains("before"), "a record's data is not sent")
        let governance = CEF.message(Fixtures.records[8], context: context)
        #expect(governance.contains(" act=assigned suser=ops@example.com "))
    }

    @Test func everyRecordPassesTheCEFParser() throws {
        let text = Fixtures.records.map { CEF.message($0, context: context) + "\n" }.joined()
        let outcome = try Validator.run("cef", text)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func anUntitledRecordStillHasAName() throws {
        var r = Fixtures.records[7]
        r.title = " "
        let line = CEF.message(r, context: context)
        #expect(line.contains("|score.changed|score.changed|1|"))
        let outcome = try Validator.run("cef", line + "\n")
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func theValidatorRejectsAnUnescapedEquals() throws {
        let outcome = try Validator.run("cef", "CEF:0|Palisade|Palisade|1|x|y|5|msg=a=b c\n")
        #expect(!outcome.valid, "\(outcome)")
        let pipe = try Validator.run("cef", "CEF:0|Palisade|Palisade|1|x|a|b|5|rt=1\n")
        #expect(!pipe.valid && pipe.output.contains("Severity"), "\(pipe)")
    }
}
