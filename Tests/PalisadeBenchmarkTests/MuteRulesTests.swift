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

// MARK: - Validation

extension MuteRulesTests {
    /// A valid rule with `lines` (1-based line number → replacement text; "" deletes the line).
    ///
    ///     1 rules:
    ///     2   - id: office-bastion-ssh
    ///     3     reason: Bastion accepts SSH from the office VPN
    ///     4     owner: alice@example.com
    ///     5     expires: 2027-03-31
    ///     6     match:
    ///     7       check: aws-ec2-sg-ssh-open-internet
    func file(_ lines: [Int: String]) -> String {
        var base = [
            "rules:", "  - id: office-bastion-ssh", "    reason: Bastion accepts SSH from the office VPN",
            "    owner: alice@example.com", "    expires: 2027-03-31", "    match:",
            "      check: aws-ec2-sg-ssh-open-internet",
        ]
        for (n, text) in lines { base[n - 1] = text }
        return base.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    /// The error loading `yaml`, as `line:column: message`.
    func problem(_ yaml: String) -> String {
        guard let e = loadError(yaml) else { return "no error" }
        return "\(e.line):\(e.column): \(e.message)"
    }

    @Test func theBaseFileIsValid() throws {
        let r = try MuteRules.load(yaml: file([:]), file: "mutes.yaml")
        #expect(r.rules.map(\.id) == ["office-bastion-ssh"])
        #expect(r.rules[0].line == 2)
    }

    @Test func missingReasonOwnerExpiresOrMatchPointAtTheRule() {
        #expect(problem(file([3: ""])).hasPrefix("2:5: rule is missing 'reason'"))
        #expect(problem(file([4: ""])).hasPrefix("2:5: rule is missing 'owner'"))
        #expect(problem(file([5: ""])).hasPrefix("2:5: rule is missing 'expires'"))
        #expect(problem(file([6: "", 7: ""])).hasPrefix("2:5: rule 'office-bastion-ssh' needs a 'match'"))
        #expect(problem(file([2: "  - reason: x", 3: ""])).hasPrefix("2:5: rule is missing 'id'"))
        #expect(problem(file([3: "    reason: \"  \""])).hasPrefix("3:13: expected 'reason' to be a non-empty string"))
        #expect(problem(file([4: "    owner:"])).hasPrefix("2:5: rule is missing 'owner'"))
    }

    @Test func badDatesSayWhatToWrite() {
        #expect(problem(file([5: "    expires: 2027-02-30"])).hasPrefix("5:14: expires '2027-02-30' is not a real calendar date"))
        #expect(problem(file([5: "    expires: 31/03/2027"])).hasPrefix("5:14: expires '31/03/2027' is not a date: write a date like 2027-03-31"))
        #expect(problem(file([5: "    expires: 2027-03-31T18:00"])).contains("has no time zone (add Z for UTC"))
        #expect(problem(file([5: "    expires: 2027-03-31T25:00Z"])).contains("has an invalid time"))
        #expect(problem(file([5: "    expires: never"])).hasPrefix("5:14: expires 'never' is not a date"))
    }

    @Test func invalidPatternsPointAtThePattern() {
        #expect(problem(file([7: "      resource: {regex: \"sg-([0-9]\"}"]))
            .hasPrefix("7:25: 'resource': regex 'sg-([0-9]' does not compile"))
        #expect(problem(file([7: "      resourceName: web-[0-9"]))
            .hasPrefix("7:21: 'resourceName': glob 'web-[0-9': '[' at position 5 is never closed"))
        #expect(problem(file([7: "      region: {regexp: \"eu-.*\"}"]))
            .hasPrefix("7:16: unknown pattern kind 'regexp': did you mean 'regex'?"))
        #expect(problem(file([7: "      region: {regex: a, glob: b}"]))
            .hasPrefix("7:15: 'region': expected one of {regex: \"...\"}, {glob: \"...\"} or {exact: \"...\"}"))
        #expect(problem(file([7: "      region: \"\""])).hasPrefix("7:15: 'region' has an empty pattern"))
        #expect(problem(file([7: "      region: []"])).hasPrefix("7:15: 'region' is an empty list"))
        #expect(problem(file([7: "      region:"])).hasPrefix("7:14: 'region' needs a pattern (a string), found nothing"))
        #expect(problem(file([7: "      check: [a, [b]]"])).hasPrefix("7:18: 'check': lists cannot be nested"))
    }

    @Test func unknownFieldsAreTyposNotIgnored() {
        #expect(problem(file([5: "    expire: 2027-03-31"]))
            .hasPrefix("5:5: unknown rule field 'expire': did you mean 'expires'?"))
        #expect(problem(file([7: "      acount: \"123456789012\""]))
            .hasPrefix("7:7: unknown match field 'acount': did you mean 'account'?"))
        #expect(problem(file([7: "      resource_name: web"]))
            .hasPrefix("7:7: unknown match field 'resource_name': did you mean 'resourceName'?"))
        #expect(problem(file([7: "      arn: x"])).hasPrefix("7:7: unknown match field 'arn': did you mean 'resource'?"))
        #expect(problem(file([7: "      flavour: x"]))
            .hasPrefix("7:7: unknown match field 'flavour' (expected one of provider, account, region"))
        #expect(problem(file([6: "    check: x", 7: "    match: {region: eu-west-1}"]))
            .hasPrefix("6:5: 'check' belongs under 'match:'"))
        #expect(problem(file([7: "      owner: bob"])).hasPrefix("7:7: 'owner' belongs to the rule, not under 'match:'"))
        #expect(problem("rule:\n  - id: x\n").hasPrefix("1:1: unknown top-level field 'rule': did you mean 'rules'?"))
    }

    @Test func aMatchThatWouldMuteEverythingIsRejected() {
        #expect(problem(file([6: "    match: {}", 7: ""]))
            .hasPrefix("6:12: the match of rule 'office-bastion-ssh' would mute everything"))
        #expect(problem(file([7: "      check: \"*\""]))
            .hasPrefix("7:7: the match of rule 'office-bastion-ssh' would mute everything: narrow it"))
        #expect(problem(file([7: "      resource: {regex: \".*\"}"])).contains("would mute everything"))
        #expect(problem(file([7: "      provider: aws"])).contains("would mute everything"))
        #expect(problem(file([7: "      provider: aws\n      region: \"*\""])).contains("would mute everything"))
        // A match-all field next to a selective one is fine.
        #expect(problem(file([7: "      check: \"*\"\n      account: \"123456789012\""])) == "no error")
    }

    @Test func idsAreUniqueAndWellFormed() {
        let twice = file([:]) + """
              - id: office-bastion-ssh
                reason: r
                owner: o
                expires: 2027-01-01
                match: {check: c}
            """
        let e = loadError(twice)
        #expect(e?.code == "benchmark.mutes.duplicate")
        #expect(problem(twice).hasPrefix("8:9: duplicate rule id 'office-bastion-ssh' (first used at line 2)"))
        #expect(problem(file([2: "  - id: Office_SSH"])).hasPrefix("2:9: rule id 'Office_SSH' may only contain a-z, 0-9 and '-'"))
    }

    @Test func badTagMapsSayHowToWriteTags() {
        #expect(problem(file([7: "      tags: [env, dev]"])).hasPrefix("7:13: expected 'tags' to be a non-empty mapping"))
        #expect(problem(file([7: "      tags: {}"])).hasPrefix("7:13: expected 'tags' to be a non-empty mapping"))
        #expect(problem(file([7: "      tags: {env: }"]))
            .hasPrefix("7:14: tag 'env' needs a value pattern; use \"*\" to require only that the key exists"))
        #expect(problem(file([7: "      tags: {env: {regex: \"(\"}}"])).hasPrefix("7:27: 'tags.env': regex '(' does not compile"))
    }

    @Test func structureAndYAMLErrorsArePositioned() {
        #expect(problem("rules: yes\n").hasPrefix("1:8: expected 'rules' to be a list of rules"))
        #expect(problem("- id: x\n").hasPrefix("1:1: expected a mapping with a 'rules' list"))
        #expect(problem("rules:\n  - just-a-string\n").hasPrefix("2:5: expected a rule: a mapping with id"))
        let dup = loadError(file([4: "    owner: alice@example.com\n    owner: bob@example.com"]))
        #expect(dup?.code == "benchmark.mutes.yaml")
        #expect(dup.map { "\($0.line):\($0.column): \($0.message)" } == "4:5: the key 'owner' appears twice in one mapping: keep one")
        let bad = loadError("rules:\n  - id: [unclosed\n")
        #expect(bad?.code == "benchmark.mutes.yaml" && (bad?.line ?? 0) > 0)
        #expect(bad?.description.hasPrefix("mutes.yaml:") == true)
    }

    @Test func emptyFilesMuteNothing() throws {
        #expect(try MuteRules.load(yaml: "", file: "m.yaml").isEmpty)
        #expect(try MuteRules.load(yaml: "# no exceptions yet\n", file: "m.yaml").isEmpty)
        #expect(try MuteRules.load(yaml: "rules:\n", file: "m.yaml").isEmpty)
        #expect(try MuteRules.load(yaml: "rules: []\n", file: "m.yaml").isEmpty)
    }

    @Test func loadsFromAFileAndReportsAnUnreadableOne() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mutes-\(UUID().uuidString).yaml")
        try file([:]).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try MuteRules.load(url: url).file == url.path)
        let missing = url.appendingPathExtension("missing")
        #expect(throws: BenchmarkError.self) { try MuteRules.load(url: missing) }
        do throws(BenchmarkError) { _ = try MuteRules.load(url: missing) } catch {
            #expect(error.code == "benchmark.mutes.unreadable" && error.file == missing.path)
        }
        #expect(try MuteRules.loadIfPresent(url: missing).isEmpty)
        #expect(try MuteRules.loadIfPresent(url: url).rules.count == 1)
    }
}

