import ExportCore
import Foundation
import PalisadeExport
import PalisadeModel
import Testing

@Suite struct Syslog5424Tests {
    let context = Fixtures.context

    func message(_ r: ExportRecord, _ body: Syslog5424.Body = .json, hostname: String = "palisade-1.example.com",
                 facility: Int = 13) -> String {
        Syslog5424.message(r, body: body, hostname: hostname, procID: "4242", facility: facility, context: context)
    }

    @Test func headerAndStructuredData() {
        let m = message(Fixtures.records[0])
        #expect(m.hasPrefix("<107>1 2023-11-14T22:21:40.000Z palisade-1.example.com palisade 4242 finding.new "),
                "13 × 8 + 3 (high → error)")
        #expect(m.contains("[palisade@32473 key=\"finding/aws/123456789012/eu-west-1/s3-public/arn:aws:s3:::bucket-1/v2\" kind=\"finding.new\" account=\"123456789012\" severity=\"high\" check=\"s3-public\" resource=\"arn:aws:s3:::bucket-1\"] {"))
    }

    @Test(arguments: [(Severity?.some(.critical), 106), (.high, 107), (.medium, 108), (.low, 109), (.informational, 110),
                      (nil, 110)])
    func priority(severity: Severity?, pri: Int) {
        var r = Fixtures.records[7]
        r.severity = severity
        #expect(message(r).hasPrefix("<\(pri)>1 "))
    }

    @Test func theFacilityIsTheCallersChoice() {
        #expect(message(Fixtures.records[0], facility: 16).hasPrefix("<131>1 "), "local0")
    }

    @Test func parameterValuesAndHeaderFieldsAreEscaped() {
        var r = Fixtures.records[5]
        r.key = "k\"e\\y]"
        let m = message(r, hostname: "bad host\u{e9}")
        #expect(m.contains(" bad_host_ palisade "))
        #expect(m.contains("key=\"k\\\"e\\\\y\\]\""))
        #expect(!m.contains("\n"))
        #expect(message(r, hostname: "").contains("Z - palisade "), "an empty hostname is NILVALUE")
        #expect(message(r, hostname: String(repeating: "h", count: 300)).contains(" \(String(repeating: "h", count: 255)) palisade "))
    }

    @Test func theJSONBodyIsTheRecord() throws {
        let m = message(Fixtures.records[0])
        let start = try #require(m.range(of: "] {")).lowerBound
        let body = try JSONText.parse(String(m[m.index(start, offsetBy: 2)...]))
        #expect(body["key"] == .string(Fixtures.records[0].key) && body["kind"] == "finding.new")
        #expect(body["finding"]?["checkID"] == "s3-public")
        #expect(body["time"] == "2023-11-14T22:21:40.000Z")
    }

    @Test(arguments: [Syslog5424.Body.json, .cef])
    func everyRecordPassesTheRFC5424Parser(body: Syslog5424.Body) throws {
        let text = Fixtures.records.map { message($0, body) + "\n" }.joined()
        let outcome = try Validator.run("syslog", text)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func theValidatorRejectsAnUnescapedBracket() throws {
        let outcome = try Validator.run("syslog", "<110>1 2023-11-14T22:21:40.000Z h palisade 1 x [palisade@32473 k=\"a]b\"] {}\n")
        #expect(!outcome.valid, "\(outcome)")
        let space = try Validator.run("syslog", "<110>1 2023-11-14T22:21:40.000Z bad host palisade 1 x - CEF:0|a|b|c|d|e|1|\n")
        #expect(!space.valid, "\(space)")
    }
}
