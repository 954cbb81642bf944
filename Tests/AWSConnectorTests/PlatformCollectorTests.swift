import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// The platform collectors (ECS, DynamoDB, Secrets Manager, SNS, SQS, Route 53, Config, GuardDuty, Security Hub,
/// Organizations) against moto checking signatures, seeded by Tools/seed/estate/platform_services.py.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PlatformCollectorTests {
    static let account = "123456789012"
    /// Collectors whose calls are all POSTs (JSON and query protocols): scanned with moto checking signatures.
    static let signedCollectors: [any AWSCollector.Type] = [
        ECSCollector.self, DynamoDBCollector.self, SecretsManagerCollector.self, SNSCollector.self, SQSCollector.self,
        ConfigCollector.self, OrganizationsCollector.self,
    ]
    /// Collectors that GET from REST services. moto 5.2.1 cannot verify any signed GET to them (it hashes the
    /// query or the headers as the payload; boto3's requests fail too), so these are scanned with auth off.
    static let restGetCollectors: [any AWSCollector.Type] = [
        Route53Collector.self, GuardDutyCollector.self, SecurityHubCollector.self,
    ]
    static var collectors: [any AWSCollector.Type] { signedCollectors + restGetCollectors }

    /// Collects with `body`, returning what was emitted.
    static func gather(_ body: (@escaping ResourceEmitter) async -> [ScopeResult]) async -> ([ScopeResult], [Resource]) {
        let got = Mutex<[Resource]>([])
        let scopes = await body { r in got.withLock { $0.append(r) } }
        return (scopes, got.withLock { $0 })
    }

    @Test func seededPlatformEstateShowsBadAndHardenedSettings() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let regions = ["us-east-1", "us-west-2"]
        let signed = AWSInventory(client: client, regions: regions, collectors: Self.signedCollectors)
        let (signedScopes, signedResources) = await Self.gather { emit in
            await signed.collect(account: Self.account, regions: regions, emit: emit)
        }
        try await moto.requireAuth(afterActions: 1_000_000)
        let unsigned = AWSInventory(client: client, regions: regions, collectors: Self.restGetCollectors)
        let (restScopes, restResources) = await Self.gather { emit in
            await unsigned.collect(account: Self.account, regions: regions, emit: emit)
        }
        let scopes = signedScopes + restScopes
        let all = signedResources + restResources
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes.filter { $0.status != .ok })")
        #expect(Set(scopes.flatMap(\.resourceTypes)).isSuperset(of: Self.collectors.flatMap { $0.resourceTypes }))
        let resources = all.filter { $0.type != "aws.account" }
        #expect(resources.allSatisfy { $0.unknown.isEmpty }, "\(resources.filter { !$0.unknown.isEmpty }.map(\.unknown))")
        #expect(resources.allSatisfy { $0.properties["raw"] != nil }, "\(resources.filter { $0.properties["raw"] == nil }.map(\.id))")
        func one(_ type: String, _ name: String, region: String = "us-east-1") throws -> Resource {
            try #require(resources.first { $0.type == type && $0.name == name && ($0.region == region || $0.region == "global") },
                         "\(type) \(name) in \(region)")
        }

        // ECS: the privileged root container with an AWS secret key in its environment; values never kept.
        let worker = try one("aws.ecs.task_definition", "palisade-legacy-worker:1")
        let w = try #require(worker.properties["containers"]?[0])
        #expect(w["privileged"] == true)
        #expect(w["user"] == "root")
        #expect(w["readonlyRootFilesystem"] == false)
        #expect(w["logDriver"] == .null)
        #expect(w["environmentNames"] == ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LOG_LEVEL"])
        #expect(w["environmentSecretFindings"] == [["name": "AWS_ACCESS_KEY_ID", "patterns": ["aws-access-key-id"]],
                                                   ["name": "AWS_SECRET_ACCESS_KEY", "patterns": ["aws-secret-access-key"]]])
        // The key id is kept (an identifier, to find the key's user); the secret key never is.
        #expect(w["environmentAccessKeyIds"] == ["AKIAIOSFODNN7EXAMPLE"])
        #expect(worker.properties["networkMode"] == "host")
        let workerJSON = String(decoding: try JSONEncoder().encode(worker), as: UTF8.self)
        #expect(!workerJSON.contains("wJalrXUtnFEMI"), "a secret value reached the resource")
        #expect(!workerJSON.contains("debug"), "an environment value reached the resource")
        #expect(worker.properties.value(at: "raw.containerDefinitions")?[0]?["environment"]?[1]?["valueSha256"]
            == .string(SecretScan.sha256("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
        let api = try one("aws.ecs.task_definition", "palisade-api:1")
        let a = try #require(api.properties["containers"]?[0])
        #expect(a["privileged"] == false)
        #expect(a["readonlyRootFilesystem"] == true)
        #expect(a["user"] == "1000")
        #expect(a["logDriver"] == "awslogs")
        #expect(a["environmentSecretFindings"] == [])
        #expect(a["environmentAccessKeyIds"] == [])
        #expect(a["secrets"]?[0]?["valueFrom"]?.stringValue?.hasPrefix("arn:aws:secretsmanager:") == true)
        #expect(a["portMappings"]?[0]?["containerPort"] == 8080)
        #expect(api.properties["taskRoleArn"] == "arn:aws:iam::123456789012:role/palisade-api-task")
        #expect(try one("aws.ecs.cluster", "palisade-apps").properties["containerInsights"] == "disabled")

        // DynamoDB: PITR off vs on; AWS-owned key vs KMS; deletion protection.
        let orders = try one("aws.dynamodb.table", "palisade-orders")
        #expect(orders.properties["pointInTimeRecoveryEnabled"] == false)
        #expect(orders.properties["deletionProtectionEnabled"] == false)
        #expect(orders.properties["sseType"] == "AWS_OWNED_KEY")
        #expect(orders.properties["billingMode"] == "PAY_PER_REQUEST")
        #expect(orders.id == "arn:aws:dynamodb:us-east-1:123456789012:table/palisade-orders")
        let ledger = try one("aws.dynamodb.table", "palisade-ledger")
        #expect(ledger.properties["pointInTimeRecoveryEnabled"] == true)
        #expect(ledger.properties["deletionProtectionEnabled"] == true)
        #expect(ledger.properties["sseType"] == "KMS")
        #expect(ledger.properties["kmsMasterKeyArn"]?.stringValue?.hasPrefix("arn:aws:kms:") == true)

        // Secrets Manager: no rotation and a public policy vs 30-day rotation with a customer key.
        let db = try one("aws.secretsmanager.secret", "palisade/db-password")
        #expect(db.properties["rotationEnabled"] == false)
        #expect(db.properties["policy"]?.value(at: "Statement")?[0]?["Principal"] == "*")
        #expect(db.properties["kmsKeyId"] == .null)
        let key = try one("aws.secretsmanager.secret", "palisade/api-key")
        #expect(key.properties["rotationEnabled"] == true)
        #expect(key.properties["rotationIntervalDays"] == 30)
        #expect(key.properties["kmsKeyId"] == "alias/palisade-secrets")
        #expect(key.properties["policy"] == .null)
        #expect(key.properties["createdDate"]?.stringValue?.contains("T") == true)

        // SNS and SQS: public and unencrypted vs private and KMS-encrypted.
        let publicTopic = try one("aws.sns.topic", "palisade-alerts-public")
        #expect(publicTopic.properties["encrypted"] == false)
        #expect(publicTopic.properties["policy"]?.value(at: "Statement")?[0]?["Principal"] == "*")
        let privateTopic = try one("aws.sns.topic", "palisade-alerts-private")
        #expect(privateTopic.properties["encrypted"] == true)
        #expect(privateTopic.properties["kmsMasterKeyId"] == "alias/aws/sns")
        #expect(privateTopic.properties["policy"]?.value(at: "Statement")?[0]?.value(at: "Principal.AWS")
            == "arn:aws:iam::123456789012:root")
        #expect(privateTopic.properties["subscriptionsConfirmed"] == 0)
        let publicQueue = try one("aws.sqs.queue", "palisade-jobs-public")
        #expect(publicQueue.id == "arn:aws:sqs:us-east-1:123456789012:palisade-jobs-public")
        #expect(publicQueue.properties["encrypted"] == false)
        #expect(publicQueue.properties["sqsManagedSseEnabled"] == false)
        #expect(publicQueue.properties["policy"]?.value(at: "Statement")?[0]?["Principal"] == "*")
        #expect(publicQueue.properties["redrivePolicy"] == .null)
        let privateQueue = try one("aws.sqs.queue", "palisade-jobs-private")
        #expect(privateQueue.properties["encrypted"] == true)
        #expect(privateQueue.properties["kmsMasterKeyId"] == "alias/aws/sqs")
        #expect(privateQueue.properties["deadLetterTargetArn"] == "arn:aws:sqs:us-east-1:123456789012:palisade-jobs-dlq")

        // Route 53: logging off vs on, and the dangling CNAME as a record set.
        let legacy = try one("aws.route53.hosted_zone", "legacy.palisade-demo.example.")
        #expect(legacy.properties["queryLoggingEnabled"] == false)
        #expect(legacy.properties["privateZone"] == false)
        #expect(legacy.properties["dnssecStatus"] == "NOT_SIGNING")
        let www = try one("aws.route53.hosted_zone", "www.palisade-demo.example.")
        #expect(www.properties["queryLoggingEnabled"] == true)
        #expect(www.properties["queryLoggingLogGroupArn"]?.stringValue?.contains("/aws/route53/www.palisade-demo.example") == true)
        let cname = try one("aws.route53.record_set", "assets.legacy.palisade-demo.example. CNAME")
        #expect(cname.properties["values"] == ["palisade-demo-retired-assets.s3-website-us-east-1.amazonaws.com"])
        #expect(cname.properties["aliasTarget"] == .null)
        #expect(cname.properties["hostedZoneId"] == legacy.properties["hostedZoneId"])

        // Config and GuardDuty: on in us-east-1; explicit "none" resources in us-west-2. Security Hub off in both.
        let recorder = try one("aws.config.recorder", "config-recorders-us-east-1")
        #expect(recorder.properties["recording"] == true)
        #expect(recorder.properties["allSupported"] == true)
        #expect(recorder.properties["recorders"]?[0]?["includeGlobalResourceTypes"] == true)
        let noRecorder = try one("aws.config.recorder", "config-recorders-us-west-2", region: "us-west-2")
        #expect(noRecorder.properties["recorders"] == [])
        #expect(noRecorder.properties["recording"] == false)
        let detector = try one("aws.guardduty.detector_status", "guardduty-us-east-1")
        #expect(detector.properties["enabled"] == true)
        #expect(detector.properties["detectors"]?[0]?["features"] == [["name": "S3_DATA_EVENTS", "status": "ENABLED"]])
        let noDetector = try one("aws.guardduty.detector_status", "guardduty-us-west-2", region: "us-west-2")
        #expect(noDetector.properties["detectors"] == [])
        #expect(noDetector.properties["enabled"] == false)
        for region in ["us-east-1", "us-west-2"] {
            let hub = try one("aws.securityhub.hub_status", "securityhub-\(region)", region: region)
            #expect(hub.properties["enabled"] == false)
            #expect(hub.id == "arn:aws:securityhub:\(region):123456789012:hub-status")
        }

        // Organizations: this account manages an organization with one created member; no email anywhere.
        let org = try #require(resources.first { $0.type == "aws.organizations.organization" })
        #expect(org.properties["inOrganization"] == true)
        #expect(org.properties["featureSet"] == "ALL")
        #expect(org.properties["isManagementAccount"] == true)
        let accounts = resources.filter { $0.type == "aws.organizations.account" }
        #expect(accounts.count == 2)
        let member = try one("aws.organizations.account", "palisade-demo-member")
        #expect(member.properties["status"] == "ACTIVE")
        #expect(member.properties["joinedMethod"] == "CREATED")
        #expect(member.properties["isManagementAccount"] == false)
        // The member is in OU prod inside OU workloads: parents from the nearest to the root.
        let chain = member.properties["parentIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(chain.count == 3 && chain[0].hasPrefix("ou-") && chain[1].hasPrefix("ou-") && chain[2].hasPrefix("r-"),
                "\(chain)")
        let management = try #require(accounts.first { $0.properties["isManagementAccount"] == true })
        #expect(management.properties["parentIds"] == .array(chain.suffix(1).map { .string($0) }))

        // Service control policies: the seeded one, attached to OU workloads, and AWS's FullAWSAccess.
        let scp = try one("aws.organizations.policy", "palisade-deny-leave-org")
        #expect(scp.unknown.isEmpty, "\(scp.unknown)")
        #expect(scp.properties["type"] == "SERVICE_CONTROL_POLICY" && scp.properties["awsManaged"] == false)
        #expect(scp.properties["description"] == "members cannot leave")
        #expect(scp.properties.value(at: "document.Statement")?[0]?["Action"] == "organizations:LeaveOrganization")
        #expect(scp.properties["targets"] == [["targetId": .string(chain[1]), "type": "ORGANIZATIONAL_UNIT",
                                               "name": "workloads"]])
        #expect(scp.id == scp.properties["arn"]?.stringValue)
        let full = try one("aws.organizations.policy", "FullAWSAccess")
        #expect(full.properties["awsManaged"] == true)
        #expect(full.properties.value(at: "document.Statement")?[0]?["Effect"] == "Allow")
        #expect(full.properties["targets"]?.arrayValue?.contains { $0["type"] == "ROOT" } == true)
        for r in accounts + [org] {
            let text = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
            #expect(!text.contains("@"), "an email address reached \(r.id)")
        }

        // Pagination: one item per page gives the same resources.
        let ctx = CollectorContext(client: client, account: Self.account)
        func names(_ c: some AWSCollector, region: String, type: String) async -> [String] {
            await Self.gather { await c.collect(region: region, emit: $0) }.1.filter { $0.type == type }.map(\.id).sorted()
        }
        for (paged, type) in [(DynamoDBCollector(ctx, pageSize: 1) as any AWSCollector, "aws.dynamodb.table"),
                              (SecretsManagerCollector(ctx, pageSize: 1), "aws.secretsmanager.secret"),
                              (Route53Collector(ctx, pageSize: 1), "aws.route53.record_set"),
                              (OrganizationsCollector(ctx, pageSize: 1), "aws.organizations.account")] {
            let region = type.contains("route53") || type.contains("organizations") ? "global" : "us-east-1"
            let got = await names(paged, region: region, type: type)
            #expect(got.count >= 2, "\(type)")
            #expect(got == resources.filter { $0.type == type && ($0.region == region || region == "global") }.map(\.id).sorted(),
                    "\(type)")
        }
    }
}
