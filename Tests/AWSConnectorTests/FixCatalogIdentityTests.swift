import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// The password policy, KMS rotation and CloudTrail validation fixes against moto with signatures and IAM checked.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixCatalogIdentityTests {
    static let policyChecks = ["aws-iam-password-policy-exists", "aws-iam-password-policy-min-length",
                               "aws-iam-password-policy-complexity", "aws-iam-password-policy-reuse",
                               "aws-iam-password-policy-expiry"]

    func policy(_ c: AWSClient) async throws -> PasswordPolicy? {
        try PasswordPolicy(json: try await FixCatalog.readPasswordPolicy(c))
    }

    func policyFinding(_ check: String, _ account: String) -> Finding {
        FixTest.finding(check, "arn:aws:iam::\(account):account-password-policy", type: "aws.iam.password_policy",
                        account: account, region: "global")
    }

    /// Undo as `palisade fix undo` does it: every item, last first.
    func undo(_ planner: FixPlanner, _ items: [FixPlanItem]) async {
        for item in items.reversed() where item.noFix == nil {
            let done = await planner.execute(item, .undo)
            #expect(done.error == nil, "\(done)")
        }
    }

    @Test func allFivePasswordFindingsOnAnAccountWithoutAPolicyChainIntoOnePolicyAndUndoRemovesIt() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        // The standard seed gives the account a weak policy; this test starts from an account without one.
        let cleared = await FixExecutor(client: client).run([.query("iam", "DeleteAccountPasswordPolicy",
                                                                   version: "2010-05-08", region: "us-east-1", [],
                                                                   title: "seed", cli: "")])
        #expect(cleared.error == nil)
        #expect(try await policy(client) == nil)

        let items = try await planner.plan(Self.policyChecks.map { policyFinding($0, account) })
        #expect(items.map(\.fixID) == ["iam.password-policy.baseline", "iam.password-policy.min-length",
                                       "iam.password-policy.complexity", "iam.password-policy.reuse",
                                       "iam.password-policy.expiry"])
        // The baseline already has length 14, every class and reuse 24; only expiry adds to it.
        #expect(items[0].calls.first?.cli?.contains("--minimum-password-length 14") == true)
        for i in 1...3 { #expect(items[i].noFix?.contains("fixes before it in this plan") == true, "\(items[i])") }
        #expect(items[4].calls.first?.cli?.contains("--max-password-age 90") == true)
        #expect(items[4].undoCalls.first?.action == "UpdateAccountPasswordPolicy")
        #expect(items[0].undoCalls.first?.action == "DeleteAccountPasswordPolicy")

        for item in items where item.noFix == nil {
            let done = await planner.execute(item, .apply)
            #expect(done.error == nil, "\(done)")
        }
        var expected = PasswordPolicy.baseline
        expected.maxAge = 90
        #expect(try await policy(client) == expected)
        let again = try await planner.plan(Self.policyChecks.map { policyFinding($0, account) })
        #expect(again.allSatisfy { $0.noFix?.contains("already compliant") == true }, "\(again)")

        await undo(planner, items)
        #expect(try await policy(client) == nil, "undo leaves the account without a policy, as it was")
    }

    @Test func oneFieldFixKeepsEveryOtherSettingOfAnExistingPolicy() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let weak = PasswordPolicy(minimumLength: 8, requireSymbols: true, allowUsersToChange: true, maxAge: 180,
                                  reusePrevention: 5, hardExpiry: true)
        let set = await FixExecutor(client: client).run([.query("iam", "UpdateAccountPasswordPolicy", version: "2010-05-08",
                                                               region: "us-east-1", weak.params, title: "seed", cli: "")])
        #expect(set.error == nil)
        #expect(try await policy(client) == weak)

        let planner = FixPlanner(client: client)
        let items = try await planner.plan([policyFinding("aws-iam-password-policy-min-length", account),
                                            policyFinding("aws-iam-password-policy-expiry", account)])
        for item in items {
            let done = await planner.execute(item, .apply)
            #expect(done.error == nil, "\(done)")
        }
        var fixed = weak
        fixed.minimumLength = 14
        fixed.maxAge = 90
        #expect(try await policy(client) == fixed, "only length and age changed; symbols, reuse 5, hard expiry kept")
        await undo(planner, items)
        #expect(try await policy(client) == weak)
    }

    @Test func keyRotationAndTrailValidationAreTurnedOnAndOffAgain() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_identity.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let key = try #require(seeded["key"]?.stringValue)
        let trail = try #require(seeded["trail"]?.stringValue)

        func rotation(_ arn: String) async throws -> Bool? {
            try await client.json(service: "kms", region: "us-east-1", target: "TrentService",
                                  action: "GetKeyRotationStatus", body: ["KeyId": .string(arn)])["KeyRotationEnabled"]?.boolValue
        }
        func validation() async throws -> Bool? {
            try await client.json(service: "cloudtrail", region: "us-east-1", target: FixCatalog.cloudTrailTarget,
                                  action: "GetTrail", body: ["Name": .string(trail)])["Trail"]?["LogFileValidationEnabled"]?.boolValue
        }

        let items = try await planner.plan([
            FixTest.finding("aws-kms-key-rotation-enabled", key, type: "aws.kms.key", account: account),
            FixTest.finding("aws-cloudtrail-trail-log-file-validation", trail, type: "aws.cloudtrail.trail",
                            account: account),
            FixTest.finding("aws-kms-key-rotation-enabled", try #require(seeded["disabledKey"]?.stringValue),
                            type: "aws.kms.key", account: account),
        ])
        #expect(items[0].calls.map(\.action) == ["EnableKeyRotation"] && items[0].undoCalls.map(\.action) == ["DisableKeyRotation"])
        #expect(items[1].calls.first?.cli?.contains("--enable-log-file-validation") == true)
        #expect(items[2].noFix?.contains("KeyState Enabled") == true, "\(items[2])")

        #expect(await planner.execute(items[0], .apply).error == nil)
        #expect(await planner.execute(items[1], .apply).error == nil)
        #expect(try await rotation(key) == true)
        #expect(try await validation() == true)
        let again = try await planner.plan([
            FixTest.finding("aws-kms-key-rotation-enabled", key, type: "aws.kms.key", account: account),
        ])
        #expect(again.first?.noFix?.contains("already compliant") == true)
        await undo(planner, Array(items.prefix(2)))
        #expect(try await rotation(key) == false)
        #expect(try await validation() == false)
    }
}
