import Foundation
import PalisadeExport
import PalisadeModel
import PalisadeSchedule
import Testing

@Suite struct SinkConfigTests {
    static let good = """
        bus: true
        schedules: []
        sinks:
          - name: archive
            file: { path: /var/lib/palisade/changes.jsonl, format: records, rotate: { size: 10MB, every: 1d, keep: 3 } }
            snapshot: { every: 7d }
          - name: siem
            syslog: { address: "tls://siem.example.com:6514", format: cef, ca: /etc/ca.pem }
            filter:
              - rules:
                  - { property: kind, operator: StartsWith, value: finding. }
                  - { property: severity, operator: GreaterThanOrEqual, value: high }
              - rules:
                  - { property: kind, operator: Equals, value: score.changed }
          - name: hooks
            webhook: { url: "https://hooks.example.com/x", secret: { env: HOOK_SECRET }, maxAttempts: 3 }
            batch: 25
          - name: hub
            securityhub: { region: us-east-1 }
        smtp: { host: mail.example.com, from: palisade@example.com, username: palisade, password: { file: /etc/palisade/smtp } }
        ticketing:
          servicenow: { instance: "https://acme.service-now.com", user: palisade, password: { env: SN_PASSWORD } }
          syncEvery: 15m
        """

    @Test func aFullFileReadsEverySinkWithItsSettings() throws {
        let c = try ExportConfig.parse(yaml: Self.good, file: "palisade.yaml")
        #expect(c.sinks.map(\.name) == ["archive", "siem", "hooks", "hub"])
        guard case .file(let f) = c.sinks[0].destination else { Issue.record("archive is not a file sink"); return }
        #expect(f.rotateBytes == 10 << 20 && f.rotateSeconds == 86_400 && f.keep == 3 && f.format == "records")
        #expect(c.sinks[0].snapshot == .every(seconds: 7 * 86_400))
        guard case .syslog(let s) = c.sinks[1].destination else { Issue.record("siem is not syslog"); return }
        #expect(s.format == .cef && s.caFile == "/etc/ca.pem")
        #expect(c.sinks[1].filter.ruleSets.count == 2 && c.sinks[1].filter.ruleSets[0].count == 2)
        guard case .webhook(let w) = c.sinks[2].destination else { Issue.record("hooks is not a webhook"); return }
        #expect(w.secret == .environment("HOOK_SECRET") && w.maxAttempts == 3 && c.sinks[2].batchSize == 25)
        #expect(c.smtp?.port == 25 && c.smtp?.password == .file("/etc/palisade/smtp"))
        #expect(c.ticketing?.serviceNow?.user == "palisade" && c.ticketing?.syncSeconds == 900)
        #expect(!c.sinks[2].target.contains("HOOK_SECRET"))
    }

    @Test(arguments: [
        ("sinks:\n  - name: a\n    file: { path: relative.jsonl }\n", 3, "absolute path"),
        ("sinks:\n  - name: a\n    syslog: { address: \"http://x:1\" }\n", 3, "not a syslog address"),
        ("sinks:\n  - name: a\n    webhook: { url: \"https://x\", secret: \"plain\" }\n", 3, "must be a mapping"),
        ("sinks:\n  - name: a\n    file: { path: /a }\n    webhook: { url: \"https://x\" }\n", 2, "exactly one destination"),
        ("sinks:\n  - name: a\n    file: { path: /a }\n  - name: a\n    file: { path: /b }\n", 4, "used twice"),
        ("sinks:\n  - name: a\n    file: { path: /a, format: sarif }\n", 3, "not a line format"),
        ("sinks:\n  - name: a\n    file: { path: /a }\n    filter:\n      - rules: [{ property: colour, operator: Equals, value: x }]\n", 5, "not a record property"),
        ("sinks:\n  - name: a\n    file: { path: /a }\n    colour: blue\n", 4, "unknown key 'colour'"),
        ("sinks:\n  - name: a\n    securityhub: { region: us-east-1 }\n    batch: 500\n", 4, "from 1 to 100"),
        ("sinks:\n  - name: a\n    file: { path: /a }\n    snapshot: { every: 10s }\n", 4, "at least 1m"),
        ("sinks:\n  - name: a\n    file: { path: /a\n", 4, "YAML syntax error"),
    ])
    func aMistakeIsReportedWhereItIs(yaml: String, line: Int, message: String) {
        do {
            _ = try ExportConfig.parse(yaml: yaml, file: "p.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("p.yaml:"), "\(error)")
        }
    }

    @Test func aFileWithoutExportSectionsConfiguresNothing() throws {
        let c = try ExportConfig.parse(yaml: "bus: true\nprocesses: []\n", file: "p.yaml")
        #expect(c.sinks.isEmpty && c.smtp == nil && c.ticketing == nil)
    }
}
