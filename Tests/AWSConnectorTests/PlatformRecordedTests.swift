import Foundation
import PalisadeModel
import Synchronization
import Testing
@testable import AWSConnector

/// Platform collectors against recorded AWS answers (bodies from the AWS API references): what moto does not
/// implement (GetEnabledStandards), attributes moto never returns (a table without SSEDescription, table class),
/// and denied detail calls, which must become unknown, never false.
@Suite struct PlatformRecordedTests {
    static func json(_ text: String, status: Int = 200, errorType: String? = nil) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(text.utf8), headers: errorType.map { ["x-amzn-errortype": $0] } ?? [:])
    }

    static func target(_ r: HTTPRequest) -> String {
        r.headers.first { $0.0.lowercased() == "x-amz-target" }?.1 ?? ""
    }

    static func context(_ answer: @escaping @Sendable (HTTPRequest, String) -> HTTPResponse, account: String = "123456789012")
        -> (CollectorContext, RecordedTransport) {
        let transport = RecordedTransport(answer)
        return (CollectorContext(client: RecordedTransport.client(transport), account: account), transport)
    }

    static func run(_ c: some AWSCollector, region: String) async -> ([ScopeResult], [Resource]) {
        await PlatformCollectorTests.gather { await c.collect(region: region, emit: $0) }
    }

    static let describeHub = """
        {"HubArn":"arn:aws:securityhub:eu-west-1:123456789012:hub/default","SubscribedAt":"2023-04-11T09:12:04.046Z",\
        "AutoEnableControls":true,"ControlFindingGenerator":"SECURITY_CONTROL"}
        """
    static let standardsPage1 = """
        {"StandardsSubscriptions":[{"StandardsArn":"arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",\
        "StandardsInput":{},"StandardsStatus":"READY","StandardsSubscriptionArn":\
        "arn:aws:securityhub:eu-west-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0",\
        "StandardsStatusReason":{}}],"NextToken":"U1FTMg=="}
        """
    static let standardsPage2 = """
        {"StandardsSubscriptions":[{"StandardsArn":"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",\
        "StandardsInput":{},"StandardsStatus":"INCOMPLETE","StandardsSubscriptionArn":\
        "arn:aws:securityhub:eu-west-1:123456789012:subscription/cis-aws-foundations-benchmark/v/1.2.0"}]}
        """
    static let accessDenied = """
        {"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/palisade-scanner is not \
        authorized to perform this action"}
        """

    @Test func securityHubEnabledWithStandardsFollowsTheirPages() async throws {
        let (ctx, transport) = Self.context { r, body in
            switch (r.method, r.url.path) {
            case ("GET", "/accounts"): return Self.json(Self.describeHub)
            case ("POST", "/standards/get"): return Self.json(body.contains("U1FTMg==") ? Self.standardsPage2 : Self.standardsPage1)
            default: return HTTPResponse(status: 404, body: Data())
            }
        }
        let (scopes, resources) = await Self.run(SecurityHubCollector(ctx), region: "eu-west-1")
        #expect(scopes.map(\.status) == [.ok])
        let hub = try #require(resources.first)
        #expect(hub.id == "arn:aws:securityhub:eu-west-1:123456789012:hub-status")
        #expect(hub.properties["enabled"] == true)
        #expect(hub.properties["hubArn"] == "arn:aws:securityhub:eu-west-1:123456789012:hub/default")
        #expect(hub.properties["standards"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["READY", "INCOMPLETE"])
        #expect(hub.properties["standards"]?[1]?["standardsArn"] == "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0")
        #expect(hub.properties.value(at: "raw.ControlFindingGenerator") == "SECURITY_CONTROL")
        #expect(hub.unknown.isEmpty)
        #expect(transport.requests.filter { $0.url.path == "/standards/get" }.count == 2)
    }

    @Test func deniedStandardsAreUnknownAndADeniedHubIsAnErrorNotDisabled() async throws {
        let (ctx, _) = Self.context { r, _ in
            r.url.path == "/accounts" ? Self.json(Self.describeHub)
                : Self.json(Self.accessDenied, status: 403, errorType: "AccessDeniedException")
        }
        let (_, resources) = await Self.run(SecurityHubCollector(ctx), region: "eu-west-1")
        let hub = try #require(resources.first)
        #expect(hub.properties["enabled"] == true)
        #expect(hub.properties["standards"] == nil)
        #expect(hub.unknown["standards"] == "AccessDeniedException: securityhub:GetEnabledStandards")

        let (deniedCtx, _) = Self.context { _, _ in Self.json(Self.accessDenied, status: 403, errorType: "AccessDeniedException") }
        let (scopes, none) = await Self.run(SecurityHubCollector(deniedCtx), region: "eu-west-1")
        #expect(none.isEmpty, "a denied DescribeHub must not read as 'Security Hub disabled'")
        #expect(scopes.first?.status == .error)
        #expect(scopes.first?.reason == "AccessDeniedException: securityhub:DescribeHub")
    }

    static let describeTable = """
        {"Table":{"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingModeSummary":\
        {"BillingMode":"PROVISIONED","LastUpdateToPayPerRequestDateTime":1.67E9},"CreationDateTime":1.700000000123E9,\
        "DeletionProtectionEnabled":false,"ItemCount":42,"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],\
        "ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":5},\
        "TableArn":"arn:aws:dynamodb:eu-west-1:123456789012:table/archive","TableClassSummary":\
        {"TableClass":"STANDARD_INFREQUENT_ACCESS"},"TableId":"e5c3f7a0-7d1b-4a8e-9a43-4c2f5d3e1b10",\
        "TableName":"archive","TableSizeBytes":5120,"TableStatus":"ACTIVE"}}
        """

    @Test func tableWithoutSSEDescriptionIsAWSOwnedKeyAndDeniedBackupsAreUnknown() async throws {
        let (ctx, _) = Self.context { r, _ in
            switch Self.target(r) {
            case "DynamoDB_20120810.ListTables": return Self.json(#"{"TableNames":["archive"]}"#)
            case "DynamoDB_20120810.DescribeTable": return Self.json(Self.describeTable)
            case "DynamoDB_20120810.ListTagsOfResource": return Self.json(#"{"Tags":[{"Key":"Name","Value":"archive"},{"Key":"team","Value":"billing"}]}"#)
            default: return Self.json(Self.accessDenied, status: 400, errorType: "AccessDeniedException")
            }
        }
        let (scopes, resources) = await Self.run(DynamoDBCollector(ctx), region: "eu-west-1")
        #expect(scopes.map(\.status) == [.ok])
        let t = try #require(resources.first)
        #expect(t.id == "arn:aws:dynamodb:eu-west-1:123456789012:table/archive")
        #expect(t.properties["sseType"] == "AWS_OWNED_KEY")
        #expect(t.properties["kmsMasterKeyArn"] == .null)
        #expect(t.properties["tableClass"] == "STANDARD_INFREQUENT_ACCESS")
        #expect(t.properties["billingMode"] == "PROVISIONED")
        #expect(t.properties["itemCount"] == 42)
        #expect(t.properties["creationDateTime"] == "2023-11-14T22:13:20Z")
        #expect(t.tags["team"] == "billing")
        #expect(t.properties["pointInTimeRecoveryEnabled"] == nil, "denied is not 'PITR off'")
        #expect(t.unknown["pointInTimeRecoveryEnabled"] == "AccessDeniedException: dynamodb:DescribeContinuousBackups")
    }

    static let organization = """
        {"Organization":{"Arn":"arn:aws:organizations::111111111111:organization/o-exampleorgid",\
        "AvailablePolicyTypes":[{"Status":"ENABLED","Type":"SERVICE_CONTROL_POLICY"}],"FeatureSet":"ALL",\
        "Id":"o-exampleorgid","MasterAccountArn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111",\
        "MasterAccountEmail":"bill@example.com","MasterAccountId":"111111111111"}}
        """

    @Test func memberAccountSeesItsOrganizationButListingAccountsIsAnError() async throws {
        let (ctx, _) = Self.context({ r, _ in
            Self.target(r).hasSuffix("DescribeOrganization") ? Self.json(Self.organization)
                : Self.json(Self.accessDenied, status: 400, errorType: "AccessDeniedException")
        }, account: "222222222222")
        let (scopes, resources) = await Self.run(OrganizationsCollector(ctx), region: "global")
        #expect(scopes.map(\.status) == [.ok, .error, .error])
        #expect(scopes[2].reason == "AccessDeniedException: organizations:ListPolicies")
        #expect(scopes[1].resourceTypes == ["aws.organizations.account"])
        #expect(scopes[1].reason == "AccessDeniedException: organizations:ListAccounts")
        let org = try #require(resources.first)
        #expect(resources.count == 1)
        #expect(org.id == "arn:aws:organizations::111111111111:organization/o-exampleorgid")
        #expect(org.properties["inOrganization"] == true)
        #expect(org.properties["isManagementAccount"] == false)
        #expect(org.properties["masterAccountId"] == "111111111111")
        #expect(!String(decoding: try JSONEncoder().encode(org), as: UTF8.self).contains("bill@example.com"))
    }

    static let managementOrganization = organization.replacingOccurrences(of: "bill@example.com", with: "x@example.com")

    /// A management account's Organizations answers (API reference examples): one member in OU `prod` under OU
    /// `apps`, two SCPs; `deny` targets are denied, and ListTargetsForPolicy answers in two pages.
    static func organizationAnswers(deny: Set<String> = []) -> @Sendable (HTTPRequest, String) -> HTTPResponse {
        { r, body in
            let action = String(target(r).split(separator: ".").last ?? "")
            if deny.contains(action) { return json(accessDenied, status: 400, errorType: "AccessDeniedException") }
            switch action {
            case "DescribeOrganization": return json(managementOrganization)
            case "ListAccounts":
                return json(#"{"Accounts":[{"Id":"111111111111","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111","Name":"management","Email":"a@example.com","Status":"ACTIVE","JoinedMethod":"INVITED","JoinedTimestamp":1481830215.45},{"Id":"222222222222","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222","Name":"prod-app","Email":"b@example.com","Status":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1481835741.044}]}"#)
            case "ListParents":
                let parent = ["\"222222222222\"": #"{"Id":"ou-examplerootid111-prod1111","Type":"ORGANIZATIONAL_UNIT"}"#,
                              "\"ou-examplerootid111-prod1111\"": #"{"Id":"ou-examplerootid111-apps1111","Type":"ORGANIZATIONAL_UNIT"}"#]
                    .first { body.contains($0.key) }?.value ?? #"{"Id":"r-examplerootid111","Type":"ROOT"}"#
                return json(#"{"Parents":["# + parent + "]}")
            case "ListPolicies":
                #expect(body.contains(#""Filter":"SERVICE_CONTROL_POLICY""#))
                return json(#"{"Policies":[{"Id":"p-FullAWSAccess","Arn":"arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess","Name":"FullAWSAccess","Description":"Allows access to every operation","Type":"SERVICE_CONTROL_POLICY","AwsManaged":true},{"Id":"p-examplepolicyid111","Arn":"arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111","Name":"deny-regions","Description":"only eu regions","Type":"SERVICE_CONTROL_POLICY","AwsManaged":false}]}"#)
            case "DescribePolicy":
                let content = body.contains("p-FullAWSAccess")
                    ? #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"#
                    : #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\"]}}}]}"#
                return json(#"{"Policy":{"PolicySummary":{"Id":"p-x"},"Content":""# + content + #""}}"#)
            case "ListTargetsForPolicy":
                if body.contains("p-FullAWSAccess") {
                    return json(#"{"Targets":[{"TargetId":"r-examplerootid111","Arn":"arn:aws:organizations::111111111111:root/o-exampleorgid/r-examplerootid111","Name":"Root","Type":"ROOT"}]}"#)
                }
                if !body.contains("NextToken") {
                    return json(#"{"Targets":[{"TargetId":"ou-examplerootid111-apps1111","Arn":"arn:aws:organizations::111111111111:ou/o-exampleorgid/ou-examplerootid111-apps1111","Name":"apps","Type":"ORGANIZATIONAL_UNIT"}],"NextToken":"AAAA"}"#)
                }
                return json(#"{"Targets":[{"TargetId":"222222222222","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222","Name":"prod-app","Type":"ACCOUNT"}]}"#)
            default: return json("{}", status: 400, errorType: "UnknownOperationException")
            }
        }
    }

    @Test func managementAccountGetsEachAccountsParentsAndTheServiceControlPolicies() async throws {
        let (ctx, transport) = Self.context(Self.organizationAnswers(), account: "111111111111")
        let (scopes, resources) = await Self.run(OrganizationsCollector(ctx), region: "global")
        #expect(scopes.map(\.status) == [.ok, .ok, .ok])
        #expect(scopes[2].resourceTypes == ["aws.organizations.policy"])
        let member = try #require(resources.first { $0.name == "prod-app" })
        #expect(member.properties["parentIds"] == ["ou-examplerootid111-prod1111", "ou-examplerootid111-apps1111",
                                                   "r-examplerootid111"])
        let management = try #require(resources.first { $0.name == "management" })
        #expect(management.properties["parentIds"] == ["r-examplerootid111"])
        // Each OU's parent is asked once: 2 accounts + 2 OUs.
        #expect(transport.requests.filter { Self.target($0).hasSuffix("ListParents") }.count == 4)

        let deny = try #require(resources.first { $0.type == "aws.organizations.policy" && $0.name == "deny-regions" })
        #expect(deny.id == "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111")
        #expect(deny.unknown.isEmpty, "\(deny.unknown)")
        #expect(deny.properties["policyId"] == "p-examplepolicyid111" && deny.properties["awsManaged"] == false)
        #expect(deny.properties.value(at: "document.Statement")?[0]?["NotAction"] == "iam:*")
        #expect(deny.properties["targets"] == [
            ["targetId": "ou-examplerootid111-apps1111", "type": "ORGANIZATIONAL_UNIT", "name": "apps"],
            ["targetId": "222222222222", "type": "ACCOUNT", "name": "prod-app"]])
        let full = try #require(resources.first { $0.name == "FullAWSAccess" })
        #expect(full.id == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess")
        #expect(full.properties["awsManaged"] == true)
        #expect(full.properties["targets"] == [["targetId": "r-examplerootid111", "type": "ROOT", "name": "Root"]])
    }

    @Test func deniedPolicyAndParentCallsAreUnknownOrErrorNeverEmpty() async throws {
        let (ctx, _) = Self.context(Self.organizationAnswers(deny: ["ListParents", "DescribePolicy", "ListTargetsForPolicy"]),
                                    account: "111111111111")
        let (scopes, resources) = await Self.run(OrganizationsCollector(ctx), region: "global")
        #expect(scopes.map(\.status) == [.ok, .ok, .ok])
        for a in resources where a.type == "aws.organizations.account" {
            #expect(a.properties["parentIds"] == nil)
            #expect(a.unknown["parentIds"] == "AccessDeniedException: organizations:ListParents")
        }
        let policies = resources.filter { $0.type == "aws.organizations.policy" }
        #expect(policies.count == 2)
        for p in policies {
            #expect(p.unknown == ["document": "AccessDeniedException: organizations:DescribePolicy",
                                  "targets": "AccessDeniedException: organizations:ListTargetsForPolicy"])
        }

        let (denied, _) = Self.context(Self.organizationAnswers(deny: ["ListPolicies"]), account: "111111111111")
        let (deniedScopes, deniedResources) = await Self.run(OrganizationsCollector(denied), region: "global")
        #expect(deniedScopes.map(\.status) == [.ok, .ok, .error])
        #expect(deniedScopes[2].reason == "AccessDeniedException: organizations:ListPolicies")
        #expect(!deniedResources.contains { $0.type == "aws.organizations.policy" })
    }

    @Test func accountOutsideAnyOrganizationIsAFactNotAnError() async throws {
        let (ctx, transport) = Self.context { _, _ in
            Self.json(#"{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}"#,
                      status: 400)
        }
        let (scopes, resources) = await Self.run(OrganizationsCollector(ctx), region: "global")
        #expect(scopes.map(\.status) == [.ok, .ok, .ok])
        #expect(resources.map(\.type) == ["aws.organizations.organization"])
        #expect(resources.first?.properties["inOrganization"] == false)
        #expect(transport.requests.count == 1, "no ListAccounts outside an organization")
    }

    @Test func secretScanNamesPatternsAndNeverEchoesValues() {
        #expect(SecretScan.findings(in: "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == ["aws-secret-access-key"])
        #expect(SecretScan.findings(in: "export KEY_ID=AKIAIOSFODNN7EXAMPLE") == ["aws-access-key-id"])
        #expect(SecretScan.findings(in: "-----BEGIN RSA PRIVATE KEY-----\nMIIE...") == ["private-key"])
        #expect(SecretScan.findings(in: "DB_URL=postgres://app@db/x password=hunter2") == ["password-assignment"])
        #expect(SecretScan.findings(in: "LOG_LEVEL=debug").isEmpty)
        #expect(SecretScan.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
