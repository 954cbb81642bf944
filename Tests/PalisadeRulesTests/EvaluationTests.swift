import Foundation
import PalisadeModel
import PalisadeRules
import Testing

@Suite struct EvaluationTests {
    let r = bucket([
        "versioning": "Enabled",
        "publicAccessBlock": ["blockPublicAcls": true, "ignorePublicAcls": false],
        "encryption": nil,
        "grants": [["uri": "AllUsers", "perm": "READ"], ["uri": "Owner", "perm": "FULL"]],
        "size": 3,
    ], unknown: ["policy": "AccessDenied: s3:GetBucketPolicy"], tags: ["env": "prod"])

    @Test func pathsIntoPropertiesResourceAndTags() throws {
        #expect(try eval("publicAccessBlock.blockPublicAcls", r) == .bool(true))
        #expect(try eval("publicAccessBlock.restrictPublicBuckets", r) == .null)
        #expect(try eval("encryption.algorithm", r) == .null)
        #expect(try eval("missing.deeper.still", r) == .null)
        #expect(try eval("resource.type", r) == .string("aws.s3.bucket"))
        #expect(try eval("resource.region == 'eu-west-1' && resource.name == 'b'", r) == .bool(true))
        #expect(try eval("tags.env", r) == .string("prod"))
        #expect(try eval("tags.owner", r) == .null)
        #expect(try eval("tags['env']", r) == .string("prod"))
        #expect(try eval("grants[0].uri", r) == .string("AllUsers"))
        #expect(try eval("grants[5]", r) == .null)
        #expect(try eval("properties.size", r) == .number(3))
    }

    @Test func unknownPropertyIsUnknownNotNull() throws {
        #expect(try eval("policy", r) == .unknown("policy is unknown: AccessDenied: s3:GetBucketPolicy"))
        #expect(try eval("policy.Statement", r).isUnknownValue)
        #expect(try eval("policy == null", r).isUnknownValue)
        #expect(try eval("!(policy == null)", r).isUnknownValue)
        #expect(try eval("size(policy) > 0", r).isUnknownValue)
        #expect(try outcome("policy == null", r) == .error("policy is unknown: AccessDenied: s3:GetBucketPolicy"))
    }

    @Test func kleeneLogic() throws {
        #expect(try eval("false && policy == null", r) == .bool(false))
        #expect(try eval("policy == null && false", r) == .bool(false))
        #expect(try eval("true || policy == null", r) == .bool(true))
        #expect(try eval("policy == null || true", r) == .bool(true))
        #expect(try eval("true && policy == null", r).isUnknownValue)
        #expect(try eval("false || policy == null", r).isUnknownValue)
        // A type error on one side is decided by the other side when it can be.
        #expect(try eval("false && (1 < 'a')", r) == .bool(false))
        #expect(try eval("(1 < 'a') && false", r) == .bool(false))
        #expect(throws: EvalError.self) { try eval("(1 < 'a') && true", r) }
    }

    @Test func typeErrorsBecomeErrorsNotCrashes() throws {
        #expect(throws: EvalError.self) { try eval("'a' < 1") }
        #expect(throws: EvalError.self) { try eval("'a' == 1") }
        #expect(throws: EvalError.self) { try eval("!'a'") }
        #expect(throws: EvalError.self) { try eval("versioning.status", r) }
        #expect(throws: EvalError.self) { try eval("1 && true") }
        #expect(throws: EvalError.self) { try eval("size(true)") }
        #expect(throws: EvalError.self) { try eval("null < 3") }
        guard case .error(let why) = try outcome("versioning > 3", r) else { Issue.record("expected error"); return }
        #expect(why.contains("cannot order a string and a number"))
        #expect(try outcome("versioning", r) == .error("expression evaluated to a string, expected a bool"))
    }

    @Test func comparisonsAndIn() throws {
        #expect(try eval("size >= 3 && size < 4 && size != 2 && size <= 3 && size > 2", r) == .bool(true))
        #expect(try eval("'2024-01-02' > '2024-01-01'") == .bool(true))
        #expect(try eval("versioning in ['Enabled', 'Suspended']", r) == .bool(true))
        #expect(try eval("'x' in ['Enabled']", r) == .bool(false))
        #expect(try eval("'blockPublicAcls' in publicAccessBlock", r) == .bool(true))
        #expect(try eval("'able' in versioning", r) == .bool(true))
        #expect(try eval("'a' in encryption", r) == .bool(false))
        #expect(try eval("'a' in policy", r).isUnknownValue)
        #expect(try eval("encryption == null && null == null", r) == .bool(true))
        #expect(try eval("[1, 2] == [1, 2]") == .bool(true))
    }

