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
    }
}
