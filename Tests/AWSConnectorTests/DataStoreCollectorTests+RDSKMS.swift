import Foundation
import PalisadeModel
import Testing
@testable import AWSConnector

/// RDS and KMS against answers shaped like the API reference examples.
extension DataStoreCollectorTests {
    static let rdsNS = #"xmlns="http://rds.amazonaws.com/doc/2014-10-31/""#

    static func rdsPage(_ action: String, _ list: String, _ items: String, marker: String? = nil) -> HTTPResponse {
        .ok("<\(action)Response \(rdsNS)><\(action)Result><\(list)>\(items)</\(list)>"
            + (marker.map { "<Marker>\($0)</Marker>" } ?? "")
            + "</\(action)Result><ResponseMetadata><RequestId>5e60c46d</RequestId></ResponseMetadata></\(action)Response>")
    }

    static let ordersPrimary = """
        <DBInstance><DBInstanceIdentifier>orders-primary</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass>\
        <Engine>mysql</Engine><DBInstanceStatus>available</DBInstanceStatus><MasterUsername>admin</MasterUsername>\
        <Endpoint><Address>orders-primary.c1abcdefghij.us-west-2.rds.amazonaws.com</Address><Port>3306</Port>\
        <HostedZoneId>Z1PVIF0B656C1W</HostedZoneId></Endpoint><AllocatedStorage>100</AllocatedStorage>\
        <BackupRetentionPeriod>7</BackupRetentionPeriod><VpcSecurityGroups><VpcSecurityGroupMembership>\
        <VpcSecurityGroupId>sg-0a1b2c3d4e5f60718</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>\
        </VpcSecurityGroups><DBSubnetGroup><DBSubnetGroupName>private-db</DBSubnetGroupName><VpcId>vpc-0abc1234</VpcId>\
        </DBSubnetGroup><MultiAZ>true</MultiAZ><EngineVersion>8.0.35</EngineVersion>\
        <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade><PubliclyAccessible>false</PubliclyAccessible>\
        <StorageType>gp3</StorageType><StorageEncrypted>true</StorageEncrypted>\
        <KmsKeyId>arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab</KmsKeyId>\
        <CACertificateIdentifier>rds-ca-rsa2048-g1</CACertificateIdentifier><CertificateDetails>\
        <CAIdentifier>rds-ca-rsa2048-g1</CAIdentifier><ValidTill>2027-05-14T21:00:00Z</ValidTill></CertificateDetails>\
        <CopyTagsToSnapshot>true</CopyTagsToSnapshot><DBInstanceArn>arn:aws:rds:us-west-2:111122223333:db:orders-primary</DBInstanceArn>\
        <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>\
        <PerformanceInsightsEnabled>true</PerformanceInsightsEnabled>\
        <PerformanceInsightsKMSKeyId>arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab</PerformanceInsightsKMSKeyId>\
        <EnabledCloudwatchLogsExports><member>audit</member><member>error</member></EnabledCloudwatchLogsExports>\
        <DeletionProtection>true</DeletionProtection><TagList><Tag><Key>Name</Key><Value>Orders primary</Value></Tag></TagList>\
        </DBInstance>
        """
    static let legacy = """
        <DBInstance><DBInstanceIdentifier>legacy-reports</DBInstanceIdentifier><Engine>postgres</Engine>\
        <BackupRetentionPeriod>1</BackupRetentionPeriod><MultiAZ>false</MultiAZ><AutoMinorVersionUpgrade>false</AutoMinorVersionUpgrade>\
        <PubliclyAccessible>true</PubliclyAccessible><StorageEncrypted>false</StorageEncrypted>\
        <CopyTagsToSnapshot>false</CopyTagsToSnapshot><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled>\
        <PerformanceInsightsEnabled>false</PerformanceInsightsEnabled><DeletionProtection>false</DeletionProtection></DBInstance>
        """

