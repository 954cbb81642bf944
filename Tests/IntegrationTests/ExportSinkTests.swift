import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Continuous export through the real processes: a scan of the moto estate reaches a file, a real rsyslog over TCP
/// and a signed webhook that fails its first delivery — each from its own cursor, with its own filter — while a sink
/// whose receiver is down shows its error and holds up nobody. Killing the export service mid-delivery loses nothing.
@Suite(.serialized, .timeLimit(.minutes(15))) struct ExportSinkTests {
    static func config(archive: String, syslogPort: Int, hookPort: Int, deadPort: Int, moto: String) -> String {
        """
        sinks:
          - name: archive
            file: { path: \(archive), format: records }
          - name: siem
            syslog: { address: "tcp://127.0.0.1:\(syslogPort)", format: rfc5424 }
            batch: 20
            filter:
              - rules:
                  - { property: kind, operator: StartsWith, value: finding. }
                  - { property: severity, operator: GreaterThanOrEqual, value: high }
              - rules:
                  - { property: kind, operator: Equals, value: score.changed }
          - name: hooks
            webhook: { url: "http://127.0.0.1:\(hookPort)/flaky/1/hooks", secret: { env: PALISADE_IT_HOOK_SECRET }, maxAttempts: 5 }
            filter:
              - rules: [{ property: kind, operator: Equals, value: finding.new }]
          - name: nobody-home
            webhook: { url: "http://127.0.0.1:\(deadPort)/hook", maxAttempts: 100 }
          - name: hub
            securityhub: { region: us-east-1, profile: palisade-demo, endpoint: "\(moto)" }
        """
    }

    struct Line: Decodable {
        var key: String
        var kind: String
        var severity: String?
    }

    func sinks(_ stack: Stack) throws -> ExportSinksReply { try stack.json(ExportSinksReply.self, ["export", "sinks"]) }

    func waitFor(_ what: String, minutes: Double = 5, _ stack: Stack, _ done: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(minutes * 60)
        while Date() < deadline {
            if try done() { return }
            try await Task.sleep(for: .milliseconds(400))
        }
        throw HarnessError("never: \(what)\n\((try? stack.cli(["export", "sinks"]).stdout) ?? "")\n\(stack.logs())")
    }

    func records(_ url: URL) throws -> [Line] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
    }

    /// The `key` structured-data parameter of every message rsyslog wrote.
    func syslogKeys(_ output: String) -> [String] {
        guard let text = try? String(contentsOfFile: output, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: #"key=""#) else { return nil }
            let rest = line[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }
    }

    @Test func everySinkGetsItsChangesFromItsOwnCursorAndAKilledExportServiceLosesNothing() async throws {
        let rsyslog = try await ScriptServer.start(script: "rsyslog_receiver.py")
        defer { rsyslog.stop() }
        let hook = try await ScriptServer.start(script: "webhook_receiver.py", arguments: ["--secret", "it-hook-secret"])
        defer { hook.stop() }
        let info = try JSONValue.parse(String(contentsOf: rsyslog.directory.appendingPathComponent("port.json"), encoding: .utf8))
        let syslogOut = try #require(info["output"]?.stringValue)
        let deadPort = try ScriptServer.freePort()
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("pal-it-archive-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: archive) }

        let demo = try await Demo.start(config: { moto in
            Self.config(archive: archive.path, syslogPort: rsyslog.port, hookPort: hook.port, deadPort: deadPort, moto: moto)
        }, environment: ["PALISADE_IT_HOOK_SECRET": "it-hook-secret"])
        defer { demo.stop() }
        let stack = demo.stack

        // A scan, and the export service killed as soon as the first records reach the file.
        let scan = Process()
        scan.executableURL = Stack.binDir.appendingPathComponent("palisade")
        scan.arguments = ["scan", "aws", "--profile", "palisade-demo", "--region", "us-east-1", "--endpoint", demo.moto.endpoint]
        scan.environment = stack.environment
        scan.standardOutput = FileHandle.nullDevice
        scan.standardError = FileHandle.nullDevice
        try scan.run()
        let exportBefore = try #require(try await stack.pid(of: "palisade-export"))
        try await waitFor("the first records in the file", stack) { try !records(archive).isEmpty }
        #expect(kill(exportBefore, SIGKILL) == 0)
        scan.waitUntilExit()
        #expect(scan.terminationStatus == 0, "the scan finishes although the export service was killed")
        let restartDeadline = Date().addingTimeInterval(120)
        var exportAfter: Int32?
        while Date() < restartDeadline {
            exportAfter = try? await stack.pid(of: "palisade-export")
            if let p = exportAfter, p != exportBefore, processIsAlive(p) { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(exportAfter != nil && exportAfter != exportBefore, "the supervisor restarted palisade-export")

        let findings = try demo.findings()
        try await waitFor("archive, siem and hooks caught up", stack) {
            let s = try sinks(stack).sinks.filter { $0.name != "nobody-home" }
            let paths = try records(archive).filter { $0.kind == "attackpath.new" }.count
            return s.count == 4 && s.allSatisfy { $0.lag == 0 } && paths > 0
        }

        // The file: every change exactly once, findings and the other kinds.
        let lines = try records(archive)
        #expect(Set(lines.map(\.key)).count == lines.count, "a key appears twice in the file sink")
        let findingKeys = Set(findings.map { "finding/\($0.id)/v\($0.version)" })
        #expect(findingKeys.isSubset(of: Set(lines.map(\.key))), "every finding's current version was exported")
        for kind in ["finding.new", "score.changed", "compliance.changed", "attackpath.new"] {
            #expect(lines.contains { $0.kind == kind }, "no \(kind) record")
        }

        // rsyslog: exactly the records the filter takes (a redelivery after the kill repeats a key, never loses one).
        let wanted = Set(lines.filter {
            ($0.kind.hasPrefix("finding.") && ["high", "critical"].contains($0.severity ?? "")) || $0.kind == "score.changed"
        }.map(\.key))
        try await waitFor("rsyslog wrote every message", stack) { Set(syslogKeys(syslogOut)) == wanted }
        let received = syslogKeys(syslogOut)
        #expect(received.count - Set(received).count <= 20, "at most the batch in flight at the kill is repeated")

        // The webhook: failed once (500), retried under the same delivery id, signed, every finding.new delivered.
        let requests = try String(contentsOf: hook.directory.appendingPathComponent("requests.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(requests.first?["status"]?.intValue == 500)
        #expect(requests.allSatisfy { $0["valid"]?.boolValue == true }, "every request carries a valid signature")
        let firstID = requests.first?["headers"]?["X-Palisade-Delivery"]?.stringValue
        #expect(firstID != nil && requests.dropFirst().contains { $0["headers"]?["X-Palisade-Delivery"]?.stringValue == firstID })
        var hooked = Set<String>()
        for r in requests where r["status"]?.intValue == 200 {
            let body = try JSONValue.parse(r["body"]?.stringValue ?? "")
            for rec in body["records"]?.arrayValue ?? [] { if let k = rec["key"]?.stringValue { hooked.insert(k) } }
        }
        #expect(hooked == Set(lines.filter { $0.kind == "finding.new" }.map(\.key)))

        // Security Hub (moto's, through the AWS connector): exactly the failing findings, once each.
        let bus = try #require(stack.bus)
        let imported = try await bus.call(SecurityHubFindingsQuery(region: "us-east-1", profile: "palisade-demo",
                                                                   endpoint: demo.moto.endpoint), timeout: .seconds(60))
        let failing = Set(findings.filter { $0.status == .fail }.map(\.id))
        #expect(imported.count == failing.count && Set(imported.compactMap { $0["Id"]?.stringValue }) == failing,
                "\(imported.count) imported, \(failing.count) failing")

        // The sink nobody listens to: its error is shown, it keeps its place, and it held up no one.
        let dead = try #require(try sinks(stack).sinks.first { $0.name == "nobody-home" })
        #expect(dead.lastError != nil && dead.attempts >= 1 && dead.delivered == 0 && dead.lag > 0, "\(dead)")
        let shown = try stack.cli(["export", "sinks"])
        #expect(shown.status == 0 && shown.stdout.contains("nobody-home") && shown.stdout.contains("archive"), "\(shown.stdout)")
    }

    @Test func aBadSinkOrAutomationIsRefusedWhereItIsWrongAndNothingStarts() async throws {
        let stack = try Stack()
        defer { stack.cleanUp() }
        let file = stack.home.appendingPathComponent("bad.yaml")
        try """
            sinks:
              - name: siem
                syslog: { address: "tcp://127.0.0.1:6514" }
            automations:
              - name: mail-me
                trigger: { on: [finding.new] }
                actions:
                  - email: { to: [secops@example.com] }
            """.write(to: file, atomically: true, encoding: .utf8)
        let checked = try stack.cli(["export", "check", file.path])
        #expect(checked.status == 2, "\(checked.stdout)\n\(checked.stderr)")
        #expect(checked.stderr.contains("bad.yaml:5") && checked.stderr.contains("no 'smtp:' section"), "\(checked.stderr)")
        try """
            sinks:
              - name: siem
                syslog: { address: "tcp://127.0.0.1", format: rfc5424 }
            """.write(to: file, atomically: true, encoding: .utf8)
        let up = try stack.cli(["up", "--config", file.path, "--wait", "60"])
        #expect(up.status != 0)
        #expect(up.stderr.contains("bad.yaml:3:") && up.stderr.contains("not a syslog address"), "\(up.stderr)")
        let status = try stack.cli(["status"])
        #expect(status.status != 0, "nothing was started: \(status.stdout)")
        let good = stack.home.appendingPathComponent("good.yaml")
        try "sinks:\n  - name: archive\n    file: { path: /tmp/palisade-it-archive.jsonl }\n"
            .write(to: good, atomically: true, encoding: .utf8)
        let ok = try stack.cli(["export", "check", good.path])
        #expect(ok.status == 0 && ok.stdout.contains("1 sink(s), 0 automation(s) OK"), "\(ok.stdout)\(ok.stderr)")
    }
}
