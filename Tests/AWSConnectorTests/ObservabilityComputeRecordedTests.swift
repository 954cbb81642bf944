import Foundation
import PalisadeModel
import Testing
@testable import AWSConnector

/// What moto does not return, from recorded AWS answers (bodies as in the API references): Lambda pagination,
/// KMS keys, VPC placement and private keys in the environment; CloudTrail advanced event selectors and KMS;
/// and denied detail calls landing in `unknown`, never as false or null.
@Suite struct ObservabilityComputeRecordedTests {
    static func json(_ status: Int, _ body: String, type: String? = nil) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(body.utf8), headers: type.map { ["x-amzn-errortype": $0] } ?? [:])
    }

    static let functionA = """
    {"FunctionName":"img-fn","FunctionArn":"arn:aws:lambda:eu-west-1:123456789012:function:img-fn",
     "Role":"arn:aws:iam::123456789012:role/img","PackageType":"Image","MemorySize":512,"Timeout":30,
     "KMSKeyArn":"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
     "VpcConfig":{"SubnetIds":["subnet-071f712345678e7c8"],"SecurityGroupIds":["sg-085912345678492fb"],"VpcId":"vpc-0a1b2c3d"},
     "Environment":{"Variables":{"TLS_KEY":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow...","STAGE":"prod"}},
     "TracingConfig":{"Mode":"Active"},"LastModified":"2024-01-10T10:00:00.000+0000","Architectures":["arm64"]}
    """
    static let functionB = """
    {"FunctionName":"zip-fn","FunctionArn":"arn:aws:lambda:eu-west-1:123456789012:function:zip-fn",
     "Runtime":"nodejs18.x","Role":"arn:aws:iam::123456789012:role/zip","Handler":"index.handler","PackageType":"Zip",
     "VpcConfig":{"SubnetIds":[],"SecurityGroupIds":[],"VpcId":""},"TracingConfig":{"Mode":"PassThrough"}}
    """

    @Test func lambdaPagesDetailsAndADeniedPolicy() async throws {
        let transport = RecordedTransport { request, _ in
            // URLComponents keeps the trailing slash of `/functions/` that URL.path drops on Linux.
            let parts = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
            let path = parts?.path ?? "", query = parts?.query ?? ""
            switch path {
            case "/2015-03-31/functions/" where query.contains("Marker=page2"):
                return Self.json(200, "{\"Functions\":[\(Self.functionB)]}")
            case "/2015-03-31/functions/":
                return Self.json(200, "{\"Functions\":[\(Self.functionA)],\"NextMarker\":\"page2\"}")
            case "/2015-03-31/functions/img-fn/policy":
                return Self.json(403, #"{"Type":"User","Message":"User: arn:aws:iam::123456789012:user/scan is not authorized to perform: lambda:GetPolicy"}"#,
                                 type: "AccessDeniedException")
            case "/2021-10-31/functions/img-fn/url":
                return Self.json(404, #"{"Type":"User","Message":"The resource you requested does not exist."}"#,
                                 type: "ResourceNotFoundException")
            case "/2015-03-31/functions/zip-fn/policy":
                let policy = #"{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"s3\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:eu-west-1:123456789012:function:zip-fn\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::uploads\"}}}]}"#
                return Self.json(200, "{\"Policy\":\"\(policy)\",\"RevisionId\":\"4843f2f6\"}")
            case "/2021-10-31/functions/zip-fn/url":
                return Self.json(200, #"{"FunctionUrl":"https://abc.lambda-url.eu-west-1.on.aws/","FunctionArn":"arn:aws:lambda:eu-west-1:123456789012:function:zip-fn","AuthType":"AWS_IAM","CreationTime":"2023-01-01T00:00:00.000Z","LastModifiedTime":"2023-01-01T00:00:00.000Z","InvokeMode":"BUFFERED"}"#)
            default:
                return Self.json(404, "{}", type: "UnknownOperationException")
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let out = Emitted()
        let scopes = await LambdaCollector(ctx, pageSize: 1).collect(region: "eu-west-1", emit: out.emit)
        #expect(scopes.map(\.status) == [.ok])
        #expect(transport.requests.filter { $0.url.absoluteString.contains("/2015-03-31/functions/?") }.count == 2)
        let a = try #require(out.one("aws.lambda.function", "img-fn"))
        #expect(a.unknown == ["resourcePolicy": "AccessDeniedException: lambda:GetPolicy"])
        #expect(a.properties["resourcePolicy"] == nil)
        #expect(a.properties["functionUrl"] == .null)
        #expect(a.properties["runtime"] == .null && a.properties["packageType"] == "Image")
        #expect(a.properties["kmsKeyArn"] == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(a.properties["inVpc"] == true && a.properties["vpcConfig"]?["vpcId"] == "vpc-0a1b2c3d")
        #expect(a.properties["environment"]?["secretFindings"] == [["name": "TLS_KEY", "patterns": ["private-key"]]])
        #expect(a.properties["environment"]?["accessKeyIds"] == [])
        #expect(a.properties.value(at: "raw.Environment.Variables.TLS_KEY") == "<redacted>")
        #expect(!String(decoding: try JSONEncoder().encode(a), as: UTF8.self).contains("MIIEow"))
        let b = try #require(out.one("aws.lambda.function", "zip-fn"))
        #expect(b.unknown.isEmpty)
        #expect(b.properties["inVpc"] == false && b.properties["kmsKeyArn"] == .null)
        #expect(b.properties["environment"] == .null)
        #expect(b.properties["functionUrl"]?["authType"] == "AWS_IAM")
        #expect(b.properties["resourcePolicy"]?.value(at: "Statement")?[0]?.value(at: "Principal.Service") == "s3.amazonaws.com")
    }

    @Test func cloudTrailAdvancedSelectorsAndADeniedStatus() async throws {
        let trails = """
        {"trailList":[
         {"Name":"org","S3BucketName":"org-trail-logs","IncludeGlobalServiceEvents":true,"IsMultiRegionTrail":true,
          "HomeRegion":"us-east-1","TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/org",
          "LogFileValidationEnabled":true,"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/k-1",
          "HasCustomEventSelectors":true,"HasInsightSelectors":false,"IsOrganizationTrail":true},
         {"Name":"elsewhere","S3BucketName":"b","IsMultiRegionTrail":true,"HomeRegion":"eu-west-1",
          "TrailARN":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/elsewhere","LogFileValidationEnabled":false}]}
        """
        let selectors = """
        {"TrailARN":"arn:aws:cloudtrail:us-east-1:123456789012:trail/org","AdvancedEventSelectors":[
         {"Name":"Log all management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
         {"Name":"Log PutObject and DeleteObject events for one bucket","FieldSelectors":[
           {"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
           {"Field":"readOnly","Equals":["false"]},
           {"Field":"resources.ARN","StartsWith":["arn:aws:s3:::amzn-s3-demo-bucket/"]}]}]}
        """
        let transport = RecordedTransport { request, _ in
            let target = request.headers.first { $0.0 == "X-Amz-Target" }?.1 ?? ""
            switch target.split(separator: ".").last ?? "" {
            case "DescribeTrails": return Self.json(200, trails)
            case "GetEventSelectors": return Self.json(200, selectors)
            case "ListTags":
                return Self.json(200, #"{"ResourceTagList":[{"ResourceId":"arn:aws:cloudtrail:us-east-1:123456789012:trail/org","TagsList":[{"Key":"Name","Value":"Organization trail"}]}]}"#)
            case "GetTrailStatus":
                return Self.json(400, #"{"__type":"AccessDeniedException","Message":"not authorized to perform: cloudtrail:GetTrailStatus"}"#)
            default: return Self.json(400, #"{"__type":"UnknownOperationException"}"#)
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let out = Emitted()
        let scopes = await CloudTrailCollector(ctx).collect(region: "us-east-1", emit: out.emit)
        #expect(scopes.map(\.status) == [.ok])
        #expect(out.resources.map(\.name) == ["Organization trail"])  // the eu-west-1 trail belongs to its own region
        let t = try #require(out.resources.first)
        #expect(t.tags == ["Name": "Organization trail"])
        #expect(t.properties["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:key/k-1")
        #expect(t.properties["isOrganizationTrail"] == true)
        #expect(t.unknown["isLogging"] == "AccessDeniedException: cloudtrail:GetTrailStatus")
        #expect(t.properties["isLogging"] == nil && t.properties["latestDeliveryTime"] == nil)
        #expect(t.properties["managementEventsRead"] == true && t.properties["managementEventsWrite"] == true)
        #expect(t.properties["dataEvents"] == [["type": "AWS::S3::Object", "values": ["arn:aws:s3:::amzn-s3-demo-bucket/"],
                                                "readWriteType": "WriteOnly"]])
    }

    @Test func aDeniedListMakesOnlyItsScopeAnError() async throws {
        // DescribeMetricFilters denied: the metric filter scope fails, log groups are listed with filters unknown.
        let transport = RecordedTransport { request, _ in
            let target = request.headers.first { $0.0 == "X-Amz-Target" }?.1 ?? ""
            if target.hasSuffix("DescribeMetricFilters") {
                return Self.json(400, #"{"__type":"AccessDeniedException","message":"denied"}"#)
            }
            return Self.json(200, #"{"logGroups":[{"logGroupName":"/a","arn":"arn:aws:logs:us-east-1:123456789012:log-group:/a:*","creationTime":1700000000000,"retentionInDays":30}]}"#)
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let out = Emitted()
        let scopes = await LogsCollector(ctx).collect(region: "us-east-1", emit: out.emit)
        #expect(scopes.first { $0.resourceTypes == ["aws.logs.metric_filter"] }?.status == .error)
        #expect(scopes.first { $0.resourceTypes == ["aws.logs.log_group"] }?.status == .ok)
        let g = try #require(out.resources.first)
        #expect(g.id == "arn:aws:logs:us-east-1:123456789012:log-group:/a")
        #expect(g.unknown == ["metricFilters": "AccessDeniedException: logs:DescribeMetricFilters"])
        #expect(g.properties["creationTime"] == "2023-11-14T22:13:20Z")
    }

    @Test func networkLoadBalancerAttributesItLacksAreNullAndDeniedListenersUnknown() async throws {
        let lbArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/my-nlb/1234567890123456"
        @Sendable func response(_ action: String, _ inner: String) -> HTTPResponse {
            .ok("<\(action)Response xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><\(action)Result>"
                + inner + "</\(action)Result></\(action)Response>")
        }
        let transport = RecordedTransport { _, body in
            switch body.split(separator: "&").first ?? "" {
            case "Action=DescribeLoadBalancers":
                return response("DescribeLoadBalancers", """
                <LoadBalancers><member><LoadBalancerArn>\(lbArn)</LoadBalancerArn><Scheme>internet-facing</Scheme>
                <LoadBalancerName>my-nlb</LoadBalancerName><Type>network</Type><State><Code>active</Code></State>
                <VpcId>vpc-3ac0fb5f</VpcId><AvailabilityZones><member><ZoneName>us-west-2a</ZoneName>
                <SubnetId>subnet-8360a9e7</SubnetId></member></AvailabilityZones></member></LoadBalancers>
                """)
            case "Action=DescribeLoadBalancerAttributes":
                return response("DescribeLoadBalancerAttributes", """
                <Attributes><member><Key>deletion_protection.enabled</Key><Value>false</Value></member>
                <member><Key>access_logs.s3.enabled</Key><Value>false</Value></member>
                <member><Key>load_balancing.cross_zone.enabled</Key><Value>true</Value></member></Attributes>
                """)
            case "Action=DescribeTags":
                return response("DescribeTags", "<TagDescriptions><member><ResourceArn>\(lbArn)</ResourceArn><Tags>"
                    + "<member><Key>Name</Key><Value>edge-nlb</Value></member></Tags></member></TagDescriptions>")
            case "Action=DescribeListeners":
                return HTTPResponse(status: 403, body: Data(("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                    + "<Message>not authorized</Message></Error></ErrorResponse>").utf8))
            default:
                return response("DescribeTargetGroups", "<TargetGroups/>")
            }
        }
        let ctx = CollectorContext(client: RecordedTransport.client(transport), account: "123456789012")
        let out = Emitted()
        let scopes = await ELBv2Collector(ctx).collect(region: "us-west-2", emit: out.emit)
        #expect(scopes.map(\.status) == [.ok, .ok])
        let nlb = try #require(out.one("aws.elbv2.load_balancer", "edge-nlb"))
        #expect(nlb.properties["type"] == "network" && nlb.properties["internetFacing"] == true)
        #expect(nlb.properties["accessLogsEnabled"] == false && nlb.properties["deletionProtection"] == false)
        #expect(nlb.properties["dropInvalidHeaderFields"] == .null && nlb.properties["desyncMitigationMode"] == .null)
        #expect(nlb.properties["securityGroups"] == [])
        #expect(nlb.unknown == ["listeners": "AccessDenied: elasticloadbalancing:DescribeListeners"])
        #expect(nlb.properties["listeners"] == nil)
    }

    @Test func secretScanNamesPatternsWithoutKeepingValues() {
        #expect(SecretScan.findings(in: "KEY=AKIAIOSFODNN7EXAMPLE") == ["aws-access-key-id"])
        #expect(SecretScan.findings(in: "-----BEGIN OPENSSH PRIVATE KEY-----") == ["private-key"])
        #expect(SecretScan.findings(in: "DB_PASSWORD=hunter2") == ["password-assignment"])
        #expect(SecretScan.findings(in: "postgres://app:s3cr3t@db:5432/x").contains("url-credentials"))
        #expect(SecretScan.findings(in: "LOG_LEVEL=info") == [])
        #expect(SecretScan.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
