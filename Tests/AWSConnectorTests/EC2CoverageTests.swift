import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// Runs collectors over one region and keeps what they emit.
private func run(_ collectors: [any AWSCollector.Type], ctx: CollectorContext,
                 region: String) async -> ([Resource], [ScopeResult]) {
    let got = Mutex<[Resource]>([])
    var scopes: [ScopeResult] = []
    for c in collectors {
        scopes += await c.init(ctx).collect(region: region) { r in got.withLock { $0.append(r) } }
    }
    return (got.withLock { $0 }, scopes)
}

/// The EC2 and VPC collectors against moto checking signatures, over the estate Tools/seed/estate/vpc.py adds.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EC2CoverageMotoTests {
    @Test func seededEC2AndVPCEstateShowsBadAndHardenedSettings() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let ctx = CollectorContext(client: client, account: "123456789012")
        let (resources, scopes) = await run([EC2Collector.self, VPCCollector.self], ctx: ctx, region: "us-east-1")
        #expect(scopes.count == EC2Collector.resourceTypes.count + VPCCollector.resourceTypes.count)
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes.filter { $0.status != .ok })")
        func one(_ type: String, _ name: String) throws -> Resource {
            try #require(resources.first { $0.type == type && $0.name == name }, "\(type) \(name)")
        }
        #expect(resources.allSatisfy { $0.properties["raw"] != nil && $0.properties["raw"] != .null })
        let motoLacks: Set = ["ebsDefaultKmsKeyId", "snapshotBlockPublicAccessState", "imageBlockPublicAccessState"]
        #expect(resources.allSatisfy {
            $0.type == "aws.ec2.account_settings" ? Set($0.unknown.keys) == motoLacks : $0.unknown.isEmpty
        }, "\(resources.filter { !$0.unknown.isEmpty }.map { ($0.name, $0.unknown) })")
        // User data is never stored, in properties or raw: only the access key id it mentions, in `userData.accessKeyIds`.
        let encoded = String(decoding: try JSONEncoder().encode(resources), as: UTF8.self)
        #expect(encoded.components(separatedBy: "AKIAIOSFODNN7EXAMPLE").count - 1
            == resources.filter { $0.properties["userData"]?["accessKeyIds"] == ["AKIAIOSFODNN7EXAMPLE"] }.count)
        #expect(!encoded.contains("hunter2"))

        // Instances: user data, IMDS, monitoring, interfaces.
        let secret = try one("aws.ec2.instance", "userdata-secret-1")
        let fakeKeyScript = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n/opt/app/start\n"
        #expect(secret.properties["userData"] == ["present": true, "sha256": .string(SecretScan.sha256(fakeKeyScript)),
                                                  "secretPatterns": ["aws-access-key-id"],
                                                  "accessKeyIds": ["AKIAIOSFODNN7EXAMPLE"]])
        #expect(secret.properties["metadataOptions"]?["httpTokens"] == "optional")
        let clean = try one("aws.ec2.instance", "userdata-clean-1")
        #expect(clean.properties["userData"]?["present"] == true)
        #expect(clean.properties["userData"]?["secretPatterns"] == [])
        #expect(clean.properties["userData"]?["accessKeyIds"] == [])
        #expect(clean.properties["metadataOptions"]?["httpTokens"] == "required")
        #expect(clean.properties["metadataOptions"]?["httpEndpoint"] == "enabled")
        let web1 = try one("aws.ec2.instance", "web-1")
        #expect(web1.properties["userData"] == ["present": false, "sha256": nil, "secretPatterns": [], "accessKeyIds": []])
        #expect(web1.properties["monitoring"] == "disabled")
        #expect(web1.properties["ebsOptimized"] == false)
        #expect(web1.properties["rootDeviceType"] == "ebs")
        #expect(web1.properties["publicDnsName"]?.stringValue?.isEmpty == false)
        let web1ENI = try #require(web1.properties["networkInterfaceIds"]?[0]?.stringValue)
        #expect(web1.properties["raw"]?["instanceId"] == web1.properties["instanceId"])

        #expect(try one("aws.ec2.volume", "data-unencrypted").properties["encrypted"] == false)
        #expect(try one("aws.ec2.volume", "data-encrypted").properties["encrypted"] == true)

        // Snapshots and AMIs: only the account's own, with who may use them.
        let snapshots = resources.filter { $0.type == "aws.ec2.snapshot" }
        #expect(snapshots.allSatisfy { $0.properties["ownerId"] == "123456789012" })
        let publicSnap = try one("aws.ec2.snapshot", "public-snapshot")
        #expect(publicSnap.properties["public"] == true)
        #expect(publicSnap.properties["encrypted"] == false)
        #expect(publicSnap.id.hasPrefix("arn:aws:ec2:us-east-1::snapshot/snap-"))
        let privateSnap = try one("aws.ec2.snapshot", "private-snapshot")
        #expect(privateSnap.properties["public"] == false)
        #expect(privateSnap.properties["sharedWithAccounts"] == [])
        #expect(privateSnap.properties["encrypted"] == true)
        #expect(try one("aws.ec2.image", "public-ami").properties["public"] == true)
        let privateAMI = try one("aws.ec2.image", "private-ami")
        #expect(privateAMI.properties["public"] == false)
        #expect(privateAMI.properties["sharedWithAccounts"] == [])

        // Launch templates: the latest version's IMDS options and scanned user data; user data not in raw.
        let v1 = try one("aws.ec2.launch_template", "lt-imdsv1")
        #expect(v1.properties["metadataOptions"]?["httpTokens"] == "optional")
        #expect(v1.properties["userData"]?["secretPatterns"] == ["password-assignment"])
        #expect(v1.properties["userData"]?["accessKeyIds"] == [])
        #expect(v1.properties.value(at: "raw.latestVersion.launchTemplateData.userData") == nil)
        #expect(v1.properties.value(at: "raw.latestVersion.launchTemplateData.metadataOptions.httpTokens") == "optional")
        let v2 = try one("aws.ec2.launch_template", "lt-imdsv2")
        #expect(v2.properties["metadataOptions"]?["httpTokens"] == "required")
        #expect(v2.properties["metadataOptions"]?["httpPutResponseHopLimit"] == 1)
        #expect(v2.properties["userData"]?["present"] == false)

        // Account settings: EBS encryption by default off here, on in eu-west-1.
        let here = try #require(resources.first { $0.type == "aws.ec2.account_settings" })
        #expect(here.id == "arn:aws:ec2:us-east-1:123456789012:account-settings")
        #expect(here.properties["ebsEncryptionByDefault"] == false)
        #expect(here.unknown["ebsDefaultKmsKeyId"] == "HTTP500: ec2:GetEbsDefaultKmsKeyId")
        #expect(here.properties["ebsDefaultKmsKeyId"] == nil)
        let (eu, _) = await run([EC2Collector.self], ctx: ctx, region: "eu-west-1")
        #expect(eu.first { $0.type == "aws.ec2.account_settings" }?.properties["ebsEncryptionByDefault"] == true)

        // VPCs and flow logs.
        let flowless = try one("aws.ec2.vpc", "flowless-vpc")
        #expect(flowless.properties["flowLogIds"] == [])
        #expect(flowless.properties["isDefault"] == false)
        #expect(flowless.properties["cidrBlock"] == "10.50.0.0/16")
        let logged = try one("aws.ec2.vpc", "logged-vpc")
        let flowLogID = try #require(logged.properties["flowLogIds"]?[0]?.stringValue)
        let flowLog = try #require(resources.first { $0.type == "aws.ec2.flow_log" && $0.properties["flowLogId"] == .string(flowLogID) })
        #expect(flowLog.properties["resourceId"] == logged.properties["vpcId"])
        #expect(flowLog.properties["trafficType"] == "ALL")
        #expect(flowLog.properties["logDestinationType"] == "cloud-watch-logs")
        #expect(resources.contains { $0.type == "aws.ec2.vpc" && $0.properties["isDefault"] == true })

        // Subnets, routes, gateways.
        let publicSubnet = try one("aws.ec2.subnet", "flowless-public")
        #expect(publicSubnet.properties["mapPublicIpOnLaunch"] == true)
        #expect(publicSubnet.properties["vpcId"] == flowless.properties["vpcId"])
        #expect(try one("aws.ec2.subnet", "logged-private").properties["mapPublicIpOnLaunch"] == false)
        let routes = try one("aws.ec2.route_table", "public-routes")
        let igw = try #require(resources.first { $0.type == "aws.ec2.internet_gateway" && $0.name == "flowless-igw" })
        #expect(igw.properties["attachedVpcIds"] == [flowless.properties["vpcId"] ?? .null])
        #expect(routes.properties["routes"]?.arrayValue?.contains {
            $0["destination"] == "0.0.0.0/0" && $0["targetKind"] == "internet_gateway"
                && $0["targetId"] == igw.properties["internetGatewayId"] } == true)
        #expect(routes.properties["routesToInternetGateway"] == true)
        #expect(routes.properties["subnetIds"] == [publicSubnet.properties["subnetId"] ?? .null])
        #expect(routes.properties["main"] == false)
        #expect(resources.contains { $0.type == "aws.ec2.route_table" && $0.properties["main"] == true
            && $0.properties["vpcId"] == logged.properties["vpcId"] && $0.properties["routesToInternetGateway"] == false })
        let nat = try one("aws.ec2.nat_gateway", "flowless-nat")
        #expect(nat.properties["subnetId"] == publicSubnet.properties["subnetId"])
        #expect(nat.properties["publicIps"]?.arrayValue?.count == 1)

        // Endpoint policies, network ACLs, addresses, interfaces, security groups.
        #expect(try one("aws.ec2.vpc_endpoint", "open-s3-endpoint").properties.value(at: "policy.Statement")?[0]?["Principal"] == "*")
        #expect(try one("aws.ec2.vpc_endpoint", "scoped-s3-endpoint").properties.value(at: "policy.Statement")?[0]?["Action"]
            == "s3:GetObject")
        let openACL = try one("aws.ec2.network_acl", "open-ssh-nacl")
        #expect(openACL.properties["entries"]?.arrayValue?.contains(["ruleNumber": 100, "egress": false, "protocol": "6",
            "ruleAction": "allow", "cidrBlock": "0.0.0.0/0", "ipv6CidrBlock": nil, "fromPort": 22, "toPort": 22,
            "icmpType": nil, "icmpCode": nil]) == true)
        #expect(openACL.properties["isDefault"] == false)
        #expect(try one("aws.ec2.network_acl", "private-ssh-nacl").properties["entries"]?[0]?["cidrBlock"] == "10.0.0.0/8")
        let idle = try one("aws.ec2.elastic_ip", "idle-eip")
        #expect(idle.properties["associated"] == false)
        #expect(idle.properties["instanceId"] == .null)
        #expect(try one("aws.ec2.elastic_ip", "nat-eip").properties["associated"] == true)
        let eni = try #require(resources.first { $0.type == "aws.ec2.network_interface"
            && $0.properties["networkInterfaceId"] == .string(web1ENI) })
        #expect(eni.properties["attachedInstanceId"] == web1.properties["instanceId"])
        #expect(eni.properties["publicIp"] == web1.properties["publicIpAddress"])
        let ssh = try one("aws.ec2.security_group", "web-open-ssh")
        #expect(eni.properties["securityGroupIds"] == [ssh.properties["groupId"] ?? .null])
        #expect(ssh.properties["ingress"]?.arrayValue?.contains { $0["fromPort"] == 22 && $0["ipv4Ranges"] == ["0.0.0.0/0"] } == true)
    }
}

