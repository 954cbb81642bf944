import PalisadeIAM
import PalisadeModel
import Testing

@Suite struct PolicyParseTests {
    @Test func statementAsObjectOrList() throws {
        let single = try policy(Policies.appBucketWriter)
        #expect(single.statements.count == 1)
        #expect(single.statements[0].sid == "Write")
        #expect(single.statements[0].actions == .only(["s3:PutObject", "s3:GetObject"]))
        let list = try policy(Policies.powerUserAccess)
        #expect(list.statements.count == 2)
        #expect(list.statements[0].actions == .except(["iam:*", "organizations:*", "account:*"]))
    }

    @Test func principalsAndConditions() throws {
        let p = try policy(Policies.bucketBySourceIp)
        #expect(p.statements[0].principal == .specific(["AWS": ["*"]]))
        #expect(p.statements[0].principal?.includesEveryone == true)
        #expect(p.statements[0].conditions == [
            ConditionClause(op: "IpAddress", key: "aws:SourceIp", values: ["203.0.113.0/24", "198.51.100.7/32"]),
        ])
        let trust = try policy(Policies.ec2TrustPolicy)
        #expect(trust.statements[0].principal == .specific(["Service": ["ec2.amazonaws.com"]]))
        #expect(trust.statements[0].resources == nil)
        let open = try policy(Policies.publicReadBucket)
        #expect(open.statements[0].principal == .anyone)
    }

    @Test func booleanAndNumberConditionValuesBecomeStrings() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
          "Condition":{"Bool":{"aws:MultiFactorAuthPresent":false},"NumericLessThan":{"s3:max-keys":10}}}]}
        """)
        #expect(p.statements[0].conditions.map(\.values) == [["false"], ["10"]])
    }

    @Test func acceptsEncodedPolicyText() throws {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"
        let p = try PolicyDocument(json: .string(encoded))
        #expect(p.statements[0].actions == .only(["s3:*"]))
    }

    @Test(arguments: [
        (#"[1, 2]"#, "must be a JSON object"),
        (#"{"Version": "2012-10-17"}"#, "no Statement"),
        (#"{"Version": "2019-01-01", "Statement": []}"#, "not an IAM policy language version"),
        (#"{"Statement": [{"Action": "s3:*", "Resource": "*"}]}"#, "Statement[0].Effect is missing"),
        (#"{"Statement": [{"Effect": "Permit", "Action": "s3:*", "Resource": "*"}]}"#, "\"Permit\""),
        (#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#, "neither Action nor NotAction"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "a:b", "NotAction": "c:d", "Resource": "*"}]}"#, "both Action and NotAction"),
        (#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get", 3], "Resource": "*"}]}"#, "Statement[0].Action[1] must be a string"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Principal": "arn:aws:iam::1:root"}]}"#, "only \"*\" may be written bare"),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Condition": {"StringEquals": "x"}}]}"#, "Condition.StringEquals must be an object"),
        (#"{"Statement": "Allow everything"}"#, "Statement must be an object or a list"),
    ])
    func invalidPoliciesSayWhatIsWrong(text: String, fragment: String) throws {
        let error = #expect(throws: IAMError.self) { try policy(text) }
        #expect(error?.code == "iam.policy.invalid")
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }
}
