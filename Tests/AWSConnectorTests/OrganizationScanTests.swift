import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// An organization scan against moto with signature checking on: the management account lists its members,
/// assumes the member role in each, and every account's scan is sealed on its own.
@Suite(.serialized, .timeLimit(.minutes(3))) struct OrganizationScanTests {
    let setupKeys = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    /// An organization with `members` member accounts and a scanner user (allow all) in the management account.
    func organization(_ moto: MotoServer, members: [String]) async throws -> (AWSCredentials, [String]) {
        let setup = moto.client(setupKeys)
        let orgs = "AWSOrganizationsV20161128"
        _ = try await setup.json(service: "organizations", region: "us-east-1", target: orgs, action: "CreateOrganization",
                                 body: ["FeatureSet": "ALL"])
        var ids: [String] = []
        for name in members {
            let made = try await setup.json(service: "organizations", region: "us-east-1", target: orgs,
                                            action: "CreateAccount", body: ["Email": .string("\(name)@example.com"),
                                                                            "AccountName": .string(name)])
            let id = try #require(made.value(at: "CreateAccountStatus.AccountId")?.stringValue)
            ids.append(id)
            // AWS gives the role Organizations creates AdministratorAccess; moto creates it without policies.
            let member = try await setup.assumingRole("arn:aws:iam::\(id):role/OrganizationAccountAccessRole",
                                                      sessionName: "setup", region: "us-east-1")
            _ = try await member.query(service: "iam", region: "us-east-1", action: "PutRolePolicy", version: "2010-05-08",
                                       params: [("RoleName", "OrganizationAccountAccessRole"), ("PolicyName", "admin"),
                                                ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
        }
        let iam: (String, [(String, String)]) async throws -> XMLNode = { action, params in
            try await setup.query(service: "iam", region: "us-east-1", action: action, version: "2010-05-08", params: params)
        }
        _ = try await iam("CreateUser", [("UserName", "org-scanner")])
        _ = try await iam("PutUserPolicy", [("UserName", "org-scanner"), ("PolicyName", "all"), ("PolicyDocument",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
        let key = try await iam("CreateAccessKey", [("UserName", "org-scanner")])
        let creds = AWSCredentials(accessKeyID: try #require(key.string("CreateAccessKeyResult/AccessKey/AccessKeyId")),
                                   secretAccessKey: try #require(key.string("CreateAccessKeyResult/AccessKey/SecretAccessKey")))
        return (creds, ids)
    }

    @Test func everyMemberAccountIsScannedOnItsOwnThroughTheAssumedRole() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let (scanner, members) = try await organization(moto, members: ["member-a", "member-b"])
        try await moto.requireAuth(afterActions: 0)

        let bus = InProcessBus()
        let assessor = AcceptingAssessor()
        bus.register(ServiceName.assessor, assessor)
        let registry = ScanRegistry()
        registry.register("scan-org")
        let driver = ScanDriver(sender: bus, registry: registry, logger: Logger(label: "test"))
        let base = AWSInventory(client: moto.client(scanner), regions: ["us-east-1"], collectors: [IAMCollector.self])
        await OrganizationScan(driver: driver, roleName: "OrganizationAccountAccessRole", concurrency: 2)
            .run(scanID: "scan-org", startedAt: Date(), base: base, logger: Logger(label: "test"))

        let parent = try #require(registry.progress("scan-org"))
        #expect(parent.state == .done, "\(parent.error ?? "")")
        #expect(parent.account == "123456789012")
        #expect(Set(parent.accountScans) == Set((["123456789012"] + members).map { "scan-org-\($0)" }))
        for account in ["123456789012"] + members {
            let child = try #require(registry.progress("scan-org-\(account)"))
            #expect(child.state == .done, "\(account): \(child.error ?? "")")
            #expect(child.account == account)
        }
        let resources = assessor.resources.withLock { $0 }
        // Each member account's own inventory, under its own account id: the role Organizations made in it.
        for account in members {
            #expect(resources.contains { $0.account == account && $0.type == "aws.account" })
            #expect(resources.contains { $0.account == account && $0.type == "aws.iam.role"
                && $0.name == "OrganizationAccountAccessRole" },
                    "\(registry.progress("scan-org-\(account)")?.scopes.filter { $0.status != .ok } ?? [])")
            #expect(!resources.contains { $0.account == account && $0.name == "org-scanner" })
        }
        #expect(resources.contains { $0.account == "123456789012" && $0.name == "org-scanner" })
    }

    @Test func anAccountWhoseRoleCannotBeAssumedFailsAloneWithTheReason() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let (scanner, members) = try await organization(moto, members: ["member-c"])
        try await moto.requireAuth(afterActions: 0)
        // moto lets anyone assume any role; AWS refuses when the member has no such role or its trust policy does
        // not name the caller. That refusal is played back here for member-c only; every other call goes to moto.
        let refusing = RefusingAssumeRole(account: members[0])
        let bus = InProcessBus()
        bus.register(ServiceName.assessor, AcceptingAssessor())
        let registry = ScanRegistry()
        registry.register("scan-org")
        let driver = ScanDriver(sender: bus, registry: registry, logger: Logger(label: "test"))
        let base = AWSInventory(
            client: AWSClient(credentials: scanner, endpoints: AWSEndpoints(custom: URL(string: moto.endpoint)),
                              transport: refusing, throttle: AWSThrottle(limits: .unlimited)),
            regions: ["us-east-1"], collectors: [IAMCollector.self])
        await OrganizationScan(driver: driver, roleName: "SomeOtherRole", concurrency: 2)
            .run(scanID: "scan-org", startedAt: Date(), base: base, logger: Logger(label: "test"))

        let parent = try #require(registry.progress("scan-org"))
        #expect(parent.state == .done, "one account scanned is a finished organization scan")
        #expect(parent.error == "1 of 2 accounts failed")
        let management = try #require(registry.progress("scan-org-123456789012"))
        #expect(management.state == .done)
        let member = try #require(registry.progress("scan-org-\(members[0])"))
        #expect(member.state == .failed)
        #expect(member.error?.contains("cannot assume arn:aws:iam::\(members[0]):role/SomeOtherRole") == true,
                "\(member.error ?? "")")
    }
}

/// Sends everything to moto except AssumeRole into `account`, which gets AWS's AccessDenied reply.
struct RefusingAssumeRole: HTTPTransport {
    let account: String
    let real = URLSessionTransport()

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = String(decoding: request.body, as: UTF8.self)
        guard body.contains("Action=AssumeRole"), body.contains("iam%3A%3A\(account)%3Arole") else {
            return try await real.send(request)
        }
        return HTTPResponse(status: 403, body: Data("""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/org-scanner is not authorized to \
            perform: sts:AssumeRole on resource: arn:aws:iam::\(account):role/SomeOtherRole</Message></Error>\
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>
            """.utf8))
    }
}