/// Recorded EC2 answers (bodies as in the EC2 API reference) for what moto lacks: the account's sharing blocks and
/// default KMS key, a denied detail call, pagination and the less common route targets.
@Suite struct EC2CoverageRecordedTests {
    static let ns = #"xmlns="http://ec2.amazonaws.com/doc/2016-11-15/""#
    static func denied(_ action: String) -> HTTPResponse {
        HTTPResponse(status: 403, body: Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this \
            operation. User: arn:aws:iam::123456789012:user/scanner is not authorized to perform: ec2:\(action) because no \
            identity-based policy allows the ec2:\(action) action</Message></Error></Errors>\
            <RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>
            """.utf8))
    }
    static func action(_ body: String) -> String {
        body.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) } ?? ""
    }
    static func ctx(_ transport: RecordedTransport) -> CollectorContext {
        CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
    }

    @Test func accountSettingsReadTheSharingBlocksAndADeniedCallIsUnknownNotFalse() async throws {
        let transport = RecordedTransport { _, body in
            switch Self.action(body) {
            case "GetEbsEncryptionByDefault": return Self.denied("GetEbsEncryptionByDefault")
            case "GetEbsDefaultKmsKeyId": return .ok("""
                <GetEbsDefaultKmsKeyIdResponse \(Self.ns)><requestId>5bb3b5a4-EXAMPLE</requestId>\
                <kmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab</kmsKeyId>\
                </GetEbsDefaultKmsKeyIdResponse>
                """)
            case "GetSnapshotBlockPublicAccessState": return .ok("""
                <GetSnapshotBlockPublicAccessStateResponse \(Self.ns)><requestId>7a62c49f-EXAMPLE</requestId>\
                <state>block-all-sharing</state><managedBy>account</managedBy></GetSnapshotBlockPublicAccessStateResponse>
                """)
            case "GetImageBlockPublicAccessState": return .ok("""
                <GetImageBlockPublicAccessStateResponse \(Self.ns)><requestId>7a62c49f-EXAMPLE</requestId>\
                <imageBlockPublicAccessState>unblocked</imageBlockPublicAccessState><managedBy>account</managedBy>\
                </GetImageBlockPublicAccessStateResponse>
                """)
            default: return HTTPResponse(status: 400, body: Data())
            }
        }
        let settings = await EC2Collector(Self.ctx(transport)).accountSettings(region: "eu-west-1")
        #expect(settings.id == "arn:aws:ec2:eu-west-1:123456789012:account-settings")
        #expect(settings.properties["ebsEncryptionByDefault"] == nil)
        #expect(settings.unknown["ebsEncryptionByDefault"] == "UnauthorizedOperation: ec2:GetEbsEncryptionByDefault")
        #expect(settings.properties["ebsDefaultKmsKeyId"]
            == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(settings.properties["snapshotBlockPublicAccessState"] == "block-all-sharing")
        #expect(settings.properties["imageBlockPublicAccessState"] == "unblocked")
        #expect(settings.properties.value(at: "raw.GetSnapshotBlockPublicAccessState.managedBy") == "account")
    }

    @Test func deniedDetailCallsLeaveUserDataAndSharingUnknownAndSnapshotPagesAreFollowed() async throws {
        @Sendable func snapshot(_ id: String) -> String {
            "<item><snapshotId>\(id)</snapshotId><volumeId>vol-1</volumeId><status>completed</status>"
                + "<ownerId>123456789012</ownerId><volumeSize>8</volumeSize><encrypted>false</encrypted><tagSet/></item>"
        }
        let transport = RecordedTransport { _, body in
            switch Self.action(body) {
            case "DescribeInstances": return .ok("""
                <DescribeInstancesResponse \(Self.ns)><reservationSet><item><instancesSet><item>\
                <instanceId>i-1234567890abcdef0</instanceId><instanceState><code>16</code><name>running</name></instanceState>\
                <metadataOptions><httpTokens>optional</httpTokens><httpEndpoint>enabled</httpEndpoint>\
                <httpPutResponseHopLimit>2</httpPutResponseHopLimit><instanceMetadataTags>disabled</instanceMetadataTags>\
                </metadataOptions><monitoring><state>enabled</state></monitoring><ebsOptimized>true</ebsOptimized>\
                <platformDetails>Linux/UNIX</platformDetails><rootDeviceType>ebs</rootDeviceType><tagSet/></item>\
                </instancesSet></item></reservationSet></DescribeInstancesResponse>
                """)
            case "DescribeSnapshots" where !body.contains("NextToken"): return .ok("""
                <DescribeSnapshotsResponse \(Self.ns)><snapshotSet>\(snapshot("snap-page1"))</snapshotSet>\
                <nextToken>page-2</nextToken></DescribeSnapshotsResponse>
                """)
            case "DescribeSnapshots": return .ok("""
                <DescribeSnapshotsResponse \(Self.ns)><snapshotSet>\(snapshot("snap-page2"))</snapshotSet>\
                </DescribeSnapshotsResponse>
                """)
            case let a where a.hasPrefix("Describe") && a != "DescribeInstanceAttribute" && a != "DescribeSnapshotAttribute":
                return .ok("<\(a)Response \(Self.ns)></\(a)Response>")
            case let a where a.hasPrefix("Get"): return .ok("<\(a)Response \(Self.ns)></\(a)Response>")
            case let a: return Self.denied(a)
            }
        }
        let (resources, scopes) = await run([EC2Collector.self], ctx: Self.ctx(transport), region: "us-east-1")
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        let instance = try #require(resources.first { $0.type == "aws.ec2.instance" })
        #expect(instance.properties["userData"] == nil)
        #expect(instance.unknown["userData"] == "UnauthorizedOperation: ec2:DescribeInstanceAttribute")
        #expect(instance.properties["metadataOptions"] == ["httpTokens": "optional", "httpEndpoint": "enabled",
                                                           "httpPutResponseHopLimit": 2, "instanceMetadataTags": "disabled"])
        #expect(instance.properties["monitoring"] == "enabled")
        #expect(instance.properties["ebsOptimized"] == true)
        #expect(instance.properties["platform"] == .null)
        #expect(instance.properties["platformDetails"] == "Linux/UNIX")

        let snapshots = resources.filter { $0.type == "aws.ec2.snapshot" }
        #expect(Set(snapshots.map { $0.properties["snapshotId"] }) == ["snap-page1", "snap-page2"])
        #expect(transport.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("NextToken=page-2") })
        for s in snapshots {
            #expect(s.properties["public"] == nil)
            #expect(s.unknown["public"] == "UnauthorizedOperation: ec2:DescribeSnapshotAttribute")
            #expect(s.properties["encrypted"] == false)
        }
        // Account settings that answered without their element are unknown, not false.
        let settings = try #require(resources.first { $0.type == "aws.ec2.account_settings" })
        #expect(settings.properties["ebsEncryptionByDefault"] == nil)
        #expect(settings.unknown["ebsEncryptionByDefault"] == "GetEbsEncryptionByDefault returned no ebsEncryptionByDefault")
    }

    @Test func volumeWithoutEncryptedFlagIsUnknownAndRouteTargetsAreNamed() throws {
        let ctx = Self.ctx(RecordedTransport { _, _ in HTTPResponse(status: 500, body: Data()) })
        let volume = EC2Collector(ctx).volume(XMLNode(name: "item", children: [XMLNode(name: "volumeId", text: "vol-1")]),
                                              region: "us-east-1")
        #expect(volume.properties["encrypted"] == nil)
        #expect(volume.unknown["encrypted"] == "DescribeVolumes returned no encrypted")

        let doc = try XMLNode.parse(Data("""
            <DescribeRouteTablesResponse \(Self.ns)><routeTableSet><item><routeTableId>rtb-1</routeTableId>\
            <vpcId>vpc-1</vpcId><routeSet>\
            <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>\
            <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-1</natGatewayId><state>active</state></item>\
            <item><destinationCidrBlock>10.1.0.0/16</destinationCidrBlock><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId></item>\
            <item><destinationCidrBlock>10.2.0.0/16</destinationCidrBlock><transitGatewayId>tgw-1</transitGatewayId></item>\
            <item><destinationPrefixListId>pl-63a5400a</destinationPrefixListId><gatewayId>vpce-1</gatewayId></item>\
            <item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><egressOnlyInternetGatewayId>eigw-1</egressOnlyInternetGatewayId></item>\
            </routeSet><associationSet><item><main>false</main><subnetId>subnet-1</subnetId></item></associationSet>\
            <tagSet/></item></routeTableSet></DescribeRouteTablesResponse>
            """.utf8))
        let table = VPCCollector(ctx).routeTable(try #require(doc.list("routeTableSet").first), region: "us-east-1")
        let kinds = table.properties["routes"]?.arrayValue?.map { [$0["destination"], $0["targetKind"], $0["targetId"]] }
        #expect(kinds == [["10.0.0.0/16", "local", "local"], ["0.0.0.0/0", "nat_gateway", "nat-1"],
                          ["10.1.0.0/16", "vpc_peering", "pcx-1"], ["10.2.0.0/16", "transit_gateway", "tgw-1"],
                          ["pl-63a5400a", "vpc_endpoint", "vpce-1"], ["::/0", "egress_only_internet_gateway", "eigw-1"]])
        #expect(table.properties["routesToInternetGateway"] == false)
        #expect(table.properties["subnetIds"] == ["subnet-1"])
    }

    @Test func secretScanNamesPatternsAndHashesWithoutKeepingText() {
        #expect(SecretScan.findings(in: "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE") == ["aws-access-key-id"])
        #expect(SecretScan.findings(in: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...") == ["private-key"])
        #expect(SecretScan.findings(in: "DB_PASSWORD=s3cret\naws_secret_access_key = x")
            == ["aws-secret-access-key", "password-assignment"])
        #expect(SecretScan.findings(in: "curl https://deploy:tok3n@git.example.com/repo") == ["url-credentials"])
        #expect(SecretScan.findings(in: "#!/bin/bash\nyum -y update\n") == [])
        #expect(SecretScan.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let summary = SecretScan.summary(base64: Data("API_KEY=abc123".utf8).base64EncodedString())
        #expect(summary == ["present": true, "sha256": .string(SecretScan.sha256("API_KEY=abc123")),
                            "secretPatterns": ["secret-assignment"], "accessKeyIds": []])
        #expect(SecretScan.summary(base64: nil)["present"] == false)
    }

    @Test func secretScanKeepsAccessKeyIdsAndNothingElse() {
        // Long-term (AKIA) and temporary (ASIA) key ids, sorted and unique; the secret key beside them is dropped.
        let script = """
            export AWS_ACCESS_KEY_ID=ASIAZZZZZZZZZZZZZZZZ
            aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            echo AKIAIOSFODNN7EXAMPLE >> /etc/keys
            """
        #expect(SecretScan.accessKeyIds(in: script) == ["AKIAIOSFODNN7EXAMPLE", "ASIAZZZZZZZZZZZZZZZZ"])
        let summary = SecretScan.summary(base64: Data(script.utf8).base64EncodedString())
        #expect(summary["accessKeyIds"] == ["AKIAIOSFODNN7EXAMPLE", "ASIAZZZZZZZZZZZZZZZZ"])
        #expect(!String(decoding: try! JSONEncoder().encode(summary), as: UTF8.self).contains("wJalrXUtnFEMI"))
        // Unique ids of users, roles and groups (AIDA, AROA, AGPA) are not access keys; nor are longer or
        // lower-case runs, or a 20-character id inside a longer word.
        #expect(SecretScan.accessKeyIds(in: "AIDAIOSFODNN7EXAMPLE AROAIOSFODNN7EXAMPLE AGPAIOSFODNN7EXAMPLE") == [])
        #expect(SecretScan.accessKeyIds(in: "AKIAIOSFODNN7EXAMPLEX akiaiosfodnn7example XAKIAIOSFODNN7EXAMPLE") == [])
        #expect(SecretScan.accessKeyIds(in: "KEY=\"AKIAIOSFODNN7EXAMPLE\",") == ["AKIAIOSFODNN7EXAMPLE"])
        #expect(SecretScan.accessKeyIds(in: ["A=AKIAIOSFODNN7EXAMPLE", "B=AKIAIOSFODNN7EXAMPLE", "C=x"])
            == ["AKIAIOSFODNN7EXAMPLE"])
        #expect(SecretScan.accessKeyIds(in: "") == [])
    }
}