// MARK: - A realistic file

extension MuteRulesTests {
    static let realistic = """
        # Accepted risks. Reviewed monthly by the security team.
        rules:
          - id: office-bastion-ssh
            reason: Bastion must accept SSH from the office VPN; tracked in SEC-123
            owner: alice@example.com
            expires: 2027-03-31
            match:
              provider: aws
              account: "123456789012"
              region: "eu-*"
              check: ["aws-ec2-sg-ssh-open-internet", "aws-ec2-sg-rdp-*"]
              resource: {regex: "arn:aws:ec2:[^:]+:[0-9]+:security-group/sg-0abc.*"}

          # The sandbox account is torn down nightly.
          - id: sandbox-account
            reason: >
              Sandbox account, no production data, rebuilt every night
              (SEC-200).
            owner: platform-team
            expires: 2026-06-30T00:00:00Z
            match:
              account: ["210987654321", "210987654322"]
              tags: {env: sandbox, team: "*"}

          - id: public-website-bucket
            reason: Static website bucket is public by design
            owner: web@example.com
            expires: 2026-12-31
            match:
              check:
                - aws-s3-bucket-public-access-blocked
                - {exact: aws-s3-bucket-policy-public}
              resourceType: aws.s3.bucket
              resourceName: {glob: "www.example.com"}
        """

