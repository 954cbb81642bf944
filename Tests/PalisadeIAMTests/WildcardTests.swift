import PalisadeIAM
import Testing

@Suite struct WildcardTests {
    @Test func actionsAreCaseInsensitive() {
        #expect(Wildcard.matches(pattern: "s3:Get*", "s3:getobject", caseInsensitive: true))
        #expect(Wildcard.matches(pattern: "S3:*", "s3:PutObject", caseInsensitive: true))
        #expect(!Wildcard.matches(pattern: "s3:Get*", "s3:PutObject", caseInsensitive: true))
        #expect(Wildcard.matches(pattern: "ec2:Describe?nstances", "ec2:DescribeInstances", caseInsensitive: true))
        #expect(!Wildcard.matches(pattern: "ec2:Describe?", "ec2:Describe", caseInsensitive: true))
    }

    @Test func resourcesAreCaseSensitive() {
        #expect(Wildcard.matches(pattern: "arn:aws:s3:::app-*/*", "arn:aws:s3:::app-data/k", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "arn:aws:s3:::App-data/*", "arn:aws:s3:::app-data/k", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "arn:aws:s3:::app-data/*", "arn:aws:s3:::app-data", caseInsensitive: false))
        #expect(Wildcard.matches(pattern: "*", "", caseInsensitive: false))
        #expect(Wildcard.matches(pattern: "a*b*c", "axxbyyc", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "a*b*c", "axxbyy", caseInsensitive: false))
    }

    @Test func policyVariablesMatchAnythingAndEscapesAreLiteral() {
        #expect(Wildcard.matches(pattern: "arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/bob/x",
                                 caseInsensitive: false))
        #expect(Wildcard.containsPolicyVariable("arn:aws:s3:::home/${aws:username}/*"))
        #expect(Wildcard.matches(pattern: "a${*}b", "a*b", caseInsensitive: false))
        #expect(!Wildcard.matches(pattern: "a${*}b", "axb", caseInsensitive: false))
        #expect(!Wildcard.containsPolicyVariable("a${*}b"))
    }
}
