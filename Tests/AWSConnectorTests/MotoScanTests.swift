import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// Accepts every batch and seal; keeps what it got.
final class AcceptingAssessor: RequestHandler {
    let resources = Mutex<[Resource]>([])
    let seal = Mutex<SealScan?>(nil)

    func handle(_ request: Request) async -> Reply {
        var router = Router()
        router.on(IngestBatch.self) { b, _ in
            self.resources.withLock { $0 += b.resources }
            return BatchAck(scanID: b.scanID, batchSeq: b.batchSeq, duplicate: false)
        }
        router.on(SealScan.self) { s, _ in
            self.seal.withLock { $0 = s }
            return SealResult(scanID: s.scanID, sealed: true, missingBatches: [], summary: nil)
        }
        return await router.handle(request)
    }
}

/// Against a real moto_server checking signatures and IAM permissions, seeded by Tools/seed/seed_aws.py.
@Suite(.serialized, .timeLimit(.minutes(3))) struct MotoScanTests {
    func scan(_ moto: MotoServer, key: String, secret: String) async -> (ScanProgress?, [Resource]) {
        await driverScan(endpoint: moto.endpoint, key: key, secret: secret, scanID: "scan-moto")
    }

    @Test func seededEstateIsCollectedWithTheDocumentedProperties() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let scanner = try #require(manifest.value(at: "scannerCredentials.palisade-scanner"))
        let key = try #require(scanner["accessKeyId"]?.stringValue)
        let secret = try #require(scanner["secretAccessKey"]?.stringValue)

        let (progress, resources) = await scan(moto, key: key, secret: secret)
        let p = try #require(progress)
        #expect(p.state == .done, "\(p.error ?? "")")
        // Every scope collects, Lambda/EKS/Route 53/GuardDuty/Security Hub included: MotoServer runs moto through
        // Tools/testing/moto_server.py, which fixes moto's check of signed bodiless GETs.
        #expect(!p.scopes.contains(where: MotoGaps.failed), "\(p.scopes.filter(MotoGaps.failed))")
        func one(_ type: String, _ name: String) -> Resource? { resources.first { $0.type == type && $0.name == name } }

        let alice = try #require(one("aws.iam.user", "alice-admin"))
        #expect(alice.properties["passwordEnabled"] == true)
        #expect(alice.properties["mfaDevices"] == [])
        #expect(alice.properties["accessKeys"]?.arrayValue?.count == 1)
        let adminDoc = alice.properties["attachedPolicies"]?[0]?["document"]
        #expect(adminDoc?.value(at: "Statement")?[0]?["Action"] == "*")
        let bob = try #require(one("aws.iam.user", "bob-dev"))
        #expect(bob.properties["mfaDevices"]?.arrayValue?.count == 1)
        let ci = try #require(one("aws.iam.user", "ci-bot"))
        #expect(ci.properties["passwordEnabled"] == false)
        #expect(ci.properties["inlinePolicies"]?[0]?["policyName"] == "ci-bot-ecr")

        let web = try #require(one("aws.iam.role", "web-app-role"))
        #expect(web.properties["assumeRolePolicy"]?.value(at: "Statement")?[0]?.value(at: "Principal.Service")
            == "ec2.amazonaws.com")
        #expect(web.properties["instanceProfileArns"] == ["arn:aws:iam::123456789012:instance-profile/web-app-profile"])
        #expect(web.properties["inlinePolicies"]?[0]?.value(at: "document.Statement")?[0]?["Resource"]
            == "arn:aws:s3:::palisade-demo-customer-data/*")
        let wide = try #require(one("aws.iam.role", "wide-open-role"))
        #expect(wide.properties["assumeRolePolicy"]?.value(at: "Statement")?[0]?.value(at: "Principal.AWS") == "*")
        #expect(one("aws.iam.instance_profile", "web-app-profile")?.properties["roleArns"]
            == ["arn:aws:iam::123456789012:role/web-app-role"])
        let pw = try #require(resources.first { $0.type == "aws.iam.password_policy" })
        #expect(pw.properties["exists"] == true)
        #expect(pw.properties["minimumPasswordLength"] == 8)
        #expect(pw.properties["requireSymbols"] == false)
        #expect(pw.properties["passwordReusePrevention"] == .null)
        #expect(resources.contains { $0.type == "aws.account" && $0.id == "arn:aws:iam::123456789012:root" })

        let web1 = try #require(one("aws.ec2.instance", "web-1"))
        #expect(web1.properties["publicIpAddress"]?.stringValue?.isEmpty == false)
        #expect(web1.properties["iamInstanceProfileArn"] == "arn:aws:iam::123456789012:instance-profile/web-app-profile")
        #expect(web1.properties["state"] == "running")
        #expect(one("aws.ec2.instance", "internal-1")?.properties["publicIpAddress"] == .null)
        let ssh = try #require(one("aws.ec2.security_group", "web-open-ssh"))
        #expect(web1.properties["securityGroupIds"] == [.string(ssh.properties["groupId"]?.stringValue ?? "")])
        #expect(ssh.properties["ingress"]?.arrayValue?.contains {
            $0["fromPort"] == 22 && $0["ipv4Ranges"] == ["0.0.0.0/0"] } == true)
        #expect(one("aws.ec2.security_group", "rdp-open-v6")?.properties["ingress"]?[0]?["ipv6Ranges"] == ["::/0"])
        #expect(one("aws.ec2.security_group", "all-open")?.properties["ingress"]?[0]?["ipProtocol"] == "-1")
        #expect(one("aws.ec2.volume", "data-unencrypted")?.properties["encrypted"] == false)
        #expect(one("aws.ec2.volume", "data-encrypted")?.properties["encrypted"] == true)

        let assets = try #require(one("aws.s3.bucket", "palisade-demo-public-assets"))
        #expect(assets.properties["acl"]?["grants"]?.arrayValue?.contains {
            $0["granteeUri"] == "http://acs.amazonaws.com/groups/global/AllUsers" } == true)
        #expect(assets.properties["policy"]?.value(at: "Statement")?[0]?["Principal"] == "*")
        #expect(assets.properties["publicAccessBlock"] == .null)
        let data = try #require(one("aws.s3.bucket", "palisade-demo-customer-data"))
        #expect(data.properties["policy"] == .null)
        #expect(data.properties["versioning"] == "Disabled")
        #expect(data.properties["encryption"] == .null)
        #expect(data.region == "us-east-1")
        let hardened = try #require(one("aws.s3.bucket", "palisade-demo-hardened"))
        #expect(hardened.properties["publicAccessBlock"] == ["blockPublicAcls": true, "ignorePublicAcls": true,
                                                             "blockPublicPolicy": true, "restrictPublicBuckets": true])
        #expect(hardened.properties["encryption"]?["algorithm"] == "aws:kms")
        #expect(hardened.properties["versioning"] == "Enabled")
        // What moto 5.2.1 cannot answer stays unknown (never guessed); everything else must be known.
        #expect(resources.allSatisfy(MotoGaps.explains),
                "\(resources.filter { !MotoGaps.explains($0) }.map { "\($0.type) \($0.unknown)" })")

        // A wrong secret: the scan fails at once with AWS's answer.
        let (bad, badResources) = await scan(moto, key: key, secret: "wrong-secret")
        #expect(bad?.state == .failed)
        #expect(badResources.isEmpty)
        let why = bad?.error ?? ""
        #expect(why.contains("SignatureDoesNotMatch") || why.contains("InvalidClientTokenId"), "\(why)")
        #expect(!why.contains("wrong-secret"))

        // Denied s3:GetBucketPolicy: the policy becomes unknown, everything else is still collected.
        let denied = try #require(manifest.value(at: "scannerCredentials.palisade-scanner-no-bucket-policy"))
        let (dp, dres) = await scan(moto, key: denied["accessKeyId"]?.stringValue ?? "",
                                    secret: denied["secretAccessKey"]?.stringValue ?? "")
        #expect(dp?.state == .done, "\(dp?.error ?? "")")
        let buckets = dres.filter { $0.type == "aws.s3.bucket" }
        #expect(buckets.count >= 3)
        for b in buckets {
            #expect(b.unknown["policy"] == "AccessDenied: s3:GetBucketPolicy")
            #expect(b.properties["policy"] == nil)
            #expect(b.properties["acl"] != nil)
        }
    }
}

