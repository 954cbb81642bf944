import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// The compliance dashboard over a real scan of the seeded moto account.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ComplianceTests {
    @Test func theDashboardShowsEveryStandardAndTheFailingResourcesBehindARequirement() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        let scan = try demo.scan()
        let report = try demo.stack.json(ComplianceReport.self, ["compliance"])
        #expect(report.account == scan.scan.account)
        #expect(Set(report.standards.map(\.standardID)).isSuperset(of: ["cis-aws-3.0", "aws-fsbp", "nist-800-53-r5"]))
        let cis = try #require(report.standards.first { $0.standardID == "cis-aws-3.0" })
        #expect(cis.count(.failed) > 0 && cis.count(.passed) > 0 && cis.count(.manual) > 0)

        // Each failed requirement names a failing check, whose failing resources are the account's fail findings.
        let findings = try demo.findings()
        let show = try demo.stack.json(ComplianceReport.self, ["compliance", "show", "cis-aws-3.0", "--failed"])
        let failed = try #require(show.standards.first?.requirements)
        #expect(!failed.isEmpty && failed.allSatisfy { $0.state == .failed })
        for req in failed {
            let failing = req.checks.filter { ($0.counts[.fail] ?? 0) > 0 }
            #expect(!failing.isEmpty, "\(req.id)")
            for c in failing {
                let expected = Set(findings.filter { $0.checkID == c.checkID && $0.status == .fail }.map(\.resourceID))
                #expect(Set(show.failingResources[c.checkID] ?? []).isSubset(of: expected))
                #expect(show.failingTotals[c.checkID] == expected.count)
            }
        }
        let text = try demo.stack.cli(["compliance", "show", "cis-aws-3.0", "--failed"])
        #expect(text.status == 0 && text.stdout.contains("[failed]") && text.stdout.contains("✗"), "\(text.stdout)")
        let table = try demo.stack.cli(["compliance"])
        #expect(table.status == 0 && table.stdout.contains("cis-aws-3.0"), "\(table.stdout)")
        let unknown = try demo.stack.cli(["compliance", "show", "cis-aws-9"])
        #expect(unknown.status == 70 && unknown.stderr.contains("no standard 'cis-aws-9'"), "\(unknown.stderr)")

        // The sealed scan is in the compliance history.
        let history = try demo.stack.json([ComplianceHistoryPoint].self, ["compliance", "history", "cis-aws-3.0"])
        #expect(history.map(\.scanID) == [scan.scan.scanID])
        #expect(history.first?.counts[.failed] == cis.count(.failed))
    }

    @Test func attestationsReportsAndStandardsPerAccount() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        _ = try demo.scan()
        let before = try demo.stack.json(ComplianceReport.self, ["compliance", "show", "cis-aws-3.0"])
        let manual = try #require(before.standards.first?.requirements.first { $0.state == .manual })

        // A manual requirement takes an attestation with evidence and an expiry; an automated one refuses it.
        let ok = try demo.stack.cli(["compliance", "attest", "cis-aws-3.0", manual.id, "--status", "passed",
                                     "--evidence", "https://wiki.example.com/cis/\(manual.id)", "--by", "Ana Auditor",
                                     "--expires", "2099-01-01"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let automated = try #require(before.standards.first?.requirements.first { $0.state == .failed })
        let refused = try demo.stack.cli(["compliance", "attest", "cis-aws-3.0", automated.id, "--status", "passed",
                                          "--evidence", "https://x.example.com", "--by", "Ana", "--expires", "2099-01-01"])
        #expect(refused.status == 70 && refused.stderr.contains("only manual requirements"), "\(refused.stderr)")
        let badDate = try demo.stack.cli(["compliance", "attest", "cis-aws-3.0", manual.id, "--status", "passed",
                                          "--evidence", "https://x.example.com", "--by", "Ana", "--expires", "soon"])
        #expect(badDate.status == 64 && badDate.stderr.contains("YYYY-MM-DD"), "\(badDate.stderr)")

        let after = try demo.stack.json(ComplianceReport.self, ["compliance", "show", "cis-aws-3.0"])
        let attested = try #require(after.standards.first?.requirements.first { $0.id == manual.id })
        #expect(attested.state == .passed && attested.attestation?.attestedBy == "Ana Auditor")

        // The auditor's report: one row per requirement, with the evidence and the failing resources.
        let csvURL = demo.stack.home.appendingPathComponent("cis.csv")
        let jsonURL = demo.stack.home.appendingPathComponent("cis.json")
        let csv = try demo.stack.cli(["compliance", "report", "cis-aws-3.0", "--format", "csv", "--out", csvURL.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        let text = try String(contentsOf: csvURL, encoding: .utf8)
        #expect(text.hasPrefix("standard,requirement,title,section,state,evidence,checks,failing resources"))
        #expect(text.contains("Ana Auditor") && text.contains("https://wiki.example.com/cis/\(manual.id)"))
        #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count >= after.standards[0].requirements.count + 1)
        let json = try demo.stack.cli(["compliance", "report", "cis-aws-3.0", "--format", "json", "--out", jsonURL.path])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try JSONValue.parse(String(contentsOf: jsonURL, encoding: .utf8))
        #expect(doc["requirements"]?.arrayValue?.count == after.standards[0].requirements.count)
        let nowhere = try demo.stack.cli(["compliance", "report", "cis-aws-3.0", "--format", "csv", "--out", "/nonexistent/dir/r.csv"])
        #expect(nowhere.status == 64 && nowhere.stderr.contains("does not exist"), "\(nowhere.stderr)")

        // Switched off for the account: gone from the dashboard until switched on again.
        #expect(try demo.stack.cli(["compliance", "disable", "aws-fsbp"]).status == 0)
        let without = try demo.stack.json(ComplianceReport.self, ["compliance"])
        #expect(!without.standards.contains { $0.standardID == "aws-fsbp" })
        #expect(try demo.stack.cli(["compliance", "enable", "aws-fsbp"]).status == 0)
        #expect(try demo.stack.json(ComplianceReport.self, ["compliance"]).standards.contains { $0.standardID == "aws-fsbp" })
    }
}
