import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// Gathers what a collector emits.
final class Emitted: Sendable {
    private let items = Mutex<[Resource]>([])
    var resources: [Resource] { items.withLock { $0 } }
    var emit: ResourceEmitter { { r in self.items.withLock { $0.append(r) } } }

    func one(_ type: String, _ name: String) -> Resource? { resources.first { $0.type == type && $0.name == name } }
}

/// CloudTrail, CloudWatch Logs and alarms, Lambda, ELBv2, EKS and ECR against moto checking signatures,
/// seeded by Tools/seed/estate/observability_compute.py; page sizes of 1 make every paginating list follow its token.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ObservabilityComputeCollectorTests {
    @Test func seededLoggingAndComputeEstateIsCollected() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let ctx = CollectorContext(client: client, account: "123456789012")
        let out = Emitted()
        // Lambda and EKS are collected before signature checking starts (written before Tools/testing/moto_server.py
        // fixed moto's check of bodiless GETs; MotoScanTests collects them with signatures checked).
        let unverified: [any AWSCollector] = [LambdaCollector(ctx, pageSize: 1), EKSCollector(ctx, pageSize: 1)]
        var scopes: [ScopeResult] = []
        for c in unverified { scopes += await c.collect(region: "us-east-1", emit: out.emit) }
        try await moto.requireAuth(afterActions: 0)
        let verified: [any AWSCollector] = [
            CloudTrailCollector(ctx), LogsCollector(ctx, pageSize: 1), CloudWatchAlarmCollector(ctx, pageSize: 1),
            ELBv2Collector(ctx, pageSize: 1), ECRCollector(ctx, pageSize: 1),
        ]
        for c in verified { scopes += await c.collect(region: "us-east-1", emit: out.emit) }
        let collectors = unverified + verified
        #expect(scopes.count == 9)
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes.filter { $0.status != .ok })")
        let mine = out.resources
        #expect(mine.allSatisfy { $0.unknown.isEmpty }, "\(mine.filter { !$0.unknown.isEmpty }.map { ($0.name, $0.unknown) })")
        #expect(mine.allSatisfy { $0.properties["raw"]?.objectValue?.isEmpty == false && $0.region == "us-east-1" })

        // CloudTrail: the hardened multi-region trail and the bad single-region one.
        let org = try #require(out.one("aws.cloudtrail.trail", "org-audit-trail"))
        #expect(org.id == "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-audit-trail")
        #expect(org.properties["isMultiRegionTrail"] == true)
        #expect(org.properties["logFileValidationEnabled"] == true)
        #expect(org.properties["isLogging"] == true)
        #expect(org.properties["latestDeliveryTime"]?.stringValue?.hasSuffix("Z") == true)
        #expect(org.properties["managementEventsRead"] == true && org.properties["managementEventsWrite"] == true)
        #expect(org.properties["dataEvents"]?[0]?["type"] == "AWS::S3::Object")
        #expect(org.properties["cloudWatchLogsLogGroupArn"]?.stringValue?.contains("/palisade/demo/cloudtrail") == true)
        #expect(org.properties["s3BucketName"] == "palisade-demo-hardened")
        #expect(org.properties["kmsKeyId"] == .null)
        #expect(org.properties["isOrganizationTrail"] == false)
        let single = try #require(out.one("aws.cloudtrail.trail", "single-region-trail"))
        #expect(single.properties["isMultiRegionTrail"] == false)
        #expect(single.properties["logFileValidationEnabled"] == false)
        #expect(single.properties["isLogging"] == false)
        #expect(single.properties["managementEventsRead"] == false && single.properties["managementEventsWrite"] == true)
        // The multi-region trail is reported in its home region only, not again as a shadow trail.
        let eu = Emitted()
        _ = await CloudTrailCollector(ctx).collect(region: "eu-west-1", emit: eu.emit)
        #expect(eu.resources.isEmpty, "\(eu.resources.map(\.id))")

        // Logs (limit 1: two pages at least), the CIS metric filter and its alarm.
        let never = try #require(out.one("aws.logs.log_group", "/palisade/demo/app-never-expires"))
        #expect(never.properties["retentionInDays"] == .null && never.properties["neverExpires"] == true)
        #expect(never.properties["metricFilters"] == [])
        #expect(never.id == "arn:aws:logs:us-east-1:123456789012:log-group:/palisade/demo/app-never-expires")
        let kept = try #require(out.one("aws.logs.log_group", "/palisade/demo/cloudtrail"))
        #expect(kept.properties["retentionInDays"] == 365 && kept.properties["neverExpires"] == false)
        let attached = try #require(kept.properties["metricFilters"]?[0])
        #expect(attached["filterPattern"]?.stringValue?.contains("UnauthorizedOperation") == true)
        #expect(attached["metrics"]?[0]?["metricName"] == "UnauthorizedAPICalls")
        let filter = try #require(out.one("aws.logs.metric_filter", "unauthorized-api-calls"))
        #expect(filter.properties["logGroupName"] == "/palisade/demo/cloudtrail")
        #expect(filter.properties["metrics"]?[0]?["metricNamespace"] == "CISBenchmark")
        let alarm = try #require(out.one("aws.cloudwatch.alarm", "unauthorized-api-calls"))
        #expect(alarm.properties["metricName"] == "UnauthorizedAPICalls" && alarm.properties["namespace"] == "CISBenchmark")
        #expect(alarm.properties["actionsEnabled"] == true)
        #expect(alarm.properties["alarmActions"] == ["arn:aws:sns:us-east-1:123456789012:security-alerts"])
        #expect(alarm.properties["stateValue"]?.stringValue != nil)

        // Lambda: public policy, function URL without auth, secrets detected but never stored.
        let pub = try #require(out.one("aws.lambda.function", "public-api-fn"))
        #expect(pub.properties["resourcePolicy"]?.value(at: "Statement")?[0]?["Principal"] == "*")
        #expect(pub.properties["functionUrl"]?["authType"] == "NONE")
        #expect(pub.properties["runtime"] == "python3.12")
        #expect(pub.properties["role"] == "arn:aws:iam::123456789012:role/lambda-exec-role")
        #expect(pub.properties["environment"]?["variableNames"] == ["AWS_ACCESS_KEY_ID", "DB_PASSWORD", "LOG_LEVEL"])
        #expect(pub.properties["environment"]?["secretFindings"] == [
            ["name": "AWS_ACCESS_KEY_ID", "patterns": ["aws-access-key-id"]],
            ["name": "DB_PASSWORD", "patterns": ["password-assignment"]]])
        // The access key id is kept, only in `environment.accessKeyIds`; other values never.
        #expect(pub.properties["environment"]?["accessKeyIds"] == ["AKIAIOSFODNN7EXAMPLE"])
        let encoded = String(decoding: try JSONEncoder().encode(mine), as: UTF8.self)
        #expect(encoded.components(separatedBy: "AKIAIOSFODNN7EXAMPLE").count == 2 && !encoded.contains("Winter2024!"))
        let fn = try #require(out.one("aws.lambda.function", "hardened-fn"))
        #expect(fn.properties["resourcePolicy"] == .null && fn.properties["functionUrl"] == .null)
        #expect(fn.properties["tracingMode"] == "Active")
        #expect(fn.properties["environment"]?["secretFindings"] == [])
        #expect(fn.properties["environment"]?["accessKeyIds"] == [])
        #expect(fn.properties["inVpc"] == false)

        // ELBv2 (page size 1): the internet-facing ALB with plain HTTP, the internal one redirecting to HTTPS.
        let web = try #require(out.one("aws.elbv2.load_balancer", "public-web-alb"))
        #expect(web.properties["scheme"] == "internet-facing" && web.properties["internetFacing"] == true)
        #expect(web.properties["type"] == "application")
        #expect(web.properties["deletionProtection"] == false)
        #expect(web.properties["securityGroups"]?.arrayValue?.count == 1)
        let http = try #require(web.properties["listeners"]?[0])
        #expect(http["protocol"] == "HTTP" && http["port"] == 80 && http["redirectsToHttps"] == false)
        #expect(http["defaultActions"]?[0]?["type"] == "forward")
        let api = try #require(out.one("aws.elbv2.load_balancer", "internal-api-alb"))
        #expect(api.properties["internetFacing"] == false)
        #expect(api.properties["deletionProtection"] == true && api.properties["dropInvalidHeaderFields"] == true)
        #expect(api.properties["accessLogsEnabled"] == true && api.properties["accessLogsBucket"] == "palisade-demo-hardened")
        #expect(api.properties["desyncMitigationMode"] == "strictest")
        let listeners = api.properties["listeners"]?.arrayValue ?? []
        #expect(listeners.contains { $0["protocol"] == "HTTP" && $0["redirectsToHttps"] == true })
        let https = try #require(listeners.first { $0["protocol"] == "HTTPS" })
        #expect(https["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06")
        #expect(https["certificateArns"]?.arrayValue?.count == 1)
        let tg = try #require(out.one("aws.elbv2.target_group", "web-tg"))
        #expect(tg.properties["healthCheck"]?["path"] == "/health" && tg.properties["protocol"] == "HTTP")
        #expect(tg.properties["targets"]?.arrayValue?.count == 1)
        #expect(tg.properties["loadBalancerArns"]?.arrayValue?.contains(.string(web.id)) == true)

        // EKS and ECR.
        let eks = try #require(out.one("aws.eks.cluster", "demo-eks"))
        #expect(eks.id == "arn:aws:eks:us-east-1:123456789012:cluster/demo-eks")
        #expect(eks.properties["endpointPublicAccess"] == true && eks.properties["endpointPrivateAccess"] == false)
        #expect(eks.properties["publicAccessCidrs"] == ["0.0.0.0/0"])
        #expect(eks.properties["loggingEnabledTypes"] == [] && eks.properties["secretsEncrypted"] == false)
        #expect(eks.properties["version"] == "1.29" && eks.properties["platformVersion"]?.stringValue != nil)
        let mutable = try #require(out.one("aws.ecr.repository", "app-mutable"))
        #expect(mutable.properties["scanOnPush"] == false && mutable.properties["imageTagMutability"] == "MUTABLE")
        #expect(mutable.properties["policy"] == .null && mutable.properties["hasLifecyclePolicy"] == false)
        let repo = try #require(out.one("aws.ecr.repository", "app-hardened"))
        #expect(repo.properties["scanOnPush"] == true && repo.properties["imageTagMutability"] == "IMMUTABLE")
        #expect(repo.properties["policy"]?.value(at: "Statement")?[0]?.value(at: "Principal.AWS")
            == "arn:aws:iam::123456789012:root")
        #expect(repo.properties["hasLifecyclePolicy"] == true)
        #expect(repo.properties["lifecyclePolicy"]?["rules"]?.arrayValue?.count == 1)

        // Every seeded resource of the family was found under the id the seeder noted.
        let noted = ((manifest["bad"]?.arrayValue ?? []) + (manifest["hardened"]?.arrayValue ?? []))
            .filter { Set(collectors.flatMap { type(of: $0).resourceTypes }).contains($0["type"]?.stringValue ?? "") }
        #expect(noted.count == 13)
        for n in noted { #expect(mine.contains { $0.id == n["id"]?.stringValue }, "\(n)") }
    }

    @Test func collectorsAreRegisteredWithTheirPermissions() {
        let names = AWSCollectors.all.map { String(describing: $0) }
        for c in ["CloudTrailCollector", "LogsCollector", "CloudWatchAlarmCollector", "LambdaCollector",
                  "ELBv2Collector", "EKSCollector", "ECRCollector"] {
            #expect(names.contains(c))
        }
        let policy = AWSCollectors.permissions()
        for action in ["cloudtrail:GetEventSelectors", "logs:DescribeMetricFilters", "cloudwatch:DescribeAlarms",
                       "lambda:GetFunctionUrlConfig", "elasticloadbalancing:DescribeLoadBalancerAttributes",
                       "eks:DescribeCluster", "ecr:GetLifecyclePolicy"] {
            #expect(policy.contains(action), "\(action)")
        }
    }
}
