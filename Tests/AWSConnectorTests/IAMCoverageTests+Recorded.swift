import Foundation
import PalisadeModel
import Synchronization
import Testing
@testable import AWSConnector

/// IAM answers moto does not give (a credential report with a root row, role last use, AWS-managed policies,
/// SAML tags) and denied detail calls, from recorded responses shaped like the IAM API reference's examples.
@Suite struct IAMRecordedTests {
    static let account = "123456789012"

    /// A recorded IAM endpoint: `answers[Action]` is the XML result body, or a `(status, code)` error.
    static func transport(_ answer: @escaping @Sendable (String, [String: String]) -> HTTPResponse) -> RecordedTransport {
        RecordedTransport { _, text in
            var form: [String: String] = [:]
            for pair in text.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                form[kv[0]] = kv.count > 1 ? kv[1] : ""
            }
            return answer(form["Action"] ?? "", form)
        }
    }

    static func result(_ action: String, _ inner: String) -> HTTPResponse {
        .ok("""
            <\(action)Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><\(action)Result>\(inner)\
            </\(action)Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\
            </ResponseMetadata></\(action)Response>
            """)
    }

    static func denied(_ action: String) -> HTTPResponse {
        HTTPResponse(status: 403, body: Data("""
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/scanner is not authorized to \
            perform: iam:\(action) on resource: *</Message></Error>\
            <RequestId>4c1ae7d1-5b39-11e4-b8ef-EXAMPLE</RequestId></ErrorResponse>
            """.utf8))
    }

    static let reportCSV = """
        user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,\
        mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,\
        access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
        access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,\
        cert_1_last_rotated,cert_2_active,cert_2_last_rotated
        <root_account>,arn:aws:iam::123456789012:root,2019-04-10T09:14:22+00:00,not_supported,\
        2024-05-02T11:03:51+00:00,not_supported,not_supported,true,true,2019-04-10T09:20:00+00:00,\
        2024-04-30T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
        alice,arn:aws:iam::123456789012:user/alice,2020-01-01T00:00:00+00:00,true,no_information,\
        2020-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A

        """

    static func device(_ serial: String, userArn: String?) -> String {
        let user = userArn.map { "<User><UserName>x</UserName><Arn>\($0)</Arn><UserId>AIDAEXAMPLE</UserId>"
            + "<Path>/</Path><CreateDate>2020-01-01T00:00:00Z</CreateDate></User><EnableDate>2020-01-02T00:00:00Z</EnableDate>" }
        return "<member><SerialNumber>\(serial)</SerialNumber>\(user ?? "")</member>"
    }

    /// The account collector over a recorded IAM: `devices` answers ListVirtualMFADevices, `states` the successive
    /// GenerateCredentialReport calls (the last repeats).
    static func account(devices: HTTPResponse, states: [String], polls: Int = 10)
        async -> (resources: [Resource], scopes: [ScopeResult], generateCalls: Int) {
        let generated = Mutex(0)
        let t = transport { action, _ in
            switch action {
            case "GenerateCredentialReport":
                let n = generated.withLock { $0 += 1; return $0 }
                return result(action, "<State>\(states[min(n, states.count) - 1])</State>")
            case "GetCredentialReport":
                return result(action, "<Content>\(Data(reportCSV.utf8).base64EncodedString())</Content>"
                    + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>2024-05-03T10:00:00Z</GeneratedTime>")
            case "ListVirtualMFADevices": return devices
            case "GetAccountSummary":
                return result(action, "<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry>"
                    + "<entry><key>AccountAccessKeysPresent</key><value>1</value></entry></SummaryMap>")
            case "ListServerCertificates":
                return result(action, "<IsTruncated>false</IsTruncated><ServerCertificateMetadataList/>")
            default: return HTTPResponse(status: 400, body: Data())
            }
        }
        var collector = IAMAccountCollector(CollectorContext(client: RecordedTransport.client(t), account: account))
        collector.reportPollInterval = .zero
        collector.reportPolls = polls
        let out = Mutex<[Resource]>([])
        let scopes = await collector.collect(region: "global") { r in out.withLock { $0.append(r) } }
        return (out.withLock { $0 }, scopes, generated.withLock { $0 })
    }

    static func devicesResponse(_ members: String) -> HTTPResponse {
        result("ListVirtualMFADevices", "<VirtualMFADevices>\(members)</VirtualMFADevices><IsTruncated>false</IsTruncated>")
    }

    @Test func rootRowBecomesTheRootUserAndMFAWithoutAVirtualDeviceIsHardware() async throws {
        let (resources, scopes, calls) = await Self.account(
            devices: Self.devicesResponse(Self.device("arn:aws:iam::123456789012:mfa/alice",
                                                      userArn: "arn:aws:iam::123456789012:user/alice")),
            states: ["STARTED", "INPROGRESS", "COMPLETE"])
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        #expect(calls == 3)
        let root = try #require(resources.first { $0.type == "aws.iam.root_user" })
        #expect(root.unknown.isEmpty, "\(root.unknown)")
        #expect(root.properties["rootMfaActive"] == true)
        #expect(root.properties["rootHardwareMfa"] == true)
        #expect(root.properties["rootVirtualMfa"] == false)
        #expect(root.properties["rootAccessKey1Active"] == true)
        #expect(root.properties["rootAccessKey2Active"] == false)
        #expect(root.properties["rootAccessKey1LastUsedDate"] == "2024-04-30T08:00:00+00:00")
        #expect(root.properties["rootAccessKey1LastUsedRegion"] == "us-east-1")
        #expect(root.properties["rootPasswordLastUsed"] == "2024-05-02T11:03:51+00:00")
        #expect(root.properties["rootPasswordEnabled"] == .null) // not_supported for root
        #expect(root.properties["rootCert1Active"] == false)
        #expect(root.properties["raw"]?["mfa_active"] == "true")
        let report = try #require(resources.first { $0.type == "aws.iam.credential_report" })
        #expect(report.properties["generatedTime"] == "2024-05-03T10:00:00Z")
        let alice = report.properties["users"]?.arrayValue?.first { $0["user"] == "alice" }
        #expect(alice?["passwordLastUsed"] == .null) // no_information
        #expect(alice?["passwordNextRotation"] == .null) // N/A
        #expect(alice?["passwordEnabled"] == true)
        let summary = try #require(resources.first { $0.type == "aws.iam.account_summary" })
        #expect(summary.properties["accountMFAEnabled"] == 1)
        #expect(summary.properties["accountAccessKeysPresent"] == 1)
    }

    @Test func rootWithAVirtualDeviceHasNoHardwareMFA() async throws {
        let (resources, _, _) = await Self.account(
            devices: Self.devicesResponse(Self.device("arn:aws:iam::123456789012:mfa/root-account-mfa-device",
                                                      userArn: "arn:aws:iam::123456789012:root")),
            states: ["COMPLETE"])
        let root = try #require(resources.first { $0.type == "aws.iam.root_user" })
        #expect(root.properties["rootHardwareMfa"] == false)
        #expect(root.properties["rootVirtualMfa"] == true)
        let device = try #require(resources.first { $0.type == "aws.iam.virtual_mfa_device" })
        #expect(device.properties["isRoot"] == true)
        #expect(device.name == "root-account-mfa-device")
    }

    @Test func deniedDeviceListLeavesHardwareMFAUnknownNotFalse() async throws {
        let (resources, scopes, _) = await Self.account(devices: Self.denied("ListVirtualMFADevices"),
                                                        states: ["COMPLETE"])
        let mfaScope = try #require(scopes.first { $0.resourceTypes == ["aws.iam.virtual_mfa_device"] })
        #expect(mfaScope.status == .error)
        #expect(scopes.first { $0.resourceTypes.contains("aws.iam.root_user") }?.status == .ok)
        let root = try #require(resources.first { $0.type == "aws.iam.root_user" })
        #expect(root.properties["rootHardwareMfa"] == nil)
        #expect(root.unknown["rootHardwareMfa"] == "AccessDenied: iam:ListVirtualMFADevices")
        #expect(root.properties["rootMfaActive"] == true)
    }

    @Test func aReportThatNeverCompletesFailsItsScopeAfterBoundedPolls() async throws {
        let (resources, scopes, calls) = await Self.account(devices: Self.devicesResponse(""), states: ["INPROGRESS"],
                                                            polls: 3)
        #expect(calls == 3)
        let scope = try #require(scopes.first { $0.resourceTypes.contains("aws.iam.credential_report") })
        #expect(scope.status == .error)
        #expect(scope.reason.contains("connector.aws.iam.report.pending"), "\(scope.reason)")
        #expect(!resources.contains { $0.type == "aws.iam.root_user" })
    }

    @Test func anUnexpectedReportStateFailsAtOnceInsteadOfPolling() async throws {
        let (_, scopes, calls) = await Self.account(devices: Self.devicesResponse(""), states: ["BOGUS"])
        #expect(calls == 1)
        let scope = try #require(scopes.first { $0.resourceTypes.contains("aws.iam.credential_report") })
        #expect(scope.status == .error)
        #expect(scope.reason.contains("connector.aws.response.invalid"), "\(scope.reason)")
    }

    static func roleNode() throws -> XMLNode {
        try XMLNode.parse(Data("""
            <member><Path>/</Path><RoleName>deploy</RoleName><RoleId>AROAEXAMPLE</RoleId>\
            <Arn>arn:aws:iam::123456789012:role/deploy</Arn><CreateDate>2021-03-01T10:00:00Z</CreateDate>\
            <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D\
            </AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></member>
            """.utf8))
    }

    /// A URL-encoded policy document, as IAM sends them.
    static func encoded(_ json: String) -> String {
        json.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? json
    }

    /// A GetAccountAuthorizationDetails page shaped like the IAM API reference's example: user `alice` (inline
    /// policy, a customer-managed and an AWS-managed policy attached, group `devs`, a boundary, tags), group
    /// `devs`, role `deploy` (last use, boundary, tags, inline policy, instance profile) and the customer-managed
    /// policy `app-read` with two versions, v2 the default.
    static let authorizationDetails = """
        <UserDetailList><member><Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLEALICE</UserId>\
        <Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>\
        <UserPolicyList><member><PolicyName>inline-s3</PolicyName><PolicyDocument>\(encoded(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#))\
        </PolicyDocument></member></UserPolicyList><GroupList><member>devs</member></GroupList>\
        <AttachedManagedPolicies><member><PolicyName>app-read</PolicyName>\
        <PolicyArn>arn:aws:iam::123456789012:policy/app-read</PolicyArn></member><member>\
        <PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member>\
        </AttachedManagedPolicies><PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy\
        </PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/boundary\
        </PermissionsBoundaryArn></PermissionsBoundary><Tags><member><Key>team</Key><Value>web</Value></member></Tags>\
        </member></UserDetailList>\
        <GroupDetailList><member><Path>/</Path><GroupName>devs</GroupName><GroupId>AGPAEXAMPLEDEVS</GroupId>\
        <Arn>arn:aws:iam::123456789012:group/devs</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>\
        <GroupPolicyList><member><PolicyName>deny-iam</PolicyName><PolicyDocument>\(encoded(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#))\
        </PolicyDocument></member></GroupPolicyList><AttachedManagedPolicies/></member></GroupDetailList>\
        <RoleDetailList><member><Path>/</Path><RoleName>deploy</RoleName><RoleId>AROAEXAMPLE</RoleId>\
        <Arn>arn:aws:iam::123456789012:role/deploy</Arn><CreateDate>2021-03-01T10:00:00Z</CreateDate>\
        <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D\
        </AssumeRolePolicyDocument><InstanceProfileList><member><Path>/</Path><InstanceProfileName>deploy\
        </InstanceProfileName><InstanceProfileId>AIPAEXAMPLE</InstanceProfileId>\
        <Arn>arn:aws:iam::123456789012:instance-profile/deploy</Arn><CreateDate>2021-03-01T10:00:00Z</CreateDate>\
        <Roles/></member></InstanceProfileList><RolePolicyList><member><PolicyName>pass</PolicyName><PolicyDocument>\(encoded(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#))\
        </PolicyDocument></member></RolePolicyList><AttachedManagedPolicies><member><PolicyName>app-read</PolicyName>\
        <PolicyArn>arn:aws:iam::123456789012:policy/app-read</PolicyArn></member></AttachedManagedPolicies>\
        <PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>\
        <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/boundary</PermissionsBoundaryArn></PermissionsBoundary>\
        <Tags><member><Key>owner</Key><Value>platform</Value></member></Tags>\
        <RoleLastUsed><LastUsedDate>2024-05-01T12:00:00Z</LastUsedDate><Region>eu-west-1</Region></RoleLastUsed>\
        </member></RoleDetailList>\
        <Policies><member><PolicyName>app-read</PolicyName><PolicyId>ANPAEXAMPLEAPPREAD</PolicyId>\
        <Arn>arn:aws:iam::123456789012:policy/app-read</Arn><Path>/</Path><DefaultVersionId>v2</DefaultVersionId>\
        <AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>\
        <IsAttachable>true</IsAttachable><Description>read the app bucket</Description>\
        <CreateDate>2020-01-01T00:00:00Z</CreateDate><UpdateDate>2024-01-01T00:00:00Z</UpdateDate>\
        <PolicyVersionList><member><Document>\(encoded(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#))\
        </Document><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion>\
        <CreateDate>2020-01-01T00:00:00Z</CreateDate></member><member><Document>\(encoded(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::app/*"}]}"#))\
        </Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion>\
        <CreateDate>2024-01-01T00:00:00Z</CreateDate></member></PolicyVersionList></member></Policies>
        """

    /// A recorded IAM answering GAAD (in two pages when `paged`: users and groups, then roles and policies),
    /// ListUsers/ListRoles/ListPolicies and the AWS-managed ReadOnlyAccess document; `deny` actions are denied.
    static func gaadTransport(paged: Bool = false, deny: Set<String> = [], report: String? = nil) -> RecordedTransport {
        transport { action, form in
            if deny.contains(action) { return denied(action) }
            switch action {
            case "GenerateCredentialReport" where report != nil:
                return result(action, "<State>COMPLETE</State>")
            case "GetCredentialReport" where report != nil:
                return result(action, "<Content>\(Data(report!.utf8).base64EncodedString())</Content>"
                    + "<ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-12-02T10:00:00Z</GeneratedTime>")
            case "GetAccountAuthorizationDetails":
                let all = authorizationDetails
                let split = all.range(of: "<RoleDetailList>")!.lowerBound
                if !paged { return result(action, all + "<IsTruncated>false</IsTruncated>") }
                if form["Marker"] == nil {
                    return result(action, String(all[..<split]) + "<IsTruncated>true</IsTruncated><Marker>page2</Marker>")
                }
                return result(action, String(all[split...]) + "<IsTruncated>false</IsTruncated>")
            case "ListUsers":
                return result(action, "<IsTruncated>false</IsTruncated><Users><member><Path>/</Path><UserName>alice"
                    + "</UserName><UserId>AIDAEXAMPLEALICE</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn>"
                    + "<CreateDate>2020-01-01T00:00:00Z</CreateDate><PasswordLastUsed>2024-05-01T00:00:00Z"
                    + "</PasswordLastUsed></member></Users>")
            case "ListRoles":
                return result(action, "<IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>deploy"
                    + "</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::123456789012:role/deploy</Arn>"
                    + "<CreateDate>2021-03-01T10:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D"
                    + "</AssumeRolePolicyDocument><MaxSessionDuration>7200</MaxSessionDuration></member></Roles>")
            case "ListPolicies", "ListInstanceProfiles", "ListMFADevices", "ListAccessKeys":
                let list = ["ListPolicies": "Policies", "ListInstanceProfiles": "InstanceProfiles",
                            "ListMFADevices": "MFADevices", "ListAccessKeys": "AccessKeyMetadata"][action]!
                return result(action, "<IsTruncated>false</IsTruncated><\(list)/>")
            case "GetPolicy" where form["PolicyArn"] == "arn:aws:iam::aws:policy/ReadOnlyAccess":
                return result(action, "<Policy><PolicyName>ReadOnlyAccess</PolicyName><DefaultVersionId>v112"
                    + "</DefaultVersionId><Arn>arn:aws:iam::aws:policy/ReadOnlyAccess</Arn></Policy>")
            case "GetPolicyVersion" where form["VersionId"] == "v112":
                return result(action, "<PolicyVersion><Document>\(encoded(#"{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#))"
                    + "</Document><VersionId>v112</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>")
            case "GetLoginProfile", "GetAccountPasswordPolicy":
                return HTTPResponse(status: 404, body: Data("""
                    <ErrorResponse><Error><Code>NoSuchEntity</Code><Message>none</Message></Error></ErrorResponse>
                    """.utf8))
            default: return denied(action)
            }
        }
    }

    /// Runs IAMCollector and IAMPolicyCollector over one shared context, as a scan does.
    static func collectPrincipals(_ t: RecordedTransport) async -> ([Resource], [ScopeResult]) {
        let ctx = CollectorContext(client: RecordedTransport.client(t), account: account)
        let out = Mutex<[Resource]>([])
        var scopes = await IAMCollector(ctx).collect(region: "global") { r in out.withLock { $0.append(r) } }
        scopes += await IAMPolicyCollector(ctx).collect(region: "global") { r in out.withLock { $0.append(r) } }
        return (out.withLock { $0 }, scopes)
    }

    static func actions(_ t: RecordedTransport) -> [String] {
        t.requests.compactMap { r in
            String(decoding: r.body, as: UTF8.self).split(separator: "&").first { $0.hasPrefix("Action=") }
                .map { String($0.dropFirst("Action=".count)) }
        }
    }

    static let reportHeader = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
        + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
        + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
        + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
        + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"

    /// Alice's row: console password and MFA as given; access key 1 rotated (created) when `key`.
    static func aliceRow(password: Bool, mfa: Bool, key: Bool) -> String {
        "alice,arn:aws:iam::123456789012:user/alice,2020-01-01T00:00:00+00:00,\(password),N/A,N/A,N/A,\(mfa),"
            + (key ? "true,2024-01-01T00:00:00+00:00" : "false,N/A")
            + ",N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
    }

    @Test func theCredentialReportSparesPerUserCallsForCredentialsAUserDoesNotHave() async throws {
        // Nothing reported: no GetLoginProfile, ListMFADevices or ListAccessKeys for alice, and the same answers.
        let bare = Self.gaadTransport(report: Self.reportHeader + "\n" + Self.aliceRow(password: false, mfa: false, key: false))
        let (resources, scopes) = await Self.collectPrincipals(bare)
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        let alice = try #require(resources.first { $0.type == "aws.iam.user" && $0.name == "alice" })
        #expect(alice.properties["passwordEnabled"] == false)
        #expect(alice.properties["loginProfile"] == .null)
        #expect(alice.properties["mfaDevices"] == [])
        #expect(alice.properties["accessKeys"] == [])
        #expect(alice.unknown.isEmpty, "\(alice.unknown)")
        let calls = Self.actions(bare)
        for perUser in ["GetLoginProfile", "ListMFADevices", "ListAccessKeys"] {
            #expect(!calls.contains(perUser), "\(perUser) asked although the report says there is none")
        }
        #expect(calls.filter { $0 == "GetCredentialReport" }.count == 1)

        // What the report says exists is asked about (its details are not in the report).
        let full = Self.gaadTransport(report: Self.reportHeader + "\n" + Self.aliceRow(password: true, mfa: true, key: true))
        _ = await Self.collectPrincipals(full)
        let asked = Self.actions(full)
        for perUser in ["GetLoginProfile", "ListMFADevices", "ListAccessKeys"] { #expect(asked.contains(perUser)) }

        // A user the report does not know (created after it): every question is asked.
        let stale = Self.gaadTransport(report: Self.reportHeader + "\n")
        _ = await Self.collectPrincipals(stale)
        let all = Self.actions(stale)
        for perUser in ["GetLoginProfile", "ListMFADevices", "ListAccessKeys"] { #expect(all.contains(perUser)) }
    }

    @Test(arguments: [false, true])
    func principalsAndPoliciesComeFromOneAuthorizationDetailsRead(paged: Bool) async throws {
        let t = Self.gaadTransport(paged: paged)
        let (resources, scopes) = await Self.collectPrincipals(t)
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        func one(_ type: String, _ name: String) throws -> Resource {
            try #require(resources.first { $0.type == type && $0.name == name }, "\(type) \(name)")
        }
        // One read (every page) for both collectors; no per-principal List/Get calls.
        let calls = Self.actions(t)
        #expect(calls.filter { $0 == "GetAccountAuthorizationDetails" }.count == (paged ? 2 : 1))
        let replaced: Set = ["GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy",
                             "ListInstanceProfilesForRole", "ListAttachedUserPolicies", "ListUserPolicies",
                             "GetUserPolicy", "ListGroupsForUser", "ListGroups", "GetGroup", "ListAttachedGroupPolicies",
                             "ListGroupPolicies", "GetGroupPolicy"]
        #expect(replaced.isDisjoint(with: calls), "\(calls)")
        #expect(t.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("Filter.member.4=LocalManagedPolicy") })

        let alice = try one("aws.iam.user", "alice")
        #expect(alice.unknown.isEmpty, "\(alice.unknown)")
        #expect(alice.properties["passwordLastUsed"] == "2024-05-01T00:00:00Z") // ListUsers: GAAD omits it
        #expect(alice.properties["groups"] == ["devs"])
        #expect(alice.properties["permissionsBoundary"] == ["type": "PermissionsBoundaryPolicy",
                                                            "arn": "arn:aws:iam::123456789012:policy/boundary"])
        #expect(alice.properties["inlinePolicies"] == [["policyName": "inline-s3", "document": [
            "Version": "2012-10-17", "Statement": [["Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"]]]]])
        let attached = alice.properties["attachedPolicies"]?.arrayValue ?? []
        #expect(attached.map { $0["policyArn"] } == ["arn:aws:iam::123456789012:policy/app-read",
                                                     "arn:aws:iam::aws:policy/ReadOnlyAccess"])
        // The default version (v2), not the first listed.
        #expect(attached.first?.value(at: "document.Statement")?[0]?["Action"] == "s3:GetObject")
        // AWS-managed: not asked of GAAD, read with GetPolicy + GetPolicyVersion.
        #expect(attached.last?.value(at: "document.Statement")?[0]?["Action"] == "s3:Get*")
        #expect(alice.properties["raw"]?["PasswordLastUsed"] == "2024-05-01T00:00:00Z")

        let role = try one("aws.iam.role", "deploy")
        #expect(role.unknown.isEmpty, "\(role.unknown)")
        #expect(role.properties["lastUsed"] == ["lastUsedDate": "2024-05-01T12:00:00Z", "region": "eu-west-1"])
        #expect(role.properties["permissionsBoundary"] == ["type": "PermissionsBoundaryPolicy",
                                                           "arn": "arn:aws:iam::123456789012:policy/boundary"])
        #expect(role.properties["maxSessionDuration"] == 7200) // ListRoles: GAAD omits it
        #expect(role.properties["assumeRolePolicy"] == [:])
        #expect(role.properties["instanceProfileArns"] == ["arn:aws:iam::123456789012:instance-profile/deploy"])
        #expect(role.properties["inlinePolicies"]?[0]?.value(at: "document.Statement")?[0]?["Action"] == "iam:PassRole")
        #expect(role.properties["attachedPolicies"]?[0]?["policyName"] == "app-read")
        #expect(role.tags == ["owner": "platform"])
        #expect(role.properties["raw"]?["RoleLastUsed"]?["Region"] == "eu-west-1")

        let devs = try one("aws.iam.group", "devs")
        #expect(devs.unknown.isEmpty, "\(devs.unknown)")
        #expect(devs.properties["members"] == ["alice"])
        #expect(devs.properties["attachedPolicies"] == [])
        #expect(devs.properties["inlinePolicies"]?[0]?["policyName"] == "deny-iam")
        #expect(devs.properties["groupId"] == "AGPAEXAMPLEDEVS")

        let policy = try one("aws.iam.policy", "app-read")
        #expect(policy.id == "arn:aws:iam::123456789012:policy/app-read")
        #expect(policy.unknown.isEmpty, "\(policy.unknown)")
        #expect(policy.properties["policyId"] == "ANPAEXAMPLEAPPREAD")
        #expect(policy.properties["defaultVersionId"] == "v2")
        #expect(policy.properties["attachmentCount"] == 2)
        #expect(policy.properties["permissionsBoundaryUsageCount"] == 0)
        #expect(policy.properties["awsManaged"] == false && policy.properties["isAttachable"] == true)
        #expect(policy.properties.value(at: "document.Statement")?[0]?["Resource"] == "arn:aws:s3:::app/*")
        #expect(policy.properties["raw"]?["PolicyVersionList"] == nil)
    }

    @Test func deniedAuthorizationDetailsFailsThePrincipalScopesInsteadOfEmptyingThem() async throws {
        let t = Self.gaadTransport(deny: ["GetAccountAuthorizationDetails"])
        let (resources, scopes) = await Self.collectPrincipals(t)
        let failed = scopes.filter { $0.status == .error }
        #expect(Set(failed.flatMap(\.resourceTypes)) == ["aws.iam.user", "aws.iam.role", "aws.iam.group", "aws.iam.policy"])
        #expect(failed.allSatisfy { $0.reason == "AccessDenied: iam:GetAccountAuthorizationDetails" })
        #expect(scopes.filter { $0.status == .ok }.flatMap(\.resourceTypes).sorted()
            == ["aws.iam.instance_profile", "aws.iam.password_policy"])
        #expect(!resources.contains { ["aws.iam.user", "aws.iam.role", "aws.iam.group", "aws.iam.policy"].contains($0.type) })
        // Denied once, remembered: not asked again by each scope.
        #expect(Self.actions(t).filter { $0 == "GetAccountAuthorizationDetails" }.count == 1)
    }

    @Test func theScanPolicyAsksForAuthorizationDetailsInsteadOfPerPrincipalReads() {
        let actions = Set(AWSCollectors.permissions())
        #expect(actions.isSuperset(of: ["iam:GetAccountAuthorizationDetails", "iam:ListUsers", "iam:ListRoles",
                                        "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed",
                                        "organizations:ListPolicies", "organizations:DescribePolicy",
                                        "organizations:ListTargetsForPolicy", "organizations:ListParents"]))
        #expect(actions.isDisjoint(with: ["iam:GetRole", "iam:ListGroupsForUser", "iam:GetUserPolicy", "iam:GetGroup",
                                          "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"]))
    }

    @Test func aPrincipalMissingFromAuthorizationDetailsIsUnknownNotEmpty() async throws {
        // ListRoles names a role GAAD does not (created between the two calls).
        let ctx = CollectorContext(client: RecordedTransport.client(Self.gaadTransport()), account: Self.account)
        let details = try await ctx.iamAuthorizationDetails()
        var node = try Self.roleNode()
        node.children = node.children.map { c in
            c.name == "RoleName" ? XMLNode(name: "RoleName", text: "newer") : c
        }
        let role = await IAMCollector(ctx).role(node, details: details)
        let why = "connector.aws.response.incomplete: role newer is not in iam:GetAccountAuthorizationDetails"
        for key in ["lastUsed", "permissionsBoundary", "tags", "attachedPolicies", "inlinePolicies", "instanceProfileArns"] {
            #expect(role.unknown[key] == why, "\(key)")
            #expect(role.properties[key] == nil, "\(key)")
        }
        #expect(role.properties["maxSessionDuration"] == 3600) // ListRoles still gave it
        #expect(role.properties["assumeRolePolicy"] == ["Version": "2012-10-17", "Statement": []])
    }

    @Test func attachedAWSManagedPoliciesAreCollectedWithTheirDocument() async throws {
        let t = Self.transport { action, form in
            switch (action, form["Scope"]) {
            case ("GetAccountAuthorizationDetails", _):
                return Self.result(action, "<UserDetailList/><GroupDetailList/><RoleDetailList/><Policies/>"
                    + "<IsTruncated>false</IsTruncated>")
            case ("ListPolicies", "AWS") where form["OnlyAttached"] == "true":
                return Self.result(action, """
                    <IsTruncated>false</IsTruncated><Policies><member><PolicyName>ReadOnlyAccess</PolicyName>\
                    <DefaultVersionId>v112</DefaultVersionId><PolicyId>ANPAILL3HVNFSB6DCOWYQ</PolicyId><Path>/</Path>\
                    <Arn>arn:aws:iam::aws:policy/ReadOnlyAccess</Arn><IsAttachable>true</IsAttachable>\
                    <AttachmentCount>2</AttachmentCount><PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount>\
                    <CreateDate>2015-02-06T18:39:48Z</CreateDate><UpdateDate>2024-04-30T16:46:42Z</UpdateDate>\
                    </member></Policies>
                    """)
            case ("GetPolicyVersion", _) where form["VersionId"] == "v112":
                return Self.result(action, """
                    <PolicyVersion><Document>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22\
                    Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGet%2A%22%5D%2C%22Resource%22%3A%22%2A%22\
                    %7D%5D%7D</Document><VersionId>v112</VersionId><IsDefaultVersion>true</IsDefaultVersion>\
                    </PolicyVersion>
                    """)
            default: return Self.denied(action)
            }
        }
        let out = Mutex<[Resource]>([])
        let scopes = await IAMPolicyCollector(CollectorContext(client: RecordedTransport.client(t), account: Self.account))
            .collect(region: "global") { r in out.withLock { $0.append(r) } }
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        let policy = try #require(out.withLock { $0 }.first)
        #expect(policy.id == "arn:aws:iam::aws:policy/ReadOnlyAccess")
        #expect(policy.properties["awsManaged"] == true)
        #expect(policy.properties["attachmentCount"] == 2)
        #expect(policy.properties["document"]?.value(at: "Statement")?[0]?["Action"] == ["s3:Get*"])
        #expect(policy.unknown.isEmpty)
        // ListPolicies gave the default version: no GetPolicy call.
        #expect(!t.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("Action=GetPolicy&") })
    }

    @Test func federationDetailsFromGetCallsAndUnknownWhenDenied() async throws {
        let t = Self.transport { action, _ in
            switch action {
            case "ListSAMLProviders":
                return Self.result(action, """
                    <SAMLProviderList><member><Arn>arn:aws:iam::123456789012:saml-provider/okta</Arn>\
                    <ValidUntil>2032-06-05T22:45:14Z</ValidUntil><CreateDate>2022-06-05T22:45:14Z</CreateDate>\
                    </member></SAMLProviderList>
                    """)
            case "GetSAMLProvider":
                return Self.result(action, """
                    <SAMLMetadataDocument>&lt;EntityDescriptor/&gt;</SAMLMetadataDocument>\
                    <CreateDate>2022-06-05T22:45:14Z</CreateDate><ValidUntil>2032-06-05T22:45:14Z</ValidUntil>\
                    <Tags><member><Key>team</Key><Value>identity</Value></member></Tags>
                    """)
            case "ListOpenIDConnectProviders":
                return Self.result(action, """
                    <OpenIDConnectProviderList><member>\
                    <Arn>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</Arn>\
                    </member></OpenIDConnectProviderList>
                    """)
            default: return Self.denied(action)
            }
        }
        let out = Mutex<[Resource]>([])
        let scopes = await IAMFederationCollector(CollectorContext(client: RecordedTransport.client(t),
                                                                   account: Self.account))
            .collect(region: "global") { r in out.withLock { $0.append(r) } }
        #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
        let saml = try #require(out.withLock { $0 }.first { $0.type == "aws.iam.saml_provider" })
        #expect(saml.name == "okta")
        #expect(saml.tags == ["team": "identity"])
        #expect(saml.properties["validUntil"] == "2032-06-05T22:45:14Z")
        #expect(saml.properties["assertionEncryptionMode"] == .null)
        let oidc = try #require(out.withLock { $0 }.first { $0.type == "aws.iam.oidc_provider" })
        #expect(oidc.name == "token.actions.githubusercontent.com")
        #expect(oidc.properties["thumbprints"] == nil)
        #expect(oidc.unknown["thumbprints"] == "AccessDenied: iam:GetOpenIDConnectProvider")
        #expect(oidc.unknown["clientIds"] == "AccessDenied: iam:GetOpenIDConnectProvider")
    }
}