    @Test func listMacros() throws {
        #expect(try eval("grants.exists(g, g.uri == 'AllUsers')", r) == .bool(true))
        #expect(try eval("grants.all(g, g.perm == 'READ')", r) == .bool(false))
        #expect(try eval("grants.filter(g, g.perm == 'FULL')", r) == .list([["uri": "Owner", "perm": "FULL"]]))
        #expect(try eval("size(grants.filter(g, g.perm == 'READ')) == 1", r) == .bool(true))
        #expect(try eval("encryption.exists(x, true)", r) == .bool(false))  // null is an empty list
        #expect(try eval("encryption.all(x, false)", r) == .bool(true))
        #expect(try eval("policy.exists(x, true)", r).isUnknownValue)
        // Nested macros with shadowing.
        #expect(try eval("[[1, 2], [3]].exists(x, x.exists(x, x == 3))") == .bool(true))
        #expect(try eval("[[1, 2], [3]].all(x, x.exists(y, y >= 2))") == .bool(true))
        // Kleene inside macros: one true decides exists; unknown otherwise.
        #expect(try eval("[1, 2].exists(x, x == 1 || policy == null)", r) == .bool(true))
        #expect(try eval("[1, 2].exists(x, x == 5 && policy == null)", r) == .bool(false))
        #expect(try eval("[1, 2].exists(x, policy == null)", r).isUnknownValue)
        #expect(throws: EvalError.self) { try eval("versioning.exists(x, true)", r) }
        #expect(throws: EvalError.self) { try eval("[1].filter(x, 1)") }
    }

    @Test func stringFunctions() throws {
        #expect(try eval("size('abc') == 3 && size([1]) == 1 && size(encryption) == 0", r) == .bool(true))
        #expect(try eval("versioning.startsWith('En') && versioning.endsWith('led')", r) == .bool(true))
        #expect(try eval("startsWith(versioning, 'x')", r) == .bool(false))
        #expect(try eval("versioning.contains('abl') && [1, 2].contains(2)", r) == .bool(true))
        #expect(try eval("versioning.matches('^En.*d$')", r) == .bool(true))
        #expect(try eval("versioning.matches('^abl')", r) == .bool(false))
        #expect(try eval("lower(versioning) == 'enabled' && versioning.upper() == 'ENABLED'", r) == .bool(true))
        #expect(try eval("lower(encryption)", r) == .null)
        #expect(throws: EvalError.self) { try eval("lower(3)") }
    }

    @Test func daysSinceUsesTheInjectedClock() throws {
        #expect(try eval("days_since('2025-12-22T00:00:00Z')") == .number(10))
        #expect(try eval("days_since('2025-12-31T12:00:00.000Z')") == .number(0.5))
        #expect(try eval("days_since('2025-12-01')") == .number(31))
        #expect(try eval("days_since(null)") == .null)
        #expect(throws: EvalError.self) { try eval("days_since('last tuesday')") }
    }

