import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@Suite struct SealTests {
    @Test func sealWithAMissingBatchReportsItAndDoesNotSeal() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false)]))
        _ = try await h.call(Harness.batch("s1", 2, [Harness.volume(3, encrypted: false)]))
        let r = try await h.seal("s1", total: 4)
        #expect(!r.sealed && r.missingBatches == [1, 3] && r.summary == nil)
        #expect(try await h.call(FindingsQuery()).isEmpty)
        #expect(try await h.events().isEmpty)
        #expect(try await h.call(ScansQuery(scanID: "s1")).first?.state == .collecting)
    }

    @Test func fullSealYieldsFindingsAndOneSealedEventAndIsIdempotent() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 1, [Harness.volume(3, encrypted: false)]))
        _ = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)]))
        let r = try await h.seal("s1", total: 2)
        #expect(r.sealed && r.missingBatches.isEmpty)
        let summary = try #require(r.summary)
        #expect(summary.state == .sealed && summary.resourceCount == 3 && summary.batchesReceived == 2)
        #expect(summary.findingCounts == ["fail": 2, "pass": 1])

        let f = try await h.findings()
        #expect(f[vid(1)]?.status == .fail && f[vid(2)]?.status == .pass && f[vid(3)]?.status == .fail)
        let one = try #require(f[vid(1)])
        #expect(one.id == Finding.makeID(provider: "aws", account: Harness.account, region: "us-east-1",
                                         checkID: "aws-ec2-volume-encrypted", resourceID: vid(1)))
        #expect(one.lifecycle == .new && one.version == 1 && one.scanID == "s1" && one.severity == .medium)
        #expect(one.controlID == "enable-encryption-at-rest" && one.reason.contains("encrypted == true"))
        #expect(try await h.call(FindingsQuery(status: .fail)).count == 2)
        #expect(try await h.call(FindingsQuery(status: .pass, checkID: "aws-ec2-volume-encrypted")).count == 1)

        let events = try await h.events()
        #expect(events.map(\.type) == ["finding.changed", "finding.changed", "finding.changed", "resource.changed",
                                       "resource.changed", "resource.changed", "scan.sealed"])
        #expect(try events[6].decodePayload(ScanSummary.self) == summary)

        // Re-sealing returns the stored summary and evaluates nothing again.
        h.advance(days: 1)
        let again = try await h.seal("s1", total: 2)
        #expect(again.sealed && again.summary == summary)
        #expect(try await h.events().count == 7)
        #expect(try await h.call(ScansQuery()).map(\.scanID) == ["s1"])
    }

    @Test func secondAndThirdScansTrackLifecycleAndVersions() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true),
                                                      Harness.volume(3, encrypted: false)]))
        _ = try await h.seal("s1", total: 1)
        let head1 = try await h.call(EventsPull(after: 0, limit: 1)).headSeq

        h.advance(days: 1)
        _ = try await h.call(Harness.batch("s2", 0, [Harness.volume(1, encrypted: true), Harness.volume(2, encrypted: true),
                                                      Harness.volume(4, encrypted: false)]))
        let s2 = try #require(try await h.seal("s2", total: 1).summary)
        #expect(s2.findingCounts == ["pass": 2, "fail": 1])
        var f = try await h.findings()
        #expect(f[vid(1)]?.status == .pass && f[vid(1)]?.lifecycle == .resolved && f[vid(1)]?.version == 2)
        #expect(f[vid(2)]?.status == .pass && f[vid(2)]?.lifecycle == .persisting && f[vid(2)]?.version == 1)
        #expect(f[vid(2)]?.lastSeen == h.now && f[vid(2)]?.firstSeen == h.now.addingTimeInterval(-86_400))
        // vol-3 disappeared from a successfully collected scope: retired, its finding resolved.
        #expect(f[vid(3)]?.status == .notApplicable && f[vid(3)]?.lifecycle == .resolved && f[vid(3)]?.version == 2)
        #expect(f[vid(3)]?.reason.contains("not seen in scan s2") == true)
        #expect(f[vid(4)]?.lifecycle == .new)
        #expect(try await h.call(InventoryQuery()).map(\.resource.id) == [vid(1), vid(2), vid(4)])
        let changed = try await h.events(after: head1).filter { $0.type == EventType.findingChanged }
            .map { try $0.decodePayload(Finding.self).resourceID }
        #expect(Set(changed) == [vid(1), vid(3), vid(4)])  // vol-2 did not change: no event

        h.advance(days: 1)
        _ = try await h.call(Harness.batch("s3", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true),
                                                      Harness.volume(4, encrypted: false)]))
        _ = try await h.seal("s3", total: 1)
        f = try await h.findings()
        #expect(f[vid(1)]?.status == .fail && f[vid(1)]?.lifecycle == .reopened && f[vid(1)]?.version == 3)
        #expect(f[vid(4)]?.status == .fail && f[vid(4)]?.lifecycle == .persisting && f[vid(4)]?.version == 1)
        #expect(f[vid(3)]?.version == 2)  // retired stays retired, no new event
        #expect(try await h.call(ScansQuery()).map(\.scanID) == ["s3", "s2", "s1"])
    }

    @Test func aFailedScopeYieldsErrorsNeverPassOrFailAndRetiresNothing() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)]))
        _ = try await h.seal("s1", total: 1)

        h.advance(days: 1)
        let denied = ScopeResult(service: "ec2", region: "us-east-1", status: .error,
                                 reason: "AccessDenied: ec2:DescribeVolumes", resourceTypes: ["aws.ec2.volume"])
        let summary = try #require(try await h.seal("s2", total: 0, scopes: [denied]).summary)
        #expect(summary.findingCounts == ["error": 3])
        let f = try await h.findings()
        let scopeID = "aws/\(Harness.account)/us-east-1/aws.ec2.volume"
        #expect(f[scopeID]?.status == .error && f[scopeID]?.reason.contains("AccessDenied: ec2:DescribeVolumes") == true)
        #expect(f[vid(1)]?.status == .error && f[vid(2)]?.status == .error)
        #expect(f[vid(1)]?.reason == "not collected in scan s2: AccessDenied: ec2:DescribeVolumes")
        #expect(f[vid(1)]?.version == 2)
        #expect(try await h.call(InventoryQuery()).count == 2)

        // The scope recovers: resources evaluated again, the scope-level error resolved.
        h.advance(days: 1)
        _ = try await h.call(Harness.batch("s3", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)]))
        _ = try await h.seal("s3", total: 1)
        let g = try await h.findings()
        #expect(g[vid(1)]?.status == .fail && g[vid(2)]?.status == .pass)
        #expect(g[scopeID]?.status == .notApplicable && g[scopeID]?.lifecycle == .resolved)
    }

    @Test func eventsPageWithACursor() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 0, (1...3).map { Harness.volume($0, encrypted: false) }))
        _ = try await h.seal("s1", total: 1)
        // Three finding.changed, three resource.changed, scan.sealed.
        let p1 = try await h.call(EventsPull(after: 0, limit: 4))
        #expect(p1.events.map(\.seq) == [1, 2, 3, 4] && p1.headSeq == 7)
        let p2 = try await h.call(EventsPull(after: p1.events.last!.seq, limit: 4))
        #expect(p2.events.map(\.seq) == [5, 6, 7] && p2.events.last?.type == "scan.sealed")
        let p3 = try await h.call(EventsPull(after: 7, limit: 4))
        #expect(p3.events.isEmpty && p3.headSeq == 7)
    }

    @Test func crossResourceCheckSeesTheInstanceRoleThroughItsProfile() async throws {
        let h = try Harness()
        let acct = Harness.account
        let admin: JSONValue = ["Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]]
        let role = Resource(id: "arn:aws:iam::\(acct):role/admin", account: acct, region: "global", type: "aws.iam.role",
                            name: "admin", properties: ["roleName": "admin", "attachedPolicies": [["policyName": "Admin",
                                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess", "document": admin]],
                                "inlinePolicies": [], "assumeRolePolicy": nil])
        let profile = Resource(id: "arn:aws:iam::\(acct):instance-profile/admin", account: acct, region: "global",
                               type: "aws.iam.instance_profile", name: "admin",
                               properties: ["roleArns": .array([.string(role.id)])])
        let instance = Resource(id: "arn:aws:ec2:us-east-1:\(acct):instance/i-1", account: acct, region: "us-east-1",
                                type: "aws.ec2.instance", name: "i-1",
                                properties: ["state": "running", "publicIpAddress": "54.1.2.3",
                                             "iamInstanceProfileArn": .string(profile.id),
                                             "metadataOptions": ["httpTokens": "required", "httpEndpoint": "enabled"]])
        _ = try await h.call(Harness.batch("s1", 0, [instance]))
        _ = try await h.call(Harness.batch("s1", 1, [role, profile]))
        _ = try await h.seal("s1", total: 2)
        let f = try await h.call(FindingsQuery(checkID: "aws-ec2-instance-public-admin-role"))
        #expect(f.map(\.status) == [.fail])
        #expect(f.first?.severity == .critical)
    }
}
