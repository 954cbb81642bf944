import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// The EC2 fixes against moto with signatures and IAM checked: plan shows the calls, apply changes the setting,
/// a second plan finds nothing to do, undo puts back exactly what was there. Security group fixes revoke only the
/// internet-wide rules for the check's ports.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixCatalogComputeTests {
    func ec2(_ c: AWSClient, _ action: String, _ params: [(String, String)] = []) async throws -> XMLNode {
        try await c.query(service: "ec2", region: "us-east-1", action: action, version: "2016-11-15", params: params)
    }

    /// Every ingress rule of the group, one line per source: `tcp 22-22 0.0.0.0/0 "ssh from anywhere"`.
    func ingress(_ c: AWSClient, _ group: String) async throws -> Set<String> {
        let doc = try await ec2(c, "DescribeSecurityGroups", [("GroupId.1", group)])
        var rules = Set<String>()
        for p in doc.list("securityGroupInfo").first?.list("ipPermissions") ?? [] {
            let head = "\(p.string("ipProtocol") ?? "") \(p.string("fromPort") ?? "*")-\(p.string("toPort") ?? "*")"
            for r in p.list("ipRanges") { rules.insert("\(head) \(r.string("cidrIp") ?? "") \"\(r.string("description") ?? "")\"") }
            for r in p.list("ipv6Ranges") { rules.insert("\(head) \(r.string("cidrIpv6") ?? "") \"\(r.string("description") ?? "")\"") }
            for g in p.list("groups") { rules.insert("\(head) \(g.string("groupId") ?? "") \"\(g.string("description") ?? "")\"") }
        }
        return rules
    }

    func metadataOptions(_ c: AWSClient, _ instance: String) async throws -> [String: String] {
        let doc = try await ec2(c, "DescribeInstances", [("InstanceId.1", instance)])
        let m = try #require(doc.list("reservationSet").first?.list("instancesSet").first?.at("metadataOptions"))
        return Dictionary(m.children.filter { $0.name != "state" }.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
    }

    /// `group:all`, `user:111122223333` entries of a permission attribute.
    func sharing(_ c: AWSClient, _ action: String, _ idParam: String, _ id: String, _ attribute: String) async throws -> Set<String> {
        let doc = try await ec2(c, action, [(idParam, id), ("Attribute", attribute)])
        return Set(doc.list(attribute).map { $0.string("group").map { "group:\($0)" } ?? "user:\($0.string("userId") ?? "")" })
    }

    @Test func eachEC2FixChangesTheSettingAndUndoRestoresIt() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_compute.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let arn = "arn:aws:ec2:us-east-1:\(account)"

        func byDefault() async throws -> Bool? { try await ec2(client, "GetEbsEncryptionByDefault").bool("ebsEncryptionByDefault") }
        try await FixTest.roundTrip(planner, cliPrefix: "aws ec2 ", FixTest.finding("aws-ec2-ebs-encryption-by-default", "\(arn):account-settings",
                                                  type: "aws.ec2.account_settings", account: account),
            changed: { try await byDefault() == true }, restored: { try await byDefault() == false })

        let instance = try #require(seeded["instance"]?.stringValue)
        let before = try await metadataOptions(client, instance)
        #expect(before["httpTokens"] == "optional" && before["httpPutResponseHopLimit"] == "2")
        try await FixTest.roundTrip(planner, cliPrefix: "aws ec2 ", FixTest.finding("aws-ec2-instance-imdsv2", "\(arn):instance/\(instance)",
                                                  type: "aws.ec2.instance", account: account),
            changed: {
                var expected = before
                expected["httpTokens"] = "required"
                return try await metadataOptions(client, instance) == expected
            },
            restored: { try await metadataOptions(client, instance) == before })

        let snapshot = try #require(seeded["snapshot"]?.stringValue)
        func snapshotSharing() async throws -> Set<String> {
            try await sharing(client, "DescribeSnapshotAttribute", "SnapshotId", snapshot, "createVolumePermission")
        }
        try await FixTest.roundTrip(planner, cliPrefix: "aws ec2 ", FixTest.finding("aws-ec2-snapshot-not-public", "arn:aws:ec2:us-east-1::snapshot/\(snapshot)",
                                                  type: "aws.ec2.snapshot", account: account),
            changed: { try await snapshotSharing() == ["user:111122223333"] },
            restored: { try await snapshotSharing() == ["group:all", "user:111122223333"] })

        let image = try #require(seeded["image"]?.stringValue)
        func imageSharing() async throws -> Set<String> {
            try await sharing(client, "DescribeImageAttribute", "ImageId", image, "launchPermission")
        }
        try await FixTest.roundTrip(planner, cliPrefix: "aws ec2 ", FixTest.finding("aws-ec2-image-not-public", "arn:aws:ec2:us-east-1::image/\(image)",
                                                  type: "aws.ec2.image", account: account),
            changed: { try await imageSharing() == ["user:111122223333"] },
            restored: { try await imageSharing() == ["group:all", "user:111122223333"] })
    }

    @Test func securityGroupFixesRevokeOnlyTheInternetRulesAndUndoRestoresThemWithDescriptions() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_compute.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let peer = try #require(seeded["peerGroup"]?.stringValue)

        let cases: [(check: String, group: String, revoked: Set<String>)] = [
            ("aws-ec2-sg-ssh-open-internet", "ssh", [
                #"tcp 22-22 0.0.0.0/0 "ssh from anywhere""#, #"tcp 22-22 ::/0 "ssh from anywhere (v6)""#,
                #"tcp 0-1024 0.0.0.0/0 "legacy low ports""#,
            ]),
            ("aws-ec2-sg-rdp-open-internet", "rdp", [#"tcp 3389-3389 0.0.0.0/0 "rdp from anywhere""#]),
            ("aws-ec2-sg-all-traffic-open-internet", "all", [#"-1 *-* 0.0.0.0/0 "everything""#]),
            ("aws-ec2-sg-high-risk-ports-restricted", "risky", [
                #"tcp 3306-3306 0.0.0.0/0 "mysql""#, #"udp 20-23 ::/0 "old udp""#,
            ]),
        ]
        for c in cases {
            let group = try #require(seeded["groups"]?[c.group]?.stringValue)
            let before = try await ingress(client, group)
            #expect(before.isSuperset(of: c.revoked), "\(c.group): \(before)")
            let f = FixTest.finding(c.check, "arn:aws:ec2:us-east-1:\(account):security-group/\(group)",
                                 type: "aws.ec2.security_group", account: account)
            let item = try await FixTest.roundTrip(planner, cliPrefix: "aws ec2 ", f,
                changed: { try await ingress(client, group) == before.subtracting(c.revoked) },
                restored: { try await ingress(client, group) == before })
            if c.group == "ssh" {
                #expect(before.contains(#"tcp 22-22 10.0.0.0/8 "office vpn""#) && before.contains("tcp 22-22 \(peer) \"bastion\""))
                #expect(item.calls.first?.title.contains("0-1024 from 0.0.0.0/0 (the whole range") == true,
                        "\(item.calls.first?.title ?? "")")
            }
        }
    }

    /// fix-ssh's world-open tcp 0-1024 rule fails the SSH and the high-risk-ports checks alike: planned together,
    /// the SSH fix revokes it and the high-risk fix, chained after it, has nothing left to do — instead of trying
    /// to revoke a rule that is gone. Undo, last first, puts every rule back.
    @Test func twoFixesOnOneGroupChainSoARuleMatchedByBothIsRevokedOnce() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_compute.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let group = try #require(seeded["groups"]?["ssh"]?.stringValue)
        let arn = "arn:aws:ec2:us-east-1:\(account):security-group/\(group)"
        let before = try await ingress(client, group)

        let items = try await planner.plan([
            FixTest.finding("aws-ec2-sg-ssh-open-internet", arn, type: "aws.ec2.security_group", account: account),
            FixTest.finding("aws-ec2-sg-high-risk-ports-restricted", arn, type: "aws.ec2.security_group", account: account),
        ])
        #expect(items[0].noFix == nil && items[0].calls.count == 1)
        #expect(items[1].noFix?.contains("fixes before it in this plan") == true, "\(items[1])")
        #expect(await planner.execute(items[0], .apply).error == nil)
        let after = try await ingress(client, group)
        #expect(!after.contains { $0.contains("0.0.0.0/0") && !$0.hasPrefix("tcp 443-443") })
        #expect(after.contains(#"tcp 443-443 0.0.0.0/0 "https""#), "443 is in neither check and stays")
        #expect(await planner.execute(items[0], .undo).error == nil)
        #expect(try await ingress(client, group) == before)
    }

    @Test func internetWideMatchesTheChecksDefinition() {
        for open in ["0.0.0.0/0", "::/0", "0.0.0.0/1", "1.0.0.0/8", "128.0.0.0/2", "2000::/3", "::/8"] {
            #expect(FixCatalog.internetWide(open), "\(open)")
        }
        for closed in ["10.0.0.0/8", "127.0.0.0/8", "224.0.0.0/3", "203.0.113.0/24", "52.1.2.3/32", "fc00::/7",
                       "ff00::/8", "2001:db8::/32", "garbage"] {
            #expect(!FixCatalog.internetWide(closed), "\(closed)")
        }
    }

    @Test func findingsForTheWrongKindOfResourceAreRefused() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let planner = FixPlanner(client: moto.client(try MotoServer.scannerCredentials(manifest)))
        let item = try #require(try await planner.plan([
            FixTest.finding("aws-ec2-sg-ssh-open-internet", "arn:aws:ec2:us-east-1:\(account):instance/i-1",
                         type: "aws.ec2.security_group", account: account),
        ]).first)
        #expect(item.calls.isEmpty && item.noFix?.contains("does not name a sg-") == true, "\(item)")
    }
}