    @Test func rdsPagesThroughMarkerAndADeniedSnapshotAttributeCallIsUnknown() async throws {
        let transport = RecordedTransport { _, body in
            switch body {
            case let b where b.contains("Action=DescribeDBInstances&") && b.contains("Marker=orders-primary"):
                return Self.rdsPage("DescribeDBInstances", "DBInstances", Self.legacy)
            case let b where b.contains("Action=DescribeDBInstances&"):
                return Self.rdsPage("DescribeDBInstances", "DBInstances", Self.ordersPrimary, marker: "orders-primary")
            case let b where b.contains("Action=DescribeDBClusters&"):
                return .init(status: 403, body: Data("""
                    <ErrorResponse \(Self.rdsNS)><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: \
                    arn:aws:iam::111122223333:user/palisade-scanner is not authorized to perform: rds:DescribeDBClusters</Message>\
                    </Error><RequestId>7a6b</RequestId></ErrorResponse>
                    """.utf8))
            case let b where b.contains("Action=DescribeDBSnapshots&"):
                return Self.rdsPage("DescribeDBSnapshots", "DBSnapshots", """
                    <DBSnapshot><DBSnapshotIdentifier>orders-before-migration</DBSnapshotIdentifier>\
                    <DBInstanceIdentifier>orders-primary</DBInstanceIdentifier><SnapshotType>manual</SnapshotType>\
                    <Engine>mysql</Engine><Status>available</Status><Encrypted>true</Encrypted>\
                    <DBSnapshotArn>arn:aws:rds:us-west-2:111122223333:snapshot:orders-before-migration</DBSnapshotArn>\
                    </DBSnapshot>
                    """)
            case let b where b.contains("Action=DescribeDBSnapshotAttributes&"):
                return .init(status: 403, body: Data("""
                    <ErrorResponse \(Self.rdsNS)><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: \
                    arn:aws:iam::111122223333:user/palisade-scanner is not authorized to perform: \
                    rds:DescribeDBSnapshotAttributes</Message></Error><RequestId>7a6c</RequestId></ErrorResponse>
                    """.utf8))
            case let b where b.contains("Action=DescribeDBClusterSnapshots&"):
                return Self.rdsPage("DescribeDBClusterSnapshots", "DBClusterSnapshots", "")
            default: return .init(status: 500, body: Data())
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "111122223333")
        let (scopes, resources) = await Self.run { await RDSCollector(ctx).collect(region: "us-west-2", emit: $0) }
        #expect(scopes.map(\.status) == [.ok, .error, .ok, .ok])
        #expect(scopes[1].reason == "AccessDenied: rds:DescribeDBClusters")
        #expect(scopes[1].resourceTypes == ["aws.rds.db_cluster"])

        let instances = resources.filter { $0.type == "aws.rds.db_instance" }
        #expect(instances.map(\.name) == ["Orders primary", "legacy-reports"])
        let bodies = transport.requests.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies.contains("Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=100&Marker=orders-primary"))
        let orders = instances[0]
        #expect(orders.properties["performanceInsightsEnabled"] == true)
        #expect(orders.properties["certificateValidTill"] == "2027-05-14T21:00:00Z")
        #expect(orders.properties["enabledCloudwatchLogsExports"] == ["audit", "error"])
        #expect(orders.properties["vpcId"] == "vpc-0abc1234")
        #expect(orders.properties["vpcSecurityGroupIds"] == ["sg-0a1b2c3d4e5f60718"])
        #expect(orders.properties["port"] == 3306)
        #expect(orders.unknown.isEmpty)
        let legacy = instances[1]
        #expect(legacy.id == "arn:aws:rds:us-west-2:111122223333:db:legacy-reports")  // built when the answer has none
        #expect(legacy.properties["performanceInsightsEnabled"] == false)
        #expect(legacy.properties["publiclyAccessible"] == true)
        #expect(legacy.properties["enabledCloudwatchLogsExports"] == [])

        let snapshot = try #require(resources.first { $0.type == "aws.rds.db_snapshot" })
        #expect(snapshot.properties["encrypted"] == true)
        #expect(snapshot.properties["public"] == nil)
        #expect(snapshot.properties["sharedAccounts"] == nil)
        #expect(snapshot.unknown == ["public": "AccessDenied: rds:DescribeDBSnapshotAttributes",
                                     "sharedAccounts": "AccessDenied: rds:DescribeDBSnapshotAttributes"])

        // A boolean AWS always returns but the answer lacks is unknown, never false.
        let partial = RDSCollector.instanceProperties(try XMLNode.parse(Data(
            "<DBInstance><DBInstanceIdentifier>x</DBInstanceIdentifier><BackupRetentionPeriod>0</BackupRetentionPeriod></DBInstance>".utf8)))
        #expect(partial["storageEncrypted"] == nil)
        #expect(partial.unknown["storageEncrypted"] == "connector.aws.response.incomplete: rds:DescribeDBInstances has no StorageEncrypted")
        #expect(partial.unknown["publiclyAccessible"] != nil)
    }

    static func kmsMeta(_ id: String, manager: String, spec: String = "SYMMETRIC_DEFAULT",
                        usage: String = "ENCRYPT_DECRYPT", description: String = "") -> String {
        """
        {"KeyMetadata":{"AWSAccountId":"111122223333","Arn":"arn:aws:kms:us-west-2:111122223333:key/\(id)",\
        "CreationDate":1.499288695918E9,"CustomerMasterKeySpec":"\(spec)","Description":"\(description)","Enabled":true,\
        "EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"KeyId":"\(id)","KeyManager":"\(manager)","KeySpec":"\(spec)",\
        "KeyState":"Enabled","KeyUsage":"\(usage)","MultiRegion":false,"Origin":"AWS_KMS"}}
        """
    }

    @Test func kmsPagesKeysAndSaysWhenRotationDoesNotApplyOrWasDenied() async throws {
        let app = "1234abcd-12ab-34cd-56ef-1234567890ab", awsS3 = "0987dcba-09fe-87dc-65ba-ab0987654321"
        let signing = "5678efgh-56ef-78gh-90ij-5678901234cd"
        let transport = RecordedTransport { req, body in
            let target = Self.header(req, "X-Amz-Target") ?? ""
            let json = { (text: String) in HTTPResponse.ok(text) }
            switch target {
            case "TrentService.ListAliases":
                return json(#"{"Aliases":[{"AliasArn":"arn:aws:kms:us-west-2:111122223333:alias/aws/s3","AliasName":"alias/aws/s3","TargetKeyId":"\#(awsS3)"},{"AliasArn":"arn:aws:kms:us-west-2:111122223333:alias/app-data","AliasName":"alias/app-data","TargetKeyId":"\#(app)"},{"AliasArn":"arn:aws:kms:us-west-2:111122223333:alias/aws/rds","AliasName":"alias/aws/rds"}],"Truncated":false}"#)
            case "TrentService.ListKeys" where body.contains(#""Marker":"eyJrIjoiMiJ9""#):
                return json(#"{"Keys":[{"KeyArn":"arn:aws:kms:us-west-2:111122223333:key/\#(signing)","KeyId":"\#(signing)"}],"Truncated":false}"#)
            case "TrentService.ListKeys":
                return json(#"{"Keys":[{"KeyArn":"arn:aws:kms:us-west-2:111122223333:key/\#(app)","KeyId":"\#(app)"},{"KeyArn":"arn:aws:kms:us-west-2:111122223333:key/\#(awsS3)","KeyId":"\#(awsS3)"}],"NextMarker":"eyJrIjoiMiJ9","Truncated":true}"#)
            case "TrentService.DescribeKey" where body.contains(app): return json(Self.kmsMeta(app, manager: "CUSTOMER"))
            case "TrentService.DescribeKey" where body.contains(awsS3):
                return json(Self.kmsMeta(awsS3, manager: "AWS", description: "Default key that protects my S3 objects when no other key is defined"))
            case "TrentService.DescribeKey": return json(Self.kmsMeta(signing, manager: "CUSTOMER", spec: "RSA_2048", usage: "SIGN_VERIFY"))
            case "TrentService.GetKeyRotationStatus":
                return Self.denied("AccessDeniedException", 400, json: true, "User: arn:aws:iam::111122223333:user/palisade-scanner "
                                   + "is not authorized to perform: kms:GetKeyRotationStatus")
            case "TrentService.GetKeyPolicy":
                return json(#"{"Policy":"{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}","PolicyName":"default"}"#)
            case "TrentService.ListResourceTags":
                return json(body.contains(app) ? #"{"Tags":[{"TagKey":"team","TagValue":"payments"}],"Truncated":false}"#
                                               : #"{"Tags":[],"Truncated":false}"#)
            default: return .init(status: 500, body: Data())
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "111122223333")
        let (scopes, keys) = await Self.run { await KMSCollector(ctx).collect(region: "us-west-2", emit: $0) }
        #expect(scopes.map(\.status) == [.ok])
        #expect(Set(keys.map(\.name)) == ["alias/app-data", "alias/aws/s3", signing])
        let listKeys = transport.requests.filter { Self.header($0, "X-Amz-Target") == "TrentService.ListKeys" }
        #expect(listKeys.map { String(decoding: $0.body, as: UTF8.self) } == ["{}", #"{"Marker":"eyJrIjoiMiJ9"}"#])

        let appKey = try #require(keys.first { $0.name == "alias/app-data" })
        #expect(appKey.properties["rotationApplicable"] == true)
        #expect(appKey.properties["rotationEnabled"] == nil)
        #expect(appKey.unknown["rotationEnabled"] == "AccessDeniedException: kms:GetKeyRotationStatus")
        #expect(appKey.properties["policy"]?.value(at: "Statement")?[0]?["Action"] == "kms:*")
        #expect(appKey.properties["creationDate"] == "2017-07-05T21:04:55Z")
        #expect(appKey.tags == ["team": "payments"])

        let managed = try #require(keys.first { $0.name == "alias/aws/s3" })
        #expect(managed.properties["keyManager"] == "AWS")
        #expect(managed.properties["rotationApplicable"] == false)
        #expect(managed.properties["rotationEnabled"] == .null)
        #expect(managed.properties["rotationNotApplicableReason"]?.stringValue?.hasPrefix("AWS managed key") == true)
        #expect(managed.unknown.isEmpty)
        let asymmetric = try #require(keys.first { $0.name == signing })
        #expect(asymmetric.properties["aliases"] == [])
        #expect(asymmetric.properties["keyUsage"] == "SIGN_VERIFY")
        #expect(asymmetric.properties["rotationNotApplicableReason"]?.stringValue?.contains("RSA_2048") == true)
        let rotationCalls = transport.requests.filter { Self.header($0, "X-Amz-Target") == "TrentService.GetKeyRotationStatus" }
        #expect(rotationCalls.map { String(decoding: $0.body, as: UTF8.self) } == [#"{"KeyId":"\#(app)"}"#])
    }
}
