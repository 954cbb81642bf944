import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Workflow automation through the real processes: a scan fires an e-mail into a real SMTP server (aiosmtpd) and
/// opens one ServiceNow incident per failing finding of a check (the contract server), a manual run repeats nothing,
/// an incident closed in ServiceNow ends the finding's governance assignment, and the weekly owner digest arrives.
@Suite(.serialized, .timeLimit(.minutes(15))) struct AutomationTests {
    static let check = "aws-s3-bucket-public-access-block"

    static func config(smtpPort: Int, serviceNowPort: Int) -> String {
        """
        smtp: { host: 127.0.0.1, port: \(smtpPort), from: palisade@example.com }
        ticketing:
          servicenow: { instance: "http://127.0.0.1:\(serviceNowPort)", user: palisade, password: { env: PALISADE_IT_SN_PASSWORD } }
          syncEvery: 2s
        automations:
          - name: high-findings-mail
            trigger: { on: [finding.new], minSeverity: high }
            batch: { window: 2s, max: 500 }
            actions:
              - email: { to: [secops@example.com], subject: "[Palisade] {count} new {severity} findings" }
          - name: public-buckets-to-servicenow
            trigger: { on: [finding.new, finding.reopened], checks: [\(check)] }
            actions:
              - ticket: { system: servicenow }
          - name: owner-digest
            trigger: { on: [schedule], cron: "0 8 * * 1" }
            actions:
              - email: { digest: governance-owners }
        """
    }

    static let rules = """
        rules:
          - id: everything
            priority: 10
            target: { minSeverity: informational }
            owner: { email: owner@example.com }
            remediationDays: 14
        """

    func history(_ stack: Stack, _ rule: String) throws -> [AutomationOutcome] {
        try stack.json([AutomationOutcome].self, ["automation", "history", rule, "--limit", "500"])
    }

    func waitFor(_ what: String, _ stack: Stack, minutes: Double = 5, _ done: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(minutes * 60)
        while Date() < deadline {
            if try await done() { return }
            try await Task.sleep(for: .milliseconds(400))
        }
        throw HarnessError("never: \(what)\n\((try? stack.cli(["automation", "history"]).stdout) ?? "")\n\(stack.logs())")
    }

    /// The messages aiosmtpd saved, as its `email` library parsed them.
    func mails(_ smtp: ScriptServer) throws -> [JSONValue] {
        let spool = smtp.directory.appendingPathComponent("spool")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONValue.parse(String(contentsOf: spool.appendingPathComponent($0), encoding: .utf8)) }
    }

    func incidents(_ serviceNow: ScriptServer) throws -> [JSONValue] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(serviceNow.port)/_control/incidents")!)
        return try JSONValue.parse(String(decoding: data, as: UTF8.self))["incidents"]?.arrayValue ?? []
    }

    @Test func aScanMailsOpensOneTicketPerFindingAndAClosedTicketEndsTheAssignment() async throws {
        let smtp = try await ScriptServer.start(script: "smtp_server.py")
        defer { smtp.stop() }
        let serviceNow = try await ScriptServer.start(script: "servicenow_server.py",
                                                      arguments: ["--user", "palisade", "--password", "it-sn-pass"])
        defer { serviceNow.stop() }
        let demo = try await Demo.start(config: { _ in Self.config(smtpPort: smtp.port, serviceNowPort: serviceNow.port) },
                                        environment: ["PALISADE_IT_SN_PASSWORD": "it-sn-pass"])
        defer { demo.stop() }
        let stack = demo.stack
        let rules = stack.home.appendingPathComponent("governance.yaml")
        try Self.rules.write(to: rules, atomically: true, encoding: .utf8)
        #expect(try stack.cli(["governance", "rules", "apply", rules.path]).status == 0)

        _ = try demo.scan()
        let findings = try demo.findings()
        let high = findings.filter { $0.status == .fail && $0.severity >= .high && $0.lifecycle == .new }
        let ticketed = findings.filter { $0.status == .fail && $0.checkID == Self.check }
        #expect(!high.isEmpty && !ticketed.isEmpty)

        // One e-mail for the batch of new high findings, listing them.
        try await waitFor("the e-mail about new high findings", stack) {
            try mails(smtp).contains { $0["subject"]?.stringValue?.contains("new") == true }
        }
        let mail = try #require(try mails(smtp).first { $0["subject"]?.stringValue?.contains("new") == true })
        #expect(mail["rcpt_tos"]?.arrayValue?.compactMap(\.stringValue) == ["secops@example.com"])
        let text = mail["text"]?.stringValue ?? ""
        #expect(high.allSatisfy { text.contains($0.resourceID) }, "the mail lists every new high finding: \(text.prefix(800))")

        // One incident per failing finding of the check, with its correlation id.
        try await waitFor("the ServiceNow incidents", stack) { try incidents(serviceNow).count >= ticketed.count }
        var open = try incidents(serviceNow)
        #expect(open.count == ticketed.count)
        #expect(Set(open.compactMap { $0["correlation_id"]?.stringValue }).count == ticketed.count)

        // A manual run on the same finding creates nothing new.
        let target = ticketed[0]
        let manual = try stack.cli(["automation", "run", "public-buckets-to-servicenow", "--finding", target.id])
        #expect(manual.status == 0, "\(manual.stdout)\n\(manual.stderr)")
        #expect(try incidents(serviceNow).count == ticketed.count, "no duplicate ticket")
        #expect(try history(stack, "public-buckets-to-servicenow").contains { $0.trigger == "manual" && $0.result == .succeeded })

        // Someone closes the incident in ServiceNow: the read-back ends the finding's governance assignment.
        open = try incidents(serviceNow)
        let incident = try #require(open.first)
        let sysID = try #require(incident["sys_id"]?.stringValue)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(serviceNow.port)/api/now/table/incident/\(sysID)")!)
        request.httpMethod = "PATCH"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Basic " + Data("palisade:it-sn-pass".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        request.httpBody = Data(#"{"state": "7", "close_code": "Solved (Permanently)", "close_notes": "fixed by hand"}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let bus = try #require(stack.bus)
        try await waitFor("the assignment of the closed ticket's finding is completed", stack) {
            let all = try await bus.call(GovernanceAssignmentsQuery(includeCompleted: true, limit: 5_000))
            return all.contains { a in a.state == .completed && ticketed.contains { $0.id == a.findingID } }
        }
        #expect(try history(stack, "ticket-sync").contains { $0.detail.contains("governance assignment ended") })

        // The weekly owner digest, run now: one e-mail to the owner listing the open items.
        let digest = try stack.cli(["automation", "run", "owner-digest"])
        #expect(digest.status == 0, "\(digest.stdout)\n\(digest.stderr)")
        let owners = try #require(try mails(smtp).first { $0["subject"]?.stringValue?.contains("Your security items") == true })
        #expect(owners["rcpt_tos"]?.arrayValue?.compactMap(\.stringValue) == ["owner@example.com"])
        #expect(owners["text"]?.stringValue?.contains(Self.check) == true)

        // Every outcome is listed by the CLI.
        let shown = try stack.cli(["automation", "history"])
        #expect(shown.status == 0 && shown.stdout.contains("high-findings-mail") && shown.stdout.contains("owner-digest"))
        let unknown = try stack.cli(["automation", "run", "no-such-rule", "--finding", target.id])
        #expect(unknown.status != 0 && unknown.stderr.contains("no automation named"))
    }
}
