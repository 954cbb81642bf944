import Foundation
import PalisadeModel
import Synchronization
import Testing
@testable import AWSConnector

/// Responses recorded from moto 5.2.1 (trimmed), parsed into the documented properties.
@Suite struct XMLResponseTests {
    static let iamError = """
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>\
        <Message>Login profile for ci-bot not found</Message></Error><RequestId>q8N4</RequestId></ErrorResponse>
        """
    static let ec2Error = """
        <?xml version="1.0" encoding="utf-8"?>
        <Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><Errors><Error><Code>InvalidInstanceID.NotFound</Code>\
        <Message>The instance ID 'i-nope' does not exist</Message></Error></Errors><RequestID>request-id</RequestID></Response>
        """
    static let s3Error = """
        <?xml version="1.0" encoding="utf-8"?>
        <Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message>\
        <BucketName>palisade-demo-customer-data</BucketName><RequestId>gHNl</RequestId></Error>
        """

    @Test func errorBodiesOfAllThreeShapes() {
        let iam = AWSError.fromBody(Data(Self.iamError.utf8), status: 404, operation: "iam:GetLoginProfile")
        #expect(iam?.code == "NoSuchEntity")
        #expect(iam?.reason == "NoSuchEntity: iam:GetLoginProfile")
        #expect(iam?.httpStatus == 404)
        let ec2 = AWSError.fromBody(Data(Self.ec2Error.utf8), status: 400, operation: "ec2:DescribeInstances")
        #expect(ec2?.code == "InvalidInstanceID.NotFound")
        #expect(ec2?.message == "The instance ID 'i-nope' does not exist")
        let s3 = AWSError.fromBody(Data(Self.s3Error.utf8), status: 404, operation: "s3:GetBucketPolicy")
        #expect(s3?.code == "NoSuchBucketPolicy")
        #expect(AWSError.fromBody(Data("<html>oops</html>".utf8), status: 502, operation: "x") == nil)
        #expect(AWSError(code: "Throttling", message: "", httpStatus: 400).isRetryable)
        #expect(AWSError(code: "HTTP503", message: "", httpStatus: 503).isRetryable)
        #expect(!AWSError(code: "AccessDenied", message: "", httpStatus: 403).isRetryable)
    }

    @Test func malformedXMLIsAClearError() {
        #expect(throws: AWSError.self) { try XMLNode.parse(Data("<a><b></a>".utf8)) }
    }

    static let instanceXML = """
        <?xml version="1.0" encoding="utf-8"?>
        <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><reservationSet><item>\
        <reservationId>r-1</reservationId><instancesSet><item>\
        <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web-app-profile</arn><id>iip</id></iamInstanceProfile>\
        <networkInterfaceSet><item><groupSet><item><groupId>sg-357</groupId><groupName>web-open-ssh</groupName></item></groupSet>\
        </item></networkInterfaceSet><groupSet/>\
        <tagSet><item><key>Name</key><value>web-1</value></item></tagSet>\
        <metadataOptions><state>applied</state><httpTokens>optional</httpTokens><httpEndpoint>enabled</httpEndpoint></metadataOptions>\
        <instanceId>i-46f</instanceId><imageId>ami-03cf127a</imageId><instanceState><code>16</code><name>running</name></instanceState>\
        <instanceType>t3.micro</instanceType><launchTime>2026-11-23T16:23:19.000Z</launchTime>\
        <subnetId>subnet-0fe</subnetId><vpcId>vpc-ee2</vpcId><privateIpAddress>172.31.0.4</privateIpAddress>\
        <ipAddress>54.214.169.228</ipAddress></item></instancesSet></item></reservationSet><requestId>r</requestId>\
        </DescribeInstancesResponse>
        """
    static let sgXML = """
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><securityGroupInfo><item>\
        <groupId>sg-ea4</groupId><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item>\
        <cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress><tagSet/>\
        <vpcId>vpc-ee2</vpcId><ownerId>123456789012</ownerId><groupName>rdp-open-v6</groupName>\
        <groupDescription>RDP open</groupDescription><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>3389</fromPort>\
        <toPort>3389</toPort><groups/><ipRanges/><ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges>\
        <prefixListIds/></item><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/>        <ipRanges/><ipv6Ranges/><prefixListIds><item><prefixListId>pl-0ffice</prefixListId><description>office        </description></item></prefixListIds></item></ipPermissions></item></securityGroupInfo><requestId>r</requestId></DescribeSecurityGroupsResponse>
        """

