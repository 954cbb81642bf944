import Foundation
import PalisadeModel
import PalisadeSchedule
import Testing

@Suite struct ScheduleFileTests {
    @Test func readsEveryOptionOfAScheduledScan() throws {
        let yaml = """
            bus: true
            schedules:
              - name: prod
                every: 6h
                profile: prod
                regions: [us-east-1, eu-west-1]
              - name: org-nightly
                cron: "0 2 * * *"
                organization: true
                roleName: AuditRole
                endpoint: http://127.0.0.1:5000
                timeout: 2h
                enabled: false
            """
        let s = try ScheduleFile.parse(yaml: yaml, file: "palisade.yaml")
        #expect(s.map(\.name) == ["prod", "org-nightly"])
        #expect(s[0].cadence == .every(seconds: 21_600))
        #expect(s[0].target.profile == "prod" && s[0].target.regions == ["us-east-1", "eu-west-1"])
        #expect(s[1].cadence.description == "cron 0 2 * * *")
        #expect(s[1].target.organization && s[1].target.roleName == "AuditRole")
        #expect(s[1].timeoutSeconds == 7_200 && !s[1].enabled)
        #expect(s[0].target.key != s[1].target.key)
    }

    @Test func aFileWithoutSchedulesHasNone() throws {
        #expect(try ScheduleFile.parse(yaml: "bus: true\n", file: "p.yaml").isEmpty)
        #expect(try ScheduleFile.parse(yaml: "", file: "p.yaml").isEmpty)
    }

    /// Each bad entry is refused with the file, the line and column of the offending value, and what was expected.
    @Test(arguments: [
        ("  - name: a\n    every: 6 hours\n", 2, "interval such as 6h"),
        ("  - name: a\n    cron: \"0 25 * * *\"\n", 2, "hour"),
        ("  - name: a\n    every: 1h\n    cron: \"@daily\"\n", 1, "both 'every' and 'cron'"),
        ("  - name: a\n    profile: p\n", 1, "needs 'every: 6h'"),
        ("  - name: a\n    every: 1h\n    region: [us-east-1]\n", 3, "unknown key 'region'"),
        ("  - name: a\n    every: 1h\n    regions: [us-east-1, mars-1]\n", 3, "not an AWS region"),
        ("  - name: a\n    every: 1h\n  - name: a\n    every: 2h\n", 3, "used twice"),
        ("  - name: a\n    every: 1h\n    roleName: R\n", 3, "needs 'organization: true'"),
        ("  - name: a b\n    every: 1h\n", 1, "letters, digits"),
        ("  - name: a\n    every: 1h\n    endpoint: localhost:5000\n", 3, "http(s) URL"),
    ])
    func badEntriesPointAtTheirLine(entry: String, line: Int, expected: String) {
        let yaml = "schedules:\n" + entry
        do {
            _ = try ScheduleFile.parse(yaml: yaml, file: "/etc/palisade.yaml")
            Issue.record("accepted:\n\(yaml)")
        } catch {
            #expect(error.file == "/etc/palisade.yaml")
            #expect(error.line == line + 1, "\(error)")
            #expect(error.column != nil)
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.code == "scheduler.config.invalid")
        }
    }

    @Test func aYAMLSyntaxErrorHasItsPlaceToo() {
        do { _ = try ScheduleFile.parse(yaml: "schedules:\n  - name: [a\n", file: "p.yaml"); Issue.record("accepted") } catch {
            #expect(error.code == "scheduler.config.syntax")
            #expect(error.line != nil)
        }
    }
}
