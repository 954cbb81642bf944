import PalisadeIAM
import PalisadeModel
import Testing

@Suite struct PublicPolicyTests {
    @Test func publicReadBucketIsPublic() throws {
        #expect(PolicyEvaluator.isPublic(try policy(Policies.publicReadBucket)))
        #expect(PolicyEvaluator.isPublic(try policy(Policies.openTrust)))
    }

    @Test func restrictedBySourceIpOrOrgIsNotPublic() throws {
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.bucketBySourceIp)))
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.bucketByOrg)))
    }

    @Test func secureTransportAloneDoesNotRestrictWhoCalls() throws {
        #expect(PolicyEvaluator.isPublic(try policy(Policies.bucketTLSOnly)))
    }

    @Test func denyEveryoneOutsideTheVpcEndpointMakesItPrivate() throws {
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.bucketDenyOutsideVpce)))
        // The same Deny covering only PutObject does not protect the public GetObject.
        let partial = try policy("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::internal/*"},
          {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::internal/*",
           "Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}
        ]}
        """)
        #expect(PolicyEvaluator.isPublic(partial))
    }

    @Test func wildcardOrIfExistsConditionsDoNotRestrict() throws {
        for condition in [
            #"{"StringLike":{"aws:PrincipalOrgID":"*"}}"#,
            #"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#,
            #"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}"#,
            #"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}"#,
            #"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
            #"{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}"#,
        ] {
            let p = try policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:PutObject",
              "Resource":"arn:aws:s3:::b/*","Condition":\(condition)}]}
            """)
            #expect(PolicyEvaluator.isPublic(p), "\(condition) must not count as restricting the caller")
        }
        let restricted = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole",
          "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci-*"}}}]}
        """)
        #expect(!PolicyEvaluator.isPublic(restricted))
    }

    @Test func specificPrincipalsAreNotPublic() throws {
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.ec2TrustPolicy)))
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.crossAccountTrust)))
        #expect(!PolicyEvaluator.isPublic(try policy(Policies.githubOIDCTrust)))
        let denyAll = try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#)
        #expect(!PolicyEvaluator.isPublic(denyAll))
    }

    @Test func notPrincipalAllowIsPublic() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:user/bob"},
          "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}
        """)
        #expect(PolicyEvaluator.isPublic(p))
    }
}

@Suite struct AdminPolicyTests {
    @Test func administratorAccessIsAdmin() throws {
        #expect(PolicyEvaluator.grantsAdmin(try policy(Policies.administratorAccess)))
        let starStar = try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*:*","Resource":["*"]}]}"#)
        #expect(PolicyEvaluator.grantsAdmin(starStar))
    }

    @Test func readOnlyAndScopedAreNotAdmin() throws {
        #expect(!PolicyEvaluator.grantsAdmin(try policy(Policies.s3ReadOnly)))
        #expect(!PolicyEvaluator.grantsAdmin(try policy(Policies.appBucketWriter)))
        let scoped = try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}"#)
        #expect(!PolicyEvaluator.grantsAdmin(scoped))
    }

    @Test func notActionExcludingIAMIsNotAdminButNarrowExclusionIs() throws {
        #expect(!PolicyEvaluator.grantsAdmin(try policy(Policies.powerUserAccess)))
        let narrow = try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}]}"#)
        #expect(PolicyEvaluator.grantsAdmin(narrow))
        let empty = try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":[],"Resource":"*"}]}"#)
        #expect(PolicyEvaluator.grantsAdmin(empty))
    }

    @Test func denyOfIAMRemovesAdmin() throws {
        let p = try policy("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
          {"Effect":"Deny","Action":"iam:*","Resource":"*"}]}
        """)
        #expect(!PolicyEvaluator.grantsAdmin(p))
        let split = [try policy(Policies.administratorAccess),
                     try policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#)]
        #expect(!PolicyEvaluator.grantsAdmin(split))
    }
}