    @Test func aRealisticFileMutesExactlyWhatItSays() throws {
        let r = try MuteRules.load(yaml: Self.realistic, file: "/var/lib/palisade/mutes.yaml")
        #expect(r.rules.map(\.id) == ["office-bastion-ssh", "sandbox-account", "public-website-bucket"])
        #expect(r.rules.map(\.line) == [3, 15, 25])
        #expect(r.rules[1].reason == "Sandbox account, no production data, rebuilt every night (SEC-200).\n")
        #expect(r.rules[1].owner == "platform-team")

        // The bastion's security group, in any EU region, for SSH or any RDP check.
        #expect(r.match(subject(), now: Self.now)?.id == "office-bastion-ssh")
        #expect(r.match(subject(check: "aws-ec2-sg-rdp-open-internet"), now: Self.now)?.id == "office-bastion-ssh")
        #expect(r.match(subject(region: "us-east-1"), now: Self.now) == nil)
        #expect(r.match(subject(resource: Self.sgARN.replacingOccurrences(of: "sg-0abc", with: "sg-0abd")),
                        now: Self.now) == nil)
        #expect(r.match(subject(check: "aws-ec2-sg-all-open-internet"), now: Self.now) == nil)

        // The sandbox accounts, only on resources tagged env=sandbox with some team.
        let sandbox = subject(check: "aws-s3-bucket-versioning-enabled", account: "210987654322", region: "us-east-1",
                              tags: ["env": "sandbox", "team": "data"])
        #expect(r.match(sandbox, now: Self.now)?.id == "sandbox-account")
        var untagged = sandbox
        untagged.tags = ["env": "sandbox"]
        #expect(r.match(untagged, now: Self.now) == nil)
        #expect(r.match(sandbox, now: Date(timeIntervalSince1970: 1_782_777_600)) == nil)  // 2026-06-30T00:00:00Z

        // The website bucket, by name, for two checks only.
        let bucket = subject(check: "aws-s3-bucket-policy-public", region: "us-east-1",
                             resource: "arn:aws:s3:::www.example.com", name: "www.example.com", type: "aws.s3.bucket")
        #expect(r.match(bucket, now: Self.now)?.id == "public-website-bucket")
        var other = bucket
        other.resourceName = "www.example.com.backup"
        #expect(r.match(other, now: Self.now) == nil)

        #expect(r.expiringWithin(days: 200, now: Self.now).map(\.id) == ["sandbox-account"])
        #expect(r.rules[0].match.description
            == #"check=[exact:"aws-ec2-sg-ssh-open-internet", glob:"aws-ec2-sg-rdp-*"] account=exact:"123456789012" provider=exact:"aws" region=glob:"eu-*" resource=regex:"arn:aws:ec2:[^:]+:[0-9]+:security-group/sg-0abc.*""#)
    }
}

