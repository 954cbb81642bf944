import Foundation
import PalisadeModel
import ScoringCore
import Testing

func finding(_ control: String, _ resource: String, _ status: FindingStatus, check: String = "c",
             account: String = "111111111111") -> Finding {
    Finding(id: "aws/\(account)/eu-west-1/\(check)/\(resource)", checkID: check, title: "t", severity: .high,
            controlID: control, resourceID: resource, resourceType: "aws.x", provider: "aws", account: account,
            region: "eu-west-1", status: status, reason: "", remediation: "",
            firstSeen: Date(timeIntervalSince1970: 0), lastSeen: Date(timeIntervalSince1970: 0), scanID: "s",
            version: 1, lifecycle: .new)
}

@Suite struct ScoreFormulaTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func control(_ score: SecureScore, _ id: String) -> ControlScore? { score.controls.first { $0.controlID == id } }

    @Test func handComputedExample() throws {
        let findings = [
            // enable-mfa (10 points): r1 fails one of two checks → unhealthy; r2 passes → healthy;
            // r3 error only → not evaluated; r4 muted only → ignored; r5 pass + error → not evaluated.
            finding("enable-mfa", "r1", .pass, check: "a"), finding("enable-mfa", "r1", .fail, check: "b"),
            finding("enable-mfa", "r2", .pass),
            finding("enable-mfa", "r3", .error),
            finding("enable-mfa", "r4", .muted),
            finding("enable-mfa", "r5", .pass, check: "a"), finding("enable-mfa", "r5", .error, check: "b"),
            // enable-encryption-at-rest (4 points): 1 healthy of 4 counted; one notApplicable ignored.
            finding("enable-encryption-at-rest", "v1", .pass),
            finding("enable-encryption-at-rest", "v2", .fail), finding("enable-encryption-at-rest", "v3", .fail),
            finding("enable-encryption-at-rest", "v4", .fail), finding("enable-encryption-at-rest", "v5", .notApplicable),
            // secure-management-ports (8 points): error only → control not counted.
            finding("secure-management-ports", "sg1", .error),
        ]
        let s = SecureScoreCalculator.score(scanID: "scan-1", findings: findings, at: now)
        let mfa = try #require(control(s, "enable-mfa"))
        #expect((mfa.healthy, mfa.unhealthy, mfa.notEvaluated) == (1, 1, 2))
        #expect(abs(mfa.current - 5) < 1e-9)
        let enc = try #require(control(s, "enable-encryption-at-rest"))
        #expect((enc.healthy, enc.unhealthy, enc.notEvaluated, enc.current) == (1, 3, 0, 1.0))
        let ports = try #require(control(s, "secure-management-ports"))
        #expect((ports.healthy, ports.unhealthy, ports.notEvaluated, ports.current) == (0, 0, 1, 0))
        // Σcurrent = 5 + 1 = 6; Σmax = 10 + 4 = 14 (ports not counted).
        #expect(abs(s.current - 6) < 1e-9)
        #expect(s.max == 14)
        #expect(abs(s.percentage - 6.0 / 14 * 100) < 1e-9)
        #expect(s.scanID == "scan-1" && s.computedAt == now)
        #expect(!SecureScoreCalculator.isEmpty(s))
    }

    @Test func allHealthyIsHundredPercent() {
        let s = SecureScoreCalculator.score(
            scanID: "s", findings: [finding("enable-mfa", "u1", .pass), finding("enable-auditing-and-logging", "t", .pass)],
            at: now)
        #expect(s.current == 11 && s.max == 11 && s.percentage == 100)
    }

    @Test func noCountedControlsGivesZeroAndSaysSo() {
        let s = SecureScoreCalculator.score(
            scanID: "s", findings: [finding("enable-mfa", "u1", .error), finding("enable-mfa", "u2", .muted)], at: now)
        #expect(s.percentage == 0 && s.max == 0 && s.current == 0)
        #expect(SecureScoreCalculator.isEmpty(s))
        #expect(SecureScoreCalculator.isEmpty(SecureScoreCalculator.score(scanID: "s", findings: [], at: now)))
    }

    @Test func zeroPointControlCountsResourcesButAddsNothing() {
        let s = SecureScoreCalculator.score(
            scanID: "s", findings: [finding("implement-security-best-practices", "x", .fail),
                                    finding("enable-mfa", "u", .pass)], at: now)
        #expect(s.max == 10 && s.percentage == 100)
    }

    @Test func unknownControlsAreReported() {
        #expect(SecureScoreCalculator.unscoredControls([finding("made-up", "x", .fail), finding("enable-mfa", "u", .pass)])
                == ["made-up"])
    }
}
