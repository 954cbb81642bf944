import Foundation
import PalisadeModel
import Testing
@testable import AWSConnector

/// Answers shaped like the AWS API reference examples, for what moto 5.2.1 does not return: bucket policy
/// status, S3 Control's configured block, Performance Insights, AWS managed and asymmetric KMS keys, pagination
/// and denied detail calls.
extension DataStoreCollectorTests {
    static func denied(_ code: String, _ status: Int = 403, json: Bool = false, _ message: String) -> HTTPResponse {
        json ? HTTPResponse(status: status, body: Data(#"{"__type":"\#(code)","message":"\#(message)"}"#.utf8),
                            headers: ["x-amzn-errortype": "\(code):http://internal.amazon.com/coral/com.amazon.kms/"])
            : HTTPResponse(status: status, body: Data("<Error><Code>\(code)</Code><Message>\(message)</Message></Error>".utf8))
    }

    static func header(_ r: HTTPRequest, _ name: String) -> String? {
        r.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    // MARK: S3

    @Test func bucketSettingsFromRecordedAnswersKeepDeniedApartFromNotConfigured() async throws {
        let ns = #"xmlns="http://s3.amazonaws.com/doc/2006-03-01/""#
        let transport = RecordedTransport { _, query in
            switch query {
            case "location": return .ok("<LocationConstraint \(ns)>us-west-2</LocationConstraint>")
            case "acl": return .ok("<AccessControlPolicy \(ns)><Owner><ID>o1</ID></Owner><AccessControlList/></AccessControlPolicy>")
            case "policy":
                return .ok(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shop-assets/*"}]}"#)
            case "policyStatus": return .ok("<PolicyStatus \(ns)><IsPublic>TRUE</IsPublic></PolicyStatus>")
            case "publicAccessBlock":
                return .ok("<PublicAccessBlockConfiguration \(ns)><BlockPublicAcls>true</BlockPublicAcls>"
                           + "<IgnorePublicAcls>true</IgnorePublicAcls></PublicAccessBlockConfiguration>")
            case "encryption":
                return .ok("<ServerSideEncryptionConfiguration \(ns)><Rule><ApplyServerSideEncryptionByDefault>"
                           + "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                           + "<BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>")
            case "versioning":
                return .ok("<VersioningConfiguration \(ns)><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>")
            case "logging": return Self.denied("AccessDenied", 403, "Access Denied")
            case "lifecycle": return Self.denied("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
            case "object-lock":
                return Self.denied("ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket")
            case "replication":
                return .ok("<ReplicationConfiguration \(ns)><Role>arn:aws:iam::111122223333:role/s3-replication</Role>"
                           + "<Rule><ID>to-dr</ID><Priority>1</Priority><Status>Enabled</Status><Filter><Prefix>orders/</Prefix></Filter>"
                           + "<Destination><Bucket>arn:aws:s3:::shop-assets-dr</Bucket><Account>444455556666</Account>"
                           + "<EncryptionConfiguration><ReplicaKmsKeyID>arn:aws:kms:us-east-1:444455556666:key/dr</ReplicaKmsKeyID>"
                           + "</EncryptionConfiguration></Destination><DeleteMarkerReplication><Status>Disabled</Status>"
                           + "</DeleteMarkerReplication></Rule></ReplicationConfiguration>")
            case "tagging":
                return .ok("<Tagging \(ns)><TagSet><Tag><Key>data-classification</Key><Value>confidential</Value></Tag>"
                           + "<Tag><Key>owner</Key><Value></Value></Tag></TagSet></Tagging>")
            case "ownershipControls":
                return .ok("<OwnershipControls \(ns)><Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>")
            default: return .init(status: 500, body: Data())
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "111122223333")
        let b = await S3Collector(ctx).bucket(XMLNode(name: "Bucket", children: [XMLNode(name: "Name", text: "shop-assets")]))
        #expect(b.region == "us-west-2")
        #expect(b.properties["policyIsPublic"] == true)
        #expect(b.properties["publicAccessBlock"] == ["blockPublicAcls": true, "ignorePublicAcls": true,
                                                      "blockPublicPolicy": nil, "restrictPublicBuckets": nil])
        #expect(b.properties["encryption"] == ["algorithm": "AES256", "kmsKeyId": nil])
        #expect(b.properties["logging"] == nil)
        #expect(b.unknown == ["logging": "AccessDenied: s3:GetBucketLogging"])
        #expect(b.properties["lifecycle"] == .null)
        #expect(b.properties["objectLock"] == ["enabled": false, "defaultRetention": nil])
        #expect(b.properties["replication"] == ["role": "arn:aws:iam::111122223333:role/s3-replication", "rules": [
            ["id": "to-dr", "status": "Enabled", "priority": 1, "destinationBucket": "arn:aws:s3:::shop-assets-dr",
             "destinationAccount": "444455556666", "replicaKmsKeyId": "arn:aws:kms:us-east-1:444455556666:key/dr"]]])
        #expect(b.properties["objectOwnership"] == "BucketOwnerPreferred")
        #expect(b.tags == ["data-classification": "confidential", "owner": ""])
        #expect(b.properties.value(at: "raw.policyStatus.IsPublic") == "TRUE")
        #expect(b.properties.value(at: "raw.logging") == nil)

        // A policy status without IsPublic is unknown, not false; no policy at all is "not public".
        #expect(throws: AWSError.self) { try S3Collector.policyIsPublic(XMLNode(name: "PolicyStatus")) }
        var bag = PropertyBag()
        let noPolicy = Result<XMLNode, AWSError>.failure(AWSError(code: "NoSuchBucketPolicy", message: ""))
        bag.set("policyIsPublic", noPolicy.parse(S3Collector.policyIsPublic),
                absentCodes: ["NoSuchBucketPolicy"], absent: false)
        #expect(bag["policyIsPublic"] == false)
    }

    @Test func bucketTagsDeniedAreUnknownAndNoTagSetIsNoTags() async throws {
        func bucket(tagging: HTTPResponse) async -> Resource {
            let transport = RecordedTransport { _, query in
                switch query {
                case "location": return .ok("<LocationConstraint/>")
                case "tagging": return tagging
                default: return Self.denied("NoSuchThing", 404, "not configured")
                }
            }
            let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "111122223333")
            return await S3Collector(ctx).bucket(XMLNode(name: "Bucket", children: [XMLNode(name: "Name", text: "b")]))
        }
        let denied = await bucket(tagging: Self.denied("AccessDenied", 403, "Access Denied"))
        #expect(denied.tags == [:])
        #expect(denied.unknown["tags"] == "AccessDenied: s3:GetBucketTagging")
        let none = await bucket(tagging: Self.denied("NoSuchTagSet", 404, "The TagSet does not exist"))
        #expect(none.tags == [:])
        #expect(none.unknown["tags"] == nil)
    }

    @Test func accountPublicAccessBlockComesFromS3ControlSignedAsS3() async throws {
        let transport = RecordedTransport { req, _ in
            if req.url.path == "/v20180820/configuration/publicAccessBlock" {
                return .ok("""
                    <PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">\
                    <BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>\
                    <BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets>\
                    </PublicAccessBlockConfiguration>
                    """)
            }
            return .ok("<ListAllMyBucketsResult><Owner><ID>o1</ID></Owner><Buckets/></ListAllMyBucketsResult>")
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "111122223333")
        let (scopes, resources) = await Self.run { await S3Collector(ctx).collect(emit: $0) }
        #expect(scopes.map(\.status) == [.ok, .ok])
        let block = try #require(resources.first)
        #expect(block.type == "aws.s3.account_public_access_block")
        #expect(block.properties["configured"] == true)
        #expect(block.properties["blockPublicPolicy"] == true)
        #expect(block.properties["restrictPublicBuckets"] == false)
        #expect(block.properties.value(at: "raw.RestrictPublicBuckets") == "false")
        let request = try #require(transport.requests.first { $0.url.path.hasPrefix("/v20180820") })
        #expect(Self.header(request, "x-amz-account-id") == "111122223333")
        #expect(Self.header(request, "Authorization")?.contains("/us-east-1/s3/aws4_request") == true)
        #expect(Self.header(request, "Authorization")?.contains("x-amz-account-id") == true)

        let real = AWSEndpoints()
        #expect(real.s3ControlURL(account: "111122223333", region: "eu-west-1").host
            == "111122223333.s3-control.eu-west-1.amazonaws.com")
        #expect(real.signingName(service: "s3control") == "s3")

        // Denied: only the account-block scope fails; buckets are still collected.
        let deniedTransport = RecordedTransport { req, _ in
            req.url.path.hasPrefix("/v20180820") ? Self.denied("AccessDenied", 403, "Access Denied")
                : .ok("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>")
        }
        let deniedCtx = CollectorContext(client: RecordedTransport.client(deniedTransport), account: "111122223333")
        let (deniedScopes, none) = await Self.run { await S3Collector(deniedCtx).collect(emit: $0) }
        #expect(deniedScopes.map(\.status) == [.ok, .error])
        #expect(deniedScopes[1].reason == "AccessDenied: s3:GetAccountPublicAccessBlock")
        #expect(deniedScopes[1].resourceTypes == ["aws.s3.account_public_access_block"])
        #expect(none.isEmpty)
    }
}