// MARK: - Globs against a reference

extension MuteRulesTests {
    /// Random globs and values over a small alphabet agree with the same pattern as an anchored regex — both
    /// for `*`-only globs (matched piecewise) and for globs with `?` and sets (matched by backtracking).
    @Test func globsAgreeWithTheEquivalentRegex() throws {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        // Mostly a and b, so that random values often match random globs; ':', '/' and a two-byte 'é' too.
        let alphabet = ["a", "b", "a", "b", "a", "b", ":", "/", "é"]
        let literals = alphabet.map { (glob: $0, regex: $0) }
        let special: [(glob: String, regex: String)] = [("?", "."), ("[ab]", "[ab]"), ("[!a]", "[^a]"), ("[*]", "\\*")]
        for round in 0..<4000 {
            let starOnly = round % 2 == 0
            var glob = "", regex = ""
            for _ in 0..<(1 + next(8)) {
                let t = switch next(starOnly ? 3 : 4) {
                case 0: (glob: "*", regex: ".*")
                case 3: special[next(special.count)]
                default: literals[next(literals.count)]
                }
                glob += t.glob
                regex += t.regex
            }
            let g = try MutePattern(glob: glob), r = try MutePattern(regex: regex)
            for _ in 0..<10 {
                let value = (0..<next(10)).map { _ in alphabet[next(alphabet.count)] }.joined()
                #expect(g.matches(value) == r.matches(value), "glob \(glob) vs regex \(regex) on '\(value)'")
            }
        }
    }

    /// The examples in docs/mutes.md load and mean what the text says.
    @Test func theDocumentedExamplesLoad() throws {
        let r = try MuteRules.load(yaml: """
            rules:
              - id: eu-jump-hosts-rdp
                reason: Windows jump hosts reached over RDP from the partner network (SEC-310)
                owner: it-ops@example.com
                expires: 2026-09-30
                match:
                  region: "eu-*"
                  check: "aws-ec2-sg-rdp-*"
                  resource: {regex: 'arn:aws:ec2:[^:]+:\\d{12}:security-group/sg-[0-9a-f]+'}
                  tags: {role: jump-host}
            """, file: "docs.yaml")
        let jump = subject(check: "aws-ec2-sg-rdp-open-internet", tags: ["role": "jump-host"])
        #expect(r.match(jump, now: Self.now)?.id == "eu-jump-hosts-rdp")
        var wrongAccount = jump
        wrongAccount.resourceID = "arn:aws:ec2:eu-west-1:1234:security-group/sg-0abc1234"
        #expect(r.match(wrongAccount, now: Self.now) == nil)
    }
}
