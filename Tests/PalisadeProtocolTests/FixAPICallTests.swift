import PalisadeProtocol
import Testing

/// The IAM action a fix plan tells the user to allow is the one AWS checks, not the API operation's name.
@Suite struct FixAPICallTests {
    func call(_ service: String, _ action: String) -> FixAPICall {
        FixAPICall(style: .query, service: service, action: action, region: "us-east-1", title: "")
    }

    @Test func s3OperationsNamedDifferentlyInIAMAreMapped() {
        #expect(call("s3", "PutPublicAccessBlock").iamAction == "s3:PutBucketPublicAccessBlock")
        #expect(call("s3", "DeleteBucketEncryption").iamAction == "s3:PutEncryptionConfiguration")
        #expect(call("s3", "PutBucketVersioning").iamAction == "s3:PutBucketVersioning")
        #expect(call("s3control", "DeletePublicAccessBlock").iamAction == "s3:PutAccountPublicAccessBlock")
        #expect(call("ec2", "RevokeSecurityGroupIngress").iamAction == "ec2:RevokeSecurityGroupIngress")
    }
}
