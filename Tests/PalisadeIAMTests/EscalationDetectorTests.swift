import PalisadeIAM
import PalisadeModel
import Testing

/// `EscalationDetector` on concrete targets and on single policies, through the analyser traps of iam-vulnerable.
@Suite struct EscalationDetectorTests {
    static let account = "111122223333"
    static let me = "arn:aws:iam::111122223333:user/mallory"
    static let bob = ResourceSide(arn: "arn:aws:iam::111122223333:user/bob", account: account, rules: .identityOnly)
    static let adminRole = ResourceSide(arn: "arn:aws:iam::111122223333:role/admin", account: account, rules: .identityOnly)

    func principal(_ docs: String...) throws -> PrincipalPolicies {
        PrincipalPolicies(arn: Self.me, account: Self.account, kind: .user,
                          identity: try docs.enumerated().map {
                              SourcedPolicy(source: "arn:aws:iam::111122223333:policy/p\($0.offset)", name: "p\($0.offset)",
                                            document: try policy($0.element))
                          })
    }

    func method(_ id: String) throws -> EscalationMethod { try #require(EscalationCatalog.method(id: id)) }

    func allow(_ actions: String, _ resource: String = "*", condition: String? = nil) -> String {
        """
        {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": \(actions), "Resource": "\(resource)"\(condition.map { ", \"Condition\": \($0)" } ?? "")}]}
        """
    }

    @Test func createAccessKeyOnAnotherUser() throws {
        let p = try principal(allow(#""iam:CreateAccessKey""#, "arn:aws:iam::111122223333:user/*"))
        let f = try #require(EscalationDetector.evaluate(try method("iam:CreateAccessKey"), principal: p, target: Self.bob))
        #expect(f.permissions == ["iam:CreateAccessKey"])
        #expect(!f.conditional)
        #expect(f.grants.map(\.statement.source) == ["arn:aws:iam::111122223333:policy/p0"])
        #expect(f.grants.first?.statement.sid == "S")
    }

    @Test func allowAndDenyOfTheSameActionInOnePolicyOrTwo() throws {
        let m = try method("iam:CreateAccessKey")
        let both = try principal("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"},
              {"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]}
            """)
        #expect(EscalationDetector.evaluate(m, principal: both, target: Self.bob) == nil)
        let split = try principal(allow(#""iam:*""#), """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}]}
            """)
        #expect(EscalationDetector.evaluate(m, principal: split, target: Self.bob) == nil)
        let denyOnly = try principal("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}
            """)
        #expect(!EscalationDetector.mightApply(m, to: denyOnly))
        #expect(EscalationDetector.evaluate(m, principal: denyOnly, target: Self.bob) == nil)
    }

