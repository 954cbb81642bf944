import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

@Suite struct MuteRulesTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let sgARN = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0abc1234"

    func subject(check: String = "aws-ec2-sg-ssh-open-internet", provider: String = "aws",
                 account: String = "123456789012", region: String = "eu-west-1", resource: String = sgARN,
                 name: String = "bastion", type: String = "aws.ec2.security_group",
                 tags: [String: String] = [:]) -> MuteSubject
    {
        MuteSubject(provider: provider, account: account, region: region, checkID: check, resourceID: resource,
                    resourceName: name, resourceType: type, tags: tags)
    }

    /// One rule file with `match` (YAML lines at the match's indentation).
    func rules(_ match: String, expires: String = "2027-03-31") throws -> MuteRules {
        try MuteRules.load(yaml: """
            rules:
              - id: r1
                reason: Accepted.
                owner: alice@example.com
                expires: \(expires)
                match:
            \(match.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            """, file: "mutes.yaml")
    }

    func mutes(_ match: String, _ s: MuteSubject) throws -> Bool {
        try rules(match).match(s, now: Self.now) != nil
    }

    func loadError(_ yaml: String) -> BenchmarkError? {
        do throws(BenchmarkError) {
            _ = try MuteRules.load(yaml: yaml, file: "mutes.yaml")
            return nil
        } catch { return error }
    }

    // MARK: Patterns

    @Test func plainStringIsExactNeverSubstring() throws {
        #expect(try mutes("resourceName: sg-1", subject(name: "sg-1")))
        #expect(try !mutes("resourceName: sg-1", subject(name: "sg-12")))
        #expect(try !mutes("resourceName: sg-1", subject(name: "xsg-1")))
        #expect(try !mutes("resourceName: sg-1", subject(name: "SG-1")))
        #expect(try !mutes("resource: sg-0abc1234", subject()))
        #expect(try mutes("account: 123456789012", subject()))
        #expect(try mutes("account: 012345678901", subject(account: "012345678901")))
    }

    @Test func globCoversTheWholeValue() throws {
        #expect(try mutes("region: eu-*", subject(region: "eu-west-1")))
        #expect(try !mutes("region: eu-*", subject(region: "us-east-1")))
        #expect(try !mutes("region: eu-*", subject(region: "xeu-west-1")))
        #expect(try !mutes("region: \"*-1\"", subject(region: "eu-west-12")))
        // `*` crosses `:` and `/`.
        #expect(try mutes("resource: arn:aws:ec2:*/sg-0abc*", subject()))
        #expect(try !mutes("resource: arn:aws:ec2:*/sg-0abd*", subject()))
        #expect(try mutes("resource: \"*:security-group/sg-0abc1234\"", subject()))
        // `?` is exactly one character (also a multi-byte one); classes, negation, literal metacharacters.
        #expect(try mutes("resourceName: sg-?", subject(name: "sg-1")))
        #expect(try !mutes("resourceName: sg-?", subject(name: "sg-12")))
        #expect(try mutes("resourceName: caf?", subject(name: "café")))
        #expect(try mutes("resourceName: web-[0-9][0-9]", subject(name: "web-07")))
        #expect(try !mutes("resourceName: web-[0-9][0-9]", subject(name: "web-7a")))
        #expect(try mutes("resourceName: web-[!0-9]", subject(name: "web-a")))
        #expect(try !mutes("resourceName: web-[!0-9]", subject(name: "web-1")))
        #expect(try mutes("resourceName: \"a[*]\"", subject(name: "a*")))
        #expect(try !mutes("resourceName: \"a[*]\"", subject(name: "ab")))
        #expect(try mutes("resourceName: \"*a*b*c\"", subject(name: "xxaxxbxxbxxc")))
        #expect(try !mutes("resourceName: \"*a*b*c\"", subject(name: "xxaxxbxxcx")))
    }

    @Test func regexMustMatchTheWholeValue() throws {
        let arnRegex = #"resource: {regex: "arn:aws:ec2:[^:]+:[0-9]+:security-group/sg-0abc.*"}"#
        #expect(try mutes(arnRegex, subject()))
        #expect(try !mutes(arnRegex, subject(resource: "x" + Self.sgARN)))
        #expect(try !mutes(#"resource: {regex: "sg-0abc1234"}"#, subject()))
        #expect(try !mutes(#"resource: {regex: "security-group/sg-0abc"}"#, subject()))
        #expect(try mutes(#"resource: {regex: ".*/sg-0abc1234"}"#, subject()))
        // Alternation is anchored as a whole: `a|b` is exactly a or exactly b.
        #expect(try mutes(#"region: {regex: "eu-west-1|us-east-1"}"#, subject(region: "us-east-1")))
        #expect(try !mutes(#"region: {regex: "eu-west-1|us-east-1"}"#, subject(region: "us-east-12")))
        #expect(try !mutes(#"region: {regex: "eu-west-1|us-east-1"}"#, subject(region: "xeu-west-1")))
        #expect(try mutes(#"region: {regex: "(?i)EU-WEST-1"}"#, subject()))
    }

    @Test func explicitKindsForceTheInterpretation() throws {
        #expect(try mutes(#"resourceName: {exact: "web-*"}"#, subject(name: "web-*")))
        #expect(try !mutes(#"resourceName: {exact: "web-*"}"#, subject(name: "web-1")))
        #expect(try mutes(#"resourceName: {glob: "web-1"}"#, subject(name: "web-1")))
        #expect(try !mutes(#"resourceName: {glob: "web-1"}"#, subject(name: "web-12")))
        let p = try MutePattern(plain: "eu-*")
        #expect(p.kind == .glob)
        #expect(MutePattern(exact: "eu-*").matches("eu-*"))
        #expect(try MutePattern(plain: "sg-1").kind == .exact)
    }

    // MARK: Semantics

    @Test func fieldsAreANDedAndListsAreORed() throws {
        let m = """
            provider: aws
            account: "123456789012"
            region: eu-*
            check: [aws-ec2-sg-ssh-open-internet, "aws-ec2-sg-rdp-*"]
            resourceType: aws.ec2.security_group
            """
        #expect(try mutes(m, subject()))
        #expect(try mutes(m, subject(check: "aws-ec2-sg-rdp-open-internet")))
        #expect(try !mutes(m, subject(check: "aws-ec2-sg-ftp-open-internet")))
        #expect(try !mutes(m, subject(account: "999999999999")))
        #expect(try !mutes(m, subject(region: "us-east-1")))
        #expect(try !mutes(m, subject(provider: "gcp")))
        #expect(try !mutes(m, subject(type: "aws.ec2.instance")))
        // OR across rules.
        let two = try MuteRules.load(yaml: """
            rules:
              - {id: a, reason: r, owner: o, expires: 2027-01-01, match: {account: "111111111111"}}
              - {id: b, reason: r, owner: o, expires: 2027-01-01, match: {region: us-east-1}}
            """, file: "m.yaml")
        #expect(two.match(subject(account: "111111111111"), now: Self.now)?.id == "a")
        #expect(two.match(subject(region: "us-east-1"), now: Self.now)?.id == "b")
        #expect(two.match(subject(), now: Self.now) == nil)
    }

    @Test func tagsRequireEveryKeyAndMatchTheValue() throws {
        let m = "tags: {env: dev, team: \"*\"}"
        #expect(try mutes(m, subject(tags: ["env": "dev", "team": "payments", "x": "y"])))
        #expect(try mutes(m, subject(tags: ["env": "dev", "team": ""])))
        #expect(try !mutes(m, subject(tags: ["env": "dev"])))  // team missing
        #expect(try !mutes(m, subject(tags: ["team": "payments"])))  // env missing
        #expect(try !mutes(m, subject(tags: ["env": "development", "team": "p"])))  // exact, not prefix
        #expect(try !mutes(m, subject(tags: ["Env": "dev", "team": "p"])))  // keys are case-sensitive
        #expect(try mutes("tags: {env: [dev, {regex: \"test-[0-9]+\"}]}", subject(tags: ["env": "test-42"])))
    }

    @Test func aDateExpiresAtTheEndOfThatDayUTC() throws {
        let r = try rules("check: aws-ec2-sg-ssh-open-internet", expires: "2027-03-31")
        let rule = try #require(r.rules.first)
        #expect(rule.expires == Date(timeIntervalSince1970: 1_806_537_600))  // 2027-04-01T00:00:00Z
        #expect(r.match(subject(), now: Date(timeIntervalSince1970: 1_806_537_599)) != nil)  // 23:59:59 on the 31st
        #expect(r.match(subject(), now: Date(timeIntervalSince1970: 1_806_537_599.999)) != nil)
        #expect(r.match(subject(), now: Date(timeIntervalSince1970: 1_806_537_600)) == nil)  // 00:00 on April 1st
        #expect(rule.expiresText == "2027-03-31")
        #expect(rule.findingReason == "muted by r1 (alice@example.com, until 2027-03-31): Accepted.")
    }

    @Test func aDateTimeExpiresAtThatInstant() throws {
        let utc = try rules("check: c", expires: "2027-03-31T18:00:00Z").rules[0].expires
        #expect(utc == Date(timeIntervalSince1970: 1_806_537_600 - 6 * 3600))
        let offset = try rules("check: c", expires: "2027-03-31T20:00:00+02:00").rules[0].expires
        #expect(offset == utc)
        let fraction = try rules("check: c", expires: "2027-03-31T17:59:59.5-00:00").rules[0].expires
        #expect(fraction == utc.addingTimeInterval(-0.5))
        let leap = try rules("check: c", expires: "2028-02-29").rules[0].expires
        #expect(leap == Date(timeIntervalSince1970: 1_835_481_600))  // 2028-03-01T00:00:00Z
    }

    @Test func theFirstMatchingRuleInFileOrderWins() throws {
        let r = try MuteRules.load(yaml: """
            rules:
              - {id: old, reason: r, owner: o, expires: 2025-06-30, match: {check: aws-ec2-sg-ssh-open-internet}}
              - {id: by-region, reason: r, owner: o, expires: 2027-01-01, match: {region: "eu-*"}}
              - {id: by-check, reason: r, owner: o, expires: 2027-01-01, match: {check: aws-ec2-sg-ssh-open-internet}}
              - {id: by-account, reason: r, owner: o, expires: 2027-01-01, match: {account: "123456789012"}}
            """, file: "m.yaml")
        // `old` is expired; the glob rule precedes the exactly indexed one.
        #expect(r.match(subject(), now: Self.now)?.id == "by-region")
        #expect(r.match(subject(region: "us-east-1"), now: Self.now)?.id == "by-check")
        #expect(r.match(subject(check: "other", region: "us-east-1"), now: Self.now)?.id == "by-account")
        #expect(r.match(subject(), now: Date(timeIntervalSince1970: 1_700_000_000))?.id == "old")
    }

    @Test func manyRulesIndexedByCheckStillMatchInFileOrder() throws {
        var rules: [MuteRule] = []
        for i in 0..<5000 {
            rules.append(MuteRule(id: "r\(i)", reason: "r", owner: "o", expires: Self.now.addingTimeInterval(86_400),
                                  match: MuteMatch(account: MutePatterns([MutePattern(exact: "\(i)")]),
                                                   check: MutePatterns([MutePattern(exact: "check-\(i % 500)")]))))
        }
        rules.append(MuteRule(id: "catch", reason: "r", owner: "o", expires: Self.now.addingTimeInterval(86_400),
                              match: MuteMatch(check: MutePatterns([try MutePattern(glob: "check-4*")]))))
        let r = MuteRules(rules)
        #expect(r.match(subject(check: "check-7", account: "1507"), now: Self.now)?.id == "r1507")
        #expect(r.match(subject(check: "check-7", account: "1508"), now: Self.now) == nil)
        #expect(r.match(subject(check: "check-42", account: "x"), now: Self.now)?.id == "catch")
        #expect(r.match(subject(check: "check-42", account: "42"), now: Self.now)?.id == "r42")
    }

    @Test func expiredAndExpiringRulesForReports() throws {
        let r = try MuteRules.load(yaml: """
            rules:
              - {id: later, reason: r, owner: o, expires: 2026-06-01, match: {check: a}}
              - {id: soon, reason: r, owner: o, expires: 2026-01-10, match: {check: a}}
              - {id: gone, reason: r, owner: o, expires: 2025-12-31T23:59:59Z, match: {check: a}}
              - {id: sooner, reason: r, owner: o, expires: 2026-01-05, match: {check: a}}
            """, file: "m.yaml")
        #expect(r.expired(now: Self.now).map(\.id) == ["gone"])
        #expect(r.expiringWithin(days: 30, now: Self.now).map(\.id) == ["sooner", "soon"])
        #expect(r.expiringWithin(days: 365, now: Self.now).map(\.id) == ["sooner", "soon", "later"])
        #expect(r.match(subject(check: "a"), now: Self.now)?.id == "later")
    }

    @Test func subjectFromAResource() {
        let res = Resource(id: Self.sgARN, account: "123456789012", region: "eu-west-1",
                           type: "aws.ec2.security_group", name: "bastion", tags: ["env": "dev"])
        #expect(MuteSubject(checkID: "aws-ec2-sg-ssh-open-internet", resource: res) == subject(tags: ["env": "dev"]))
    }
}
