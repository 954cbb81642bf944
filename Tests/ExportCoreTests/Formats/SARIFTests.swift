import ExportCore
import Foundation
import PalisadeModel
import Testing

@Suite struct SARIFTests {
    let context = Fixtures.context

    func document() throws -> JSONValue {
        try JSONText.parse(FindingDocument.render(Fixtures.all, format: .sarif, context: context))
    }

    @Test func onlyFailingUnmutedFindingsAreResults() throws {
        let run = try #require(try document()["runs"]?[0])
        let results = try #require(run["results"]?.arrayValue)
        let expected = [Fixtures.failing, Fixtures.globalRoot, Fixtures.awkward, Fixtures.unknownCheck]
        #expect(results.map { $0["partialFingerprints"]?["palisadeFindingId/v1"] } == expected.map { .string($0.id) },
                "not the passing, muted, error or not-applicable ones")
        #expect(results[0]["level"] == "error" && results[2]["level"] == "warning" && results[3]["level"] == "note")
        #expect(results[0]["locations"]?[0]?["logicalLocations"]?[0]?["name"] == "arn:aws:s3:::bucket-1")
        #expect(results[0]["message"]?["text"] == "S3 bucket allows public access: policy grants s3:GetObject to *")
    }

    @Test func oneRulePerCheckWithHelpAndSecuritySeverity() throws {
        let driver = try #require(try document()["runs"]?[0]?["tool"]?["driver"])
        let rules = try #require(driver["rules"]?.arrayValue)
        #expect(rules.map { $0["id"] } == ["custom-check", "root-mfa", "s3-public", "sg-open"])
        let s3 = rules[2]
        #expect(s3["help"]?["text"] == "Remove the public statement.")
        #expect(s3["helpUri"] == "https://example.com/checks/s3-public")
        #expect(s3["fullDescription"]?["text"] == "A public bucket exposes its objects to anyone on the internet.")
        #expect(rules.map { $0["properties"]?["security-severity"] } == ["2.0", "9.0", "7.0", "4.0"])
        let results = try #require(try document()["runs"]?[0]?["results"]?.arrayValue)
        for r in results { #expect(rules[r["ruleIndex"]!.intValue!]["id"] == r["ruleId"]) }
        #expect(driver["name"] == "Palisade" && driver["version"] == "0.13.0")
    }

    @Test func securitySeverityPerSeverity() throws {
        let findings = Severity.allCases.enumerated().map { i, s in
            Fixtures.make(i, check: "check-\(s.rawValue)", status: .fail, lifecycle: .new, severity: s)
        }
        let doc = try JSONText.parse(FindingDocument.render(findings, format: .sarif, context: .empty))
        let bySeverity = Dictionary(uniqueKeysWithValues: (doc["runs"]?[0]?["tool"]?["driver"]?["rules"]?.arrayValue ?? [])
            .map { ($0["id"]!.stringValue!, $0["properties"]!["security-severity"]!.stringValue!) })
        #expect(bySeverity == ["check-critical": "9.0", "check-high": "7.0", "check-medium": "4.0", "check-low": "2.0",
                               "check-informational": "0.0"])
    }

    @Test func aLogWithNoFailuresIsStillValid() throws {
        let data = FindingDocument.render([Fixtures.resolved, Fixtures.muted], format: .sarif, context: context)
        #expect(try JSONText.parse(data)["runs"]?[0]?["results"] == [])
        let outcome = try Validator.run("sarif", data)
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func passesTheSARIFSchema() throws {
        let outcome = try Validator.run("sarif", FindingDocument.render(Fixtures.all, format: .sarif, context: context))
        #expect(outcome.valid, "\(outcome)")
    }

    @Test func theValidatorRejectsAResultWithABadLevel() throws {
        let text = FindingDocument.render(Fixtures.all, format: .sarif, context: context).text
            .replacingOccurrences(of: "\"level\":\"warning\"", with: "\"level\":\"severe\"")
        let outcome = try Validator.run("sarif", text)
        #expect(!outcome.valid && outcome.output.contains("severe"), "\(outcome)")
    }
}
