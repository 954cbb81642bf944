import PalisadeIAM
import PalisadeModel
import Testing

@Suite struct PolicyEvaluatorTests {
    @Test func administratorAccessAllowsEverything() throws {
        let admin = try policy(Policies.administratorAccess)
        #expect(PolicyEvaluator.evaluate(documents: [admin], action: "s3:PutObject", resource: "arn:aws:s3:::x/*") == .allowed)
        #expect(PolicyEvaluator.allows([admin], action: "iam:CreateUser", resource: "arn:aws:iam::1:user/a"))
    }

    @Test func noPoliciesMeansImplicitDeny() {
        #expect(PolicyEvaluator.evaluate(documents: [], action: "s3:GetObject", resource: "*") == .implicitDeny)
    }

    @Test func readOnlyAllowsGetAndListButNotPut() throws {
        let ro = try policy(Policies.s3ReadOnly)
        #expect(PolicyEvaluator.allows([ro], action: "s3:GetObject", resource: "arn:aws:s3:::b/*"))
        #expect(PolicyEvaluator.allows([ro], action: "S3:LISTBUCKET", resource: "arn:aws:s3:::b"))
        #expect(PolicyEvaluator.evaluate(documents: [ro], action: "s3:PutObject", resource: "arn:aws:s3:::b/*")
                == .implicitDeny)
    }

    @Test func resourceScopedAllow() throws {
        let w = try policy(Policies.appBucketWriter)
        #expect(PolicyEvaluator.allows([w], action: "s3:PutObject", resource: "arn:aws:s3:::app-data/*"))
        #expect(PolicyEvaluator.allows([w], action: "s3:PutObject", resource: "arn:aws:s3:::app-data/a/b.txt"))
        #expect(!PolicyEvaluator.allows([w], action: "s3:PutObject", resource: "arn:aws:s3:::app-data-2/*"))
        #expect(!PolicyEvaluator.allows([w], action: "s3:PutObject", resource: "arn:aws:s3:::App-Data/*"))
    }

    @Test func explicitDenyInAnotherDocumentWins() throws {
        let docs = [try policy(Policies.administratorAccess), try policy(Policies.denyProdBucket)]
        #expect(PolicyEvaluator.evaluate(documents: docs, action: "s3:GetObject",
                                         resource: "arn:aws:s3:::prod-secrets/k") == .explicitDeny)
        #expect(PolicyEvaluator.evaluate(documents: docs, action: "s3:GetObject",
                                         resource: "arn:aws:s3:::other/k") == .allowed)
        // A Deny alone is still a deny, not an allow.
        #expect(PolicyEvaluator.evaluate(documents: [try policy(Policies.denyProdBucket)], action: "s3:GetObject",
                                         resource: "arn:aws:s3:::prod-secrets") == .explicitDeny)
    }

    @Test func notActionAllowsEverythingElse() throws {
        let pu = try policy(Policies.powerUserAccess)
        #expect(PolicyEvaluator.allows([pu], action: "ec2:RunInstances", resource: "*"))
        #expect(!PolicyEvaluator.allows([pu], action: "iam:PutRolePolicy", resource: "arn:aws:iam::1:role/r"))
        #expect(PolicyEvaluator.allows([pu], action: "iam:ListRoles", resource: "*"))
    }

    @Test func notActionDenyAndNotResource() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:*","Resource":"*"},
          {"Effect":"Deny","NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::scratch/*"}
        ]}
        """)
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "s3:PutObject", resource: "arn:aws:s3:::data/k")
                == .explicitDeny)
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "s3:PutObject", resource: "arn:aws:s3:::scratch/k")
                == .allowed)
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "s3:GetObject", resource: "arn:aws:s3:::data/k")
                == .allowed)
    }

    @Test func conditionalAllowCountsButIsMarked() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
          "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}
        """)
        let e = PolicyEvaluator.evaluation(documents: [p], action: "s3:GetObject", resource: "arn:aws:s3:::b/k")
        #expect(e.decision == .allowed)
        #expect(e.isConditional)
        #expect(PolicyEvaluator.allows([p], action: "s3:GetObject", resource: "arn:aws:s3:::b/k"))
        // With the key known, the condition decides.
        let inRegion = RequestContext(["aws:RequestedRegion": ["eu-west-1"]])
        let elsewhere = RequestContext(["aws:requestedregion": ["us-east-1"]])
        let yes = PolicyEvaluator.evaluation(documents: [p], action: "s3:GetObject", resource: "x", context: inRegion)
        #expect(yes.decision == .allowed && !yes.isConditional)
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "s3:GetObject", resource: "x", context: elsewhere)
                == .implicitDeny)
        let unconditional = PolicyEvaluator.evaluation(documents: [try policy(Policies.s3ReadOnly)],
                                                       action: "s3:GetObject", resource: "x")
        #expect(!unconditional.isConditional)
    }

    @Test func conditionalDenyIsNotExplicitButMakesAllowConditional() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"*","Resource":"*"},
          {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}
        ]}
        """)
        let e = PolicyEvaluator.evaluation(documents: [p], action: "iam:CreateUser", resource: "*")
        #expect(e.decision == .allowed)
        #expect(e.isConditional)
        #expect(e.conditionalDenies.count == 1)
        let noMFA = RequestContext(["aws:MultiFactorAuthPresent": ["false"]])
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "iam:CreateUser", resource: "*", context: noMFA)
                == .explicitDeny)
        let absent = RequestContext(["aws:MultiFactorAuthPresent": []])
        #expect(PolicyEvaluator.evaluate(documents: [p], action: "iam:CreateUser", resource: "*", context: absent)
                == .explicitDeny, "IfExists: a request without the key is denied too")
    }

    @Test func conditionOperators() throws {
        func allowed(_ condition: String, _ context: [String: [String]]) throws -> PolicyDecision {
            let p = try policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
              "Condition":\(condition)}]}
            """)
            return PolicyEvaluator.evaluate(documents: [p], action: "s3:GetObject", resource: "x",
                                            context: RequestContext(context))
        }
        #expect(try allowed(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, ["aws:SourceIp": ["10.1.2.3"]]) == .allowed)
        #expect(try allowed(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, ["aws:SourceIp": ["11.1.2.3"]]) == .implicitDeny)
        #expect(try allowed(#"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, ["aws:SourceIp": ["11.1.2.3"]]) == .allowed)
        #expect(try allowed(#"{"StringLike":{"s3:prefix":"home/*"}}"#, ["s3:prefix": ["home/bob"]]) == .allowed)
        #expect(try allowed(#"{"StringNotLike":{"s3:prefix":"home/*"}}"#, ["s3:prefix": ["home/bob"]]) == .implicitDeny)
        #expect(try allowed(#"{"NumericLessThan":{"s3:max-keys":"10"}}"#, ["s3:max-keys": ["5"]]) == .allowed)
        #expect(try allowed(#"{"Null":{"aws:TokenIssueTime":"true"}}"#, ["aws:TokenIssueTime": []]) == .allowed)
        #expect(try allowed(#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": ["a", "c"]])
                == .implicitDeny)
        #expect(try allowed(#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": ["c", "b"]])
                == .allowed)
        #expect(try allowed(#"{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}"#,
                            ["aws:CurrentTime": ["2024-01-01T00:00:00Z"]]) == .allowed,
                "an operator the evaluator does not know leaves the allow conditional, not denied")
    }

    @Test func policyVariableInResourceIsConditional() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",
          "Resource":"arn:aws:s3:::home/${aws:username}/*"}]}
        """)
        let e = PolicyEvaluator.evaluation(documents: [p], action: "s3:PutObject", resource: "arn:aws:s3:::home/alice/f")
        #expect(e.decision == .allowed && e.isConditional)
    }
}
