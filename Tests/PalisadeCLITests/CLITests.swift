import ArgumentParser
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@testable import PalisadeCLI

@Suite struct CLITests {
    @Test func helpListsEveryCommand() {
        let help = Palisade.helpMessage()
        for cmd in ["up", "down", "status", "scan", "inventory", "findings", "score", "paths", "export", "aws"] {
            #expect(help.contains("  \(cmd) "), "help lacks \(cmd)")
        }
    }

    @Test func scanHelpIsPinned() {
        let help = Palisade.helpMessage(for: ScanAWS.self, columns: 100)
        #expect(help == """
            OVERVIEW: Scan an AWS account (credentials from the environment or ~/.aws).

            USAGE: palisade scan aws [--bus <bus>] [--timeout <timeout>] [--output <output>] [--profile <profile>] [--region <region> ...] [--organization] [--role-name <role-name>] [--account-concurrency <account-concurrency>] [--rate <rate>] [--endpoint <endpoint>] [--wait <wait>]

            OPTIONS:
              --bus <bus>             Broker endpoint (default: $PALISADE_BUS or
                                      ipc://$PALISADE_HOME/run/bus.ipc).
              --timeout <timeout>     Seconds to wait for a reply. (default: 15)
              --output <output>       Output format: table, json or csv. (values: table, json, csv; default:
                                      table)
              --profile <profile>     Profile in ~/.aws/credentials and ~/.aws/config.
              --region <region>       Region to scan (repeatable; default: every region enabled for the
                                      account).
              --organization          Scan every active account of the organization (run with
                                      management-account credentials).
              --role-name <role-name> Role assumed in each member account of an organization scan. (default:
                                      OrganizationAccountAccessRole)
              --account-concurrency <account-concurrency>
                                      Accounts scanned at once in an organization scan. (default: 3)
              --rate <rate>           API call rates, service=calls-per-second pairs overriding the defaults
                                      (e.g. iam=5,ec2=20; *=N for all).
              --endpoint <endpoint>   AWS API endpoint URL (e.g. a local emulator); default: $AWS_ENDPOINT_URL
                                      or real AWS.
              --wait <wait>           Seconds to wait for the scan to finish. (default: 600)
              -h, --help              Show help information.

            """)
    }

    @Test func inventoryFiltersAndBadRatesAreParsedOrRejected() throws {
        let inv = try #require(try Palisade.parseAsRoot(["inventory", "--type", "aws.ec2.*", "--region", "eu-west-1",
                                                         "--tag", "env=prod", "--tag", "owner", "--counts"]) as? Inventory)
        #expect(inv.filter.type == "aws.ec2.*" && inv.filter.region == "eu-west-1" && inv.filter.tags == ["env=prod", "owner"])
        #expect(inv.counts)
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["inventory", "--tag", "=prod"]) }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["scan", "aws", "--rate", "iam=fast"]) }
        #expect(throws: (any Error).self) {
            try Palisade.parseAsRoot(["scan", "aws", "--organization", "--role-name", "arn:aws:iam::1:role/x"])
        }
    }

    @Test func csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
        let t = Table(headers: ["A", "B"], rows: [["plain", "with,comma"], ["say \"hi\"", "=cmd()"]])
        #expect(t.csv() == "A,B\r\nplain,\"with,comma\"\r\n\"say \"\"hi\"\"\",'=cmd()\r\n")
    }

    @Test func badRegionAndEndpointAreRejectedWithTheReason() {
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["scan", "aws", "--region", "mars"]) }
        let message = Palisade.message(for: ValidationError("x"))
        #expect(!message.isEmpty)
        do {
            _ = try Palisade.parseAsRoot(["scan", "aws", "--endpoint", "ftp://x"])
            Issue.record("accepted an ftp endpoint")
        } catch {
            #expect(Palisade.message(for: error).contains("not an http(s) URL"))
        }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["findings", "--status", "bad"]) }
        #expect(throws: (any Error).self) { try Palisade.parseAsRoot(["export", "--format", "xml", "--out", "f"]) }
    }

    @Test func validArgumentsParse() throws {
        let cmd = try Palisade.parseAsRoot(["scan", "aws", "--region", "us-east-1", "--region", "eu-west-2",
                                            "--endpoint", "http://127.0.0.1:5000", "--output", "json"])
        let scan = try #require(cmd as? ScanAWS)
        #expect(scan.regions == ["us-east-1", "eu-west-2"])
        #expect(scan.global.output == .json)
    }

    @Test func tableAlignsColumnsAndClipsLongCells() {
        let t = Table(headers: ["A", "LONGHEADER"], rows: [["xyz", "1"], ["q", String(repeating: "w", count: 20)]],
                      maxCellWidth: 10)
        #expect(t.render() == """
            A    LONGHEADER
            ---  ----------
            xyz  1
            q    wwwwwwwww…
            """)
    }

    @Test func findingsTableCountsByStatus() {
        let now = Date()
        func f(_ s: FindingStatus) -> Finding {
            Finding(id: UUID().uuidString, checkID: "c", title: "t", severity: .high, controlID: "enable-mfa",
                    resourceID: "arn:aws:iam::1:user/alice", resourceType: "aws.iam.user", provider: "aws",
                    account: "1", region: "global", status: s, reason: "r", remediation: "", firstSeen: now,
                    lastSeen: now, scanID: "s", version: 1, lifecycle: .new)
        }
        let text = Render.findings([f(.fail), f(.fail), f(.pass)])
        #expect(text.hasSuffix("3 findings  fail=2 pass=1"))
        #expect(text.contains("alice"))
    }
}