/// Properties moto 5.2.1 cannot answer for, by resource type (see docs/resources/aws/*.md for each quirk).
enum MotoGaps {
    /// Services moto 5.2.1 does not implement at all (HTTP 500): their scopes are `error` against moto, tested
    /// with recorded answers instead (AccessAnalyzerRecordedTests).
    static let unsupportedServices: Set<String> = ["access-analyzer"]

    /// A scope that must collect against moto: not ok, and not of a service moto lacks.
    static func failed(_ s: ScopeResult) -> Bool { s.status != .ok && !unsupportedServices.contains(s.service) }

    static let byType: [String: Set<String>] = [
        // HTTP 500 to GetEbsDefaultKmsKeyId and Get{Snapshot,Image}BlockPublicAccessState.
        "aws.ec2.account_settings": ["ebsDefaultKmsKeyId", "snapshotBlockPublicAccessState", "imageBlockPublicAccessState"],
        // No GetBucketPolicyStatus; DescribeDBInstances never includes Performance Insights.
        "aws.s3.bucket": ["policyIsPublic"],
        "aws.rds.db_instance": ["performanceInsightsEnabled"],
    ]
    /// Types whose every property may be unknown: moto's credential report has no <root_account> row.
    static let wholeTypes: Set<String> = ["aws.iam.root_user"]

    /// Every unknown property of `r` is one moto cannot answer.
    static func explains(_ r: Resource) -> Bool {
        wholeTypes.contains(r.type) || Set(r.unknown.keys).isSubset(of: byType[r.type] ?? [])
    }
}