    @Test func ec2InstanceAndSecurityGroupProperties() throws {
        let ctx = CollectorContext(client: RecordedTransport.client(RecordedTransport { _, _ in .init(status: 500, body: Data()) }),
                                   account: "123456789012")
        let doc = try XMLNode.parse(Data(Self.instanceXML.utf8))
        let item = try #require(doc.list("reservationSet").first?.list("instancesSet").first)
        let i = EC2Collector(ctx).instance(item, region: "us-east-1")
        #expect(i.id == "arn:aws:ec2:us-east-1:123456789012:instance/i-46f")
        #expect(i.name == "web-1")
        #expect(i.properties["publicIpAddress"] == "54.214.169.228")
        #expect(i.properties["securityGroupIds"] == ["sg-357"])
        #expect(i.properties["iamInstanceProfileArn"] == "arn:aws:iam::123456789012:instance-profile/web-app-profile")
        #expect(i.properties["metadataOptions"] == ["httpTokens": "optional", "httpEndpoint": "enabled",
                                                 "httpPutResponseHopLimit": nil, "instanceMetadataTags": nil])
        #expect(i.properties["state"] == "running")

        let sgDoc = try XMLNode.parse(Data(Self.sgXML.utf8))
        let sg = VPCCollector(ctx).securityGroup(try #require(sgDoc.list("securityGroupInfo").first), region: "us-east-1")
        #expect(sg.properties["ingress"] == [["ipProtocol": "tcp", "fromPort": 3389, "toPort": 3389, "ipv4Ranges": [],
                                              "ipv6Ranges": ["::/0"], "sourceGroupIds": [], "prefixListIds": []],
                                             ["ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipv4Ranges": [],
                                              "ipv6Ranges": [], "sourceGroupIds": [], "prefixListIds": ["pl-0ffice"]]])
        #expect(sg.properties["egress"] == [["ipProtocol": "-1", "fromPort": nil, "toPort": nil,
                                             "ipv4Ranges": ["0.0.0.0/0"], "ipv6Ranges": [], "sourceGroupIds": [],
                                             "prefixListIds": []]])

        // Managed prefix lists: a customer list with its entries; an AWS-managed one without (not read).
        let plXML = """
            <DescribeManagedPrefixListsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><prefixListSet><item>            <prefixListId>pl-0ffice</prefixListId><addressFamily>IPv4</addressFamily><state>create-complete</state>            <prefixListArn>arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-0ffice</prefixListArn>            <prefixListName>office</prefixListName><maxEntries>5</maxEntries><version>1</version><tagSet/>            <ownerId>123456789012</ownerId></item></prefixListSet></DescribeManagedPrefixListsResponse>
            """
        let entriesXML = """
            <GetManagedPrefixListEntriesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><entrySet><item>            <cidr>203.0.113.0/24</cidr><description>HQ</description></item></entrySet></GetManagedPrefixListEntriesResponse>
            """
        let pl = try #require(try XMLNode.parse(Data(plXML.utf8)).list("prefixListSet").first)
        let entries = try XMLNode.parse(Data(entriesXML.utf8)).list("entrySet")
        let office = VPCCollector(ctx).prefixList(pl, region: "us-east-1", entries: .success(entries))
        #expect(office.id == "arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-0ffice")
        #expect(office.name == "office")
        #expect(office.properties["entries"] == [["cidr": "203.0.113.0/24", "description": "HQ"]])
        #expect(office.properties["awsManaged"] == false)
        let denied = VPCCollector(ctx).prefixList(pl, region: "us-east-1", entries: .failure(
            AWSError(code: "UnauthorizedOperation", message: "no", operation: "ec2:GetManagedPrefixListEntries")))
        #expect(denied.properties["entries"] == nil)
        #expect(denied.unknown["entries"] == "UnauthorizedOperation: ec2:GetManagedPrefixListEntries")
        let awsList = VPCCollector(ctx).prefixList(pl, region: "us-east-1", entries: nil)
        #expect(awsList.properties["awsManaged"] == true)
        #expect(awsList.properties["entries"] == nil)
        #expect(awsList.unknown.isEmpty)
    }

    @Test func s3AclGrantsWithXsiType() throws {
        let xml = """
            <AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>75aa</ID></Owner>\
            <AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">\
            <ID>75aa</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant><Grant>\
            <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">\
            <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>\
            </AccessControlList></AccessControlPolicy>
            """
        let acl = S3Collector.acl(try XMLNode.parse(Data(xml.utf8)))
        #expect(acl == ["ownerId": "75aa", "grants": [
            ["granteeType": "CanonicalUser", "granteeId": "75aa", "granteeUri": nil, "permission": "FULL_CONTROL"],
            ["granteeType": "Group", "granteeId": nil, "granteeUri": "http://acs.amazonaws.com/groups/global/AllUsers",
             "permission": "READ"],
        ]])
    }

    @Test func urlEncodedAndPlainPolicyDocumentsBothParse() throws {
        let plain = #"{"Version": "2012-10-17", "Statement": []}"#
        let encoded = "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%5D%7D"
        #expect(try JSONValue.policyDocument(plain) == ["Version": "2012-10-17", "Statement": []])
        #expect(try JSONValue.policyDocument(encoded) == ["Version": "2012-10-17", "Statement": []])
        #expect(throws: AWSError.self) { try JSONValue.policyDocument("%7Bnot json") }
    }

    @Test func iamPaginationFollowsMarker() async throws {
        let page1 = """
            <ListUsersResponse><ListUsersResult><Users><member><UserName>a</UserName></member></Users>\
            <IsTruncated>true</IsTruncated><Marker>m1</Marker></ListUsersResult></ListUsersResponse>
            """
        let page2 = """
            <ListUsersResponse><ListUsersResult><Users><member><UserName>b</UserName></member></Users>\
            <IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>
            """
        let transport = RecordedTransport { _, body in .init(status: 200, body: Data((body.contains("Marker=m1") ? page2 : page1).utf8)) }
        let client = RecordedTransport.client(transport)
        let users = try await client.iamList("ListUsers", list: "Users", maxItems: 1)
        #expect(users.map { $0.string("UserName") } == ["a", "b"])
        #expect(client.apiCalls == 2)
        let bodies = transport.requests.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies == ["Action=ListUsers&Version=2010-05-08&MaxItems=1",
                           "Action=ListUsers&Version=2010-05-08&MaxItems=1&Marker=m1"])
    }

    @Test func ec2PaginationFollowsNextToken() async throws {
        let transport = RecordedTransport { _, body in
            let token = body.contains("NextToken=t1") ? "" : "<nextToken>t1</nextToken>"
            let id = body.contains("NextToken=t1") ? "vol-2" : "vol-1"
            return .ok("<DescribeVolumesResponse><volumeSet><item><volumeId>\(id)</volumeId></item></volumeSet>\(token)</DescribeVolumesResponse>")
        }
        let vols = try await RecordedTransport.client(transport).ec2List("DescribeVolumes", list: "volumeSet", region: "us-east-1")
        #expect(vols.map { $0.string("volumeId") } == ["vol-1", "vol-2"])
    }

    @Test func throttlingIsRetriedThenSucceeds() async throws {
        let transport = RecordedTransport { _, _ in .ok("<x/>") }
        let failing = Countdown(2)
        let flaky = RecordedTransport { r, b in
            failing.next() ? .init(status: 400, body: Data("<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>".utf8))
                : transport.answer(r, b)
        }
        let client = RecordedTransport.client(flaky)
        _ = try await client.query(service: "iam", region: "us-east-1", action: "ListUsers", version: "2010-05-08")
        #expect(client.apiCalls == 3)
    }

    @Test func accessDeniedOnADetailCallBecomesUnknownAndNoSuchConfigBecomesNull() async throws {
        let transport = RecordedTransport { req, query in
            switch query {
            case "location": return .ok("<LocationConstraint>eu-west-1</LocationConstraint>")
            case "acl": return .ok("<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList/></AccessControlPolicy>")
            case "policy": return .init(status: 403, body: Data("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".utf8))
            case "publicAccessBlock":
                return .init(status: 404, body: Data("<Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>x</Message></Error>".utf8))
            case "encryption":
                return .init(status: 404, body: Data("<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code><Message>x</Message></Error>".utf8))
            case "versioning": return .ok("<VersioningConfiguration/>")
            default: return .init(status: 500, body: Data())
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let b = await S3Collector(ctx, homeRegion: "us-east-1")
            .bucket(XMLNode(name: "Bucket", children: [XMLNode(name: "Name", text: "b1")]))
        #expect(b.region == "eu-west-1")
        #expect(b.properties["policy"] == nil)
        #expect(b.unknown["policy"] == "AccessDenied: s3:GetBucketPolicy")
        #expect(b.properties["publicAccessBlock"] == .null)
        #expect(b.properties["encryption"] == .null)
        #expect(b.properties["versioning"] == "Disabled")
        #expect(b.properties["mfaDelete"] == "Disabled")
        #expect(b.properties["acl"] == ["ownerId": "o", "grants": []])
    }
}

/// True for the first `n` calls.
final class Countdown: Sendable {
    private let left: Synchronization.Mutex<Int>
    init(_ n: Int) { left = .init(n) }
    func next() -> Bool { left.withLock { if $0 > 0 { $0 -= 1; return true }; return false } }
}