    /// `days_since` reads AWS's date shapes with its own parser; it must agree with Foundation's ISO 8601 reading
    /// and refuse what Foundation refuses.
    @Test(arguments: [
        "2025-12-22T00:00:00Z", "2025-12-31T12:00:00.000Z", "2025-12-31T12:00:00.5Z", "2024-02-29T23:59:59Z",
        "2025-06-30T10:15:30+02:00", "2025-06-30T10:15:30-0530", "2025-12-01", "1999-01-01T00:00:00z",
    ])
    func daysSinceAgreesWithFoundation(_ text: String) throws {
        let foundation = try #require(
            (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: text.contains("."))))
                ?? (try? Date(text.uppercased(), strategy: Date.ISO8601FormatStyle()))
                ?? (try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())))
        let expected = testNow.timeIntervalSince(foundation) / 86_400
        guard case .number(let days) = try eval("days_since('\(text)')") else { Issue.record("not a number"); return }
        #expect(abs(days - expected) < 1e-9, "\(text): \(days) vs Foundation \(expected)")
    }

    @Test(arguments: ["2025-02-29", "2025-13-01T00:00:00Z", "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z",
                      "2025-01-01T00:00:00", "2025-01-01T00:00:00.Z", "2025-1-01"])
    func daysSinceRefusesImpossibleDates(_ text: String) throws {
        #expect(throws: EvalError.self) { try eval("days_since('\(text)')") }
    }

    /// A clock-reading expression says when its result can next change: the date it read plus each number it
    /// compared that date with, the earliest still to come.
    @Test func aClockReadingExpressionSaysWhenItCanNextChange() throws {
        func next(_ source: String, _ properties: JSONValue) throws -> (Outcome, Date?) {
            let e = try CheckExpression(source)
            let subject = Subject(resource: bucket(properties), now: testNow)
            return subject.tracingClock { e.evaluate(subject) }
        }
        let created = try #require(ISO8601DateFormatter().date(from: "2025-12-01T00:00:00Z"))
        let day: TimeInterval = 86_400
        var (outcome, at) = try next("days_since(created) <= 90", ["created": "2025-12-01T00:00:00Z"])
        #expect(outcome == .pass && at == created.addingTimeInterval(90 * day))
        // Several thresholds: the earliest still ahead.
        (outcome, at) = try next("days_since(created) > 60 || days_since(created) < 45",
                                 ["created": "2025-12-01T00:00:00Z"])
        #expect(outcome == .pass && at == created.addingTimeInterval(45 * day))
        // The threshold from the resource itself, and through `in`.
        (outcome, at) = try next("days_since(created) < maxAge", ["created": "2025-12-01T00:00:00Z", "maxAge": 40])
        #expect(outcome == .pass && at == created.addingTimeInterval(40 * day))
        (outcome, at) = try next("!(days_since(created) in [7, 35])", ["created": "2025-12-01T00:00:00Z"])
        #expect(at == created.addingTimeInterval(35 * day))
        // Past every threshold: it cannot change again with time alone.
        (outcome, at) = try next("days_since(created) <= 10", ["created": "2025-12-01T00:00:00Z"])
        #expect(outcome == .fail && at == nil)
        // No date read (null): no clock dependence.
        (outcome, at) = try next("created == null || days_since(created) <= 10", ["created": .null])
        #expect(at == nil)
    }

    @Test func asListNormalisesBareItems() throws {
        #expect(try eval("as_list('s3:*')") == .list(["s3:*"]))
        #expect(try eval("as_list(['a', 'b'])") == .list(["a", "b"]))
        #expect(try eval("as_list(null)") == .list([]))
        #expect(try eval("as_list({'Effect': 'Deny'}).exists(s, s.Effect == 'Deny')") == .bool(true))
        #expect(try eval("as_list(policy).exists(s, true)", bucket([:], unknown: ["policy": "AccessDenied"])).isUnknownValue)
    }

    /// Constant lists and comparisons with constants are folded at compile time; the answers must not change,
    /// unknowns included.
    @Test func foldedConstantsKeepTheirMeaning() throws {
        let r = bucket(["versioning": "Enabled", "size": 3])
        #expect(try eval("versioning in ['Enabled', 'Suspended']", r) == .bool(true))
        #expect(try eval("size in [1, 2, 3]", r) == .bool(true))
        #expect(try eval("versioning in []", r) == .bool(false))
        #expect(try eval("missing in ['a']", r) == .bool(false))
        #expect(try eval("'Enabled' == versioning && versioning != 'x' && missing == null", r) == .bool(true))
        #expect(try eval("versioning in ['a']", bucket([:], unknown: ["versioning": "AccessDenied"])).isUnknownValue)
        #expect(try eval("versioning == 'a'", bucket([:], unknown: ["versioning": "AccessDenied"])).isUnknownValue)
        #expect(throws: EvalError.self) { try eval("versioning == 3", r) }
        #expect(try eval("{'a': [1, 2]}.a", r) == .list([1, 2]))
    }

    @Test func relatedResourcesHonourTheirUnknowns() throws {
        let role = Resource(id: "arn:aws:iam::1:role/r", account: "1", region: "global", type: "aws.iam.role",
                            name: "r", properties: ["roleName": "r"], unknown: ["attachedPolicies": "AccessDenied"])
        let related: [String: Value] = ["roles": .resources([role])]
        #expect(try eval("related.roles.exists(x, x.roleName == 'r')", r, related: related) == .bool(true))
        #expect(try eval("related.roles.exists(x, size(x.attachedPolicies) > 0)", r, related: related).isUnknownValue)
        #expect(try eval("size(related.roles)", r, related: related) == .number(1))
        #expect(try eval("related.nothing.exists(x, true)", r).isUnknownValue)
    }
}

extension Value {
    var isUnknownValue: Bool { if case .unknown = self { return true }; return false }
}
