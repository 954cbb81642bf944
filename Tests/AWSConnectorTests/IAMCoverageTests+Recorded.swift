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
}