    @Test func anAWSManagedPolicyCanNeverBeVersioned() throws {
        let m = try method("iam:CreatePolicyVersion")
        let p = try principal(allow(#""iam:CreatePolicyVersion""#, "arn:aws:iam::aws:policy/*"))
        let own = ResourceSide(arn: "arn:aws:iam::111122223333:policy/p0", account: Self.account, rules: .identityOnly)
        #expect(EscalationDetector.evaluate(m, principal: p, target: own) == nil)
        #expect(!EscalationDetector.methods(in: p.identity.map(\.document), account: Self.account).map(\.id).contains(m.id))
        #expect(!EscalationDetector.methods(in: p.identity.map(\.document)).map(\.id).contains(m.id))
    }

    @Test func permissionsSplitAcrossTwoPoliciesCombine() throws {
        let m = try method("iam:PassRole+ec2:RunInstances")
        let p = try principal(allow(#""iam:PassRole""#, "arn:aws:iam::111122223333:role/*"), allow(#""ec2:RunInstances""#))
        let f = try #require(EscalationDetector.evaluate(m, principal: p, target: Self.adminRole))
        #expect(f.permissions == ["iam:PassRole", "ec2:RunInstances"])
        #expect(Set(f.grants.map(\.statement.source)) == ["arn:aws:iam::111122223333:policy/p0",
                                                          "arn:aws:iam::111122223333:policy/p1"])
        // Each half alone is nothing.
        #expect(EscalationDetector.evaluate(m, principal: try principal(allow(#""iam:PassRole""#)), target: Self.adminRole) == nil)
        #expect(EscalationDetector.evaluate(m, principal: try principal(allow(#""ec2:RunInstances""#)), target: Self.adminRole) == nil)
    }

    @Test func anotherAlternativeOfTheSameMethodCounts() throws {
        let p = try principal(allow(#"["iam:PassRole", "ec2:RequestSpotInstances"]"#))
        let f = try #require(EscalationDetector.evaluate(try method("iam:PassRole+ec2:RunInstances"), principal: p,
                                                        target: Self.adminRole))
        #expect(f.permissions == ["iam:PassRole", "ec2:RequestSpotInstances"])
    }

    @Test func prefixWildcardResourcesMatchOnlyWhatTheyName() throws {
        let m = try method("iam:CreatePolicyVersion")
        let p = try principal(allow(#""iam:CreatePolicyVersion""#, "arn:aws:iam::111122223333:policy/team-*"))
        func side(_ name: String) -> ResourceSide {
            ResourceSide(arn: "arn:aws:iam::111122223333:policy/\(name)", account: Self.account, rules: .identityOnly)
        }
        #expect(EscalationDetector.evaluate(m, principal: p, target: side("team-dev")) != nil)
        #expect(EscalationDetector.evaluate(m, principal: p, target: side("ops")) == nil)
        #expect(EscalationDetector.methods(in: p.identity.map(\.document), account: Self.account).map(\.id).contains(m.id))
    }

    @Test func notActionStillAllowsTheDangerousAction() throws {
        let p = try principal("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "ec2:*"], "Resource": "*"}]}
            """)
        #expect(EscalationDetector.evaluate(try method("iam:CreateAccessKey"), principal: p, target: Self.bob) != nil)
        #expect(EscalationDetector.evaluate(try method("iam:PassRole+ec2:RunInstances"), principal: p, target: Self.adminRole) == nil)
    }

    @Test func passRoleIsEvaluatedWithThePassedToService() throws {
        let onlyLambda = #"{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}"#
        let p = try principal(allow(#""iam:PassRole""#, "*", condition: onlyLambda),
                              allow(#"["ec2:RunInstances", "lambda:CreateFunction", "lambda:InvokeFunction"]"#))
        #expect(EscalationDetector.evaluate(try method("iam:PassRole+ec2:RunInstances"), principal: p, target: Self.adminRole) == nil)
        let f = try #require(EscalationDetector.evaluate(try method("iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction"),
                                                        principal: p, target: Self.adminRole))
        #expect(!f.conditional)
    }

    @Test func undecidedConditionsMakeTheFindingConditional() throws {
        let mfa = #"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#
        let p = try principal(allow(#""iam:CreateAccessKey""#, "*", condition: mfa))
        let f = try #require(EscalationDetector.evaluate(try method("iam:CreateAccessKey"), principal: p, target: Self.bob))
        #expect(f.conditional)
        #expect(f.conditions.contains { $0.contains("aws:MultiFactorAuthPresent") })
    }

    @Test func grantedActionsNeedNoPolicy() throws {
        let m = try method("iam:PutRolePolicy+sts:AssumeRole")
        let p = try principal(allow(#""iam:PutRolePolicy""#))
        #expect(EscalationDetector.evaluate(m, principal: p, target: Self.adminRole) == nil)
        #expect(EscalationDetector.evaluate(m, principal: p, target: Self.adminRole, granted: ["sts:AssumeRole"]) != nil)
    }

    @Test func singlePolicyDetection() throws {
        func ids(_ text: String) throws -> [String] {
            EscalationDetector.methods(in: [try policy(text)], account: Self.account).map(\.id)
        }
        #expect(try ids(Policies.s3ReadOnly).isEmpty)
        #expect(try ids(Policies.powerUserAccess).contains("iam:PassRole+ec2:RunInstances") == false)
        #expect(try ids(Policies.powerUserAccess).contains("lambda:UpdateFunctionCode"))
        #expect(try ids(Policies.administratorAccess).count == EscalationCatalog.all.count)
        #expect(try ids(allow(#"["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"]"#))
                == ["iam:PassRole+lambda:CreateFunction+lambda:AddPermission"])
        #expect(try ids(allow(#""iam:PassRole""#, "arn:aws:iam::111122223333:role/app-*")).isEmpty)
        #expect(try ids(allow(#"["iam:PassRole", "glue:CreateDevEndpoint"]"#)) == ["iam:PassRole+glue:CreateDevEndpoint"])
        // A policy-variable resource (each user on itself) still lets the user put a policy on itself.
        #expect(try ids(allow(#""iam:PutUserPolicy""#, "arn:aws:iam::111122223333:user/${aws:username}"))
                == ["iam:PutUserPolicy"])
    }
}
