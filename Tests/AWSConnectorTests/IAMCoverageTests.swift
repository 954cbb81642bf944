import Foundation
import PalisadeModel
import PalisadeTestKit
import Synchronization
import Testing
@testable import AWSConnector

/// The IAM collectors against moto checking signatures, over the demo estate (Tools/seed/estate/iam_extra.py).
@Suite(.serialized, .timeLimit(.minutes(3))) struct IAMCoverageTests {
    /// Runs one collector; returns what it emitted and its scopes.
    static func run(_ collector: some AWSCollector) async -> ([Resource], [ScopeResult]) {
        let out = Mutex<[Resource]>([])
        let scopes = await collector.collect(region: "global") { r in out.withLock { $0.append(r) } }
        return (out.withLock { $0 }, scopes)
    }

    @Test func seededIAMEstateIsCollectedWithTheSettingsChecksNeed() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let ctx = CollectorContext(client: client, account: "123456789012")
        var policyCollector = IAMPolicyCollector(ctx)
        policyCollector.pageSize = 1
        var accountCollector = IAMAccountCollector(ctx)
        accountCollector.pageSize = 1
        accountCollector.reportPollInterval = .milliseconds(50)
        var resources: [Resource] = []
        for (found, scopes) in [await Self.run(IAMCollector(ctx)), await Self.run(policyCollector),
                                await Self.run(accountCollector), await Self.run(IAMFederationCollector(ctx))] {
            #expect(scopes.allSatisfy { $0.status == .ok }, "\(scopes)")
            resources += found
        }
        func one(_ type: String, _ name: String) throws -> Resource {
            try #require(resources.first { $0.type == type && $0.name == name }, "\(type) \(name)")
        }
        for r in resources where r.type != "aws.iam.root_user" {
            #expect(r.unknown.isEmpty, "\(r.id): \(r.unknown)")
            #expect(r.properties["raw"].map { !$0.isNull } == true, "\(r.id) has no raw")
        }

        // Groups: members, managed policies with documents, inline policies; users list their groups.
        let admins = try one("aws.iam.group", "palisade-demo-admins")
        #expect(admins.properties["members"] == ["alice-admin"])
        #expect(admins.properties["attachedPolicies"]?[0]?["policyName"] == "AdministratorAccess")
        #expect(admins.properties["attachedPolicies"]?[0]?.value(at: "document.Statement")?[0]?["Action"] == "*")
        let readers = try one("aws.iam.group", "palisade-demo-readers")
        #expect(readers.properties["members"] == ["bob-dev"])
        #expect(readers.properties["inlinePolicies"]?[0]?["policyName"] == "deny-iam")
        #expect(readers.properties["inlinePolicies"]?[0]?.value(at: "document.Statement")?[0]?["Effect"] == "Deny")
        #expect(readers.id == "arn:aws:iam::123456789012:group/palisade-demo-readers")
        #expect(try one("aws.iam.user", "alice-admin").properties["groups"] == ["palisade-demo-admins"])

        // Users: login profile details where there is a console password, null where there is none.
        let alice = try one("aws.iam.user", "alice-admin")
        #expect(alice.properties["loginProfile"]?["passwordResetRequired"] == false)
        #expect(alice.properties["loginProfile"]?["createDate"]?.stringValue?.isEmpty == false)
        #expect(try one("aws.iam.user", "ci-bot").properties["loginProfile"] == .null)
        // moto keeps no user permissions boundary (CreateUser drops it, no PutUserPermissionsBoundary): always null
        // here; the recorded test covers AWS's answer.
        #expect(alice.properties["permissionsBoundary"] == .null)

        // Customer-managed policies, every page (page size 1), with their default version's document.
        let policies = resources.filter { $0.type == "aws.iam.policy" }
        let listed = try await client.iamList("ListPolicies", list: "Policies", params: [("Scope", "Local")])
        #expect(listed.count >= 3)
        #expect(policies.count == listed.count)
        let passrole = try one("aws.iam.policy", "palisade-demo-passrole")
        #expect(passrole.id == "arn:aws:iam::123456789012:policy/palisade-demo-passrole")
        #expect(passrole.properties["awsManaged"] == false)
        #expect(passrole.properties["attachmentCount"] == 0)
        #expect(passrole.properties["isAttachable"] == true)
        #expect(passrole.properties["document"]?.value(at: "Statement")?[0]?["Action"] == ["iam:PassRole", "ec2:RunInstances"])
        let s3Read = try one("aws.iam.policy", "palisade-demo-s3-read")
        #expect(s3Read.properties["attachmentCount"] == 1)
        #expect(s3Read.properties["document"]?.value(at: "Statement")?[0]?["Resource"]
            == ["arn:aws:s3:::palisade-demo-hardened", "arn:aws:s3:::palisade-demo-hardened/*"])

        // Roles: session length (ListRoles), permissions boundary, last use, tags (GetAccountAuthorizationDetails).
        let long = try one("aws.iam.role", "palisade-demo-long-session-role")
        #expect(long.properties["maxSessionDuration"] == 43200)
        #expect(long.properties["permissionsBoundary"] == .null)
        #expect(long.properties["lastUsed"] == .null)
        let bounded = try one("aws.iam.role", "palisade-demo-bounded-role")
        #expect(bounded.properties["maxSessionDuration"] == 3600)
        #expect(bounded.properties["permissionsBoundary"]?["arn"] == "arn:aws:iam::123456789012:policy/palisade-demo-s3-read")
        #expect(bounded.tags == ["team": "platform"])

        // Virtual MFA devices, every page: bob's assigned, the spare not; seeds never kept.
        let spare = try one("aws.iam.virtual_mfa_device", "palisade-demo-spare")
        #expect(spare.properties["assigned"] == false)
        #expect(spare.properties["userName"] == .null)
        #expect(spare.properties["isRoot"] == false)
        let bobs = try one("aws.iam.virtual_mfa_device", "bob-dev")
        #expect(bobs.properties["assigned"] == true)
        #expect(bobs.properties["userName"] == "bob-dev")
        for d in resources where d.type == "aws.iam.virtual_mfa_device" {
            #expect(d.properties["raw"]?["Base32StringSeed"] == nil)
            #expect(d.properties["raw"]?["QRCodePNG"] == nil)
        }

        // Credential report: one row per user, placeholders as null.
        let report = try one("aws.iam.credential_report", "credential-report")
        let rows = report.properties["users"]?.arrayValue ?? []
        func row(_ user: String) -> JSONValue? { rows.first { $0["user"] == .string(user) } }
        #expect(row("alice-admin")?["passwordEnabled"] == true)
        #expect(row("alice-admin")?["mfaActive"] == false)
        #expect(row("alice-admin")?["accessKey1Active"] == true)
        #expect(row("alice-admin")?["accessKey1LastRotated"]?.stringValue?.isEmpty == false)
        #expect(row("alice-admin")?["accessKey2LastRotated"] == .null)
        #expect(row("bob-dev")?["mfaActive"] == true)
        #expect(row("ci-bot")?["passwordEnabled"] == false)
        #expect(row("ci-bot")?["passwordLastUsed"] == .null)
        #expect(report.properties["raw"]?["columns"]?.arrayValue?.count == 22)

        // moto's report has no <root_account> row: the root user's settings are unknown, not false.
        let root = try one("aws.iam.root_user", "root")
        #expect(root.id == "arn:aws:iam::123456789012:root-user")
        #expect(root.properties["rootMfaActive"] == nil)
        #expect(root.unknown["rootMfaActive"] == "credential report has no <root_account> row")
        #expect(root.unknown["rootHardwareMfa"] != nil)
        #expect(root.unknown["rootAccessKey1Active"] != nil)

        let summary = try one("aws.iam.account_summary", "account-summary")
        #expect((summary.properties["users"]?.intValue ?? 0) >= 5)
        #expect(summary.properties["accountMFAEnabled"] == 0)
        #expect(summary.properties["groups"] == 2)
        #expect(summary.properties["raw"]?["Users"] == summary.properties["users"])

        let saml = try one("aws.iam.saml_provider", "palisade-demo-idp")
        #expect(saml.properties["validUntil"]?.stringValue?.isEmpty == false)
        #expect(saml.properties["metadataDocumentPresent"] == true)
        // moto's GetSAMLProvider returns no Tags (AWS does); the recorded test covers them.
        let oidc = try one("aws.iam.oidc_provider", "token.actions.githubusercontent.com")
        #expect(oidc.properties["clientIds"] == ["sts.amazonaws.com"])
        #expect(oidc.properties["thumbprints"] == ["6938fd4d98bab03faadb97b34396831e3780aea1"])
        #expect(oidc.properties["url"]?.stringValue?.hasSuffix("token.actions.githubusercontent.com") == true)

        let cert = try one("aws.iam.server_certificate", "palisade-demo-legacy-cert")
        #expect(cert.properties["expiration"]?.stringValue?.hasPrefix("2012-05-08") == true) // moto's fixed date
        #expect(cert.properties["uploadDate"]?.stringValue?.isEmpty == false)
        #expect(cert.properties["expired"] == nil)
    }
}
