import Foundation
import PalisadeBenchmark
import PalisadeModel
import Testing

@Suite struct BuiltInChecksTests {
    static let benchmark = try! Benchmark.load()

    func run(_ check: Check, _ r: Resource) -> (FindingStatus, String) {
        let related = Self.benchmark.resolver.resolve(check.relatedNames, for: r, in: InventoryIndex(Fixtures.inventory.values))
        return check.evaluate(r, related: related, now: Fixtures.now)
    }

    @Test func everyBuiltInCheckLoadsWithValidMetadata() throws {
        let checks = Self.benchmark.checks
        #expect(checks.count >= 150)
        #expect(Set(checks.map(\.id)).count == checks.count)
        for c in checks {
            #expect(Control.benchmark(id: c.metadata.controlID) != nil, "\(c.id): unknown control")
            #expect(!c.metadata.remediation.text.isEmpty && !c.metadata.remediation.cli.isEmpty, "\(c.id)")
            #expect(c.metadata.resourceType.hasPrefix("aws."), "\(c.id)")
            #expect(URL(fileURLWithPath: c.file).deletingPathExtension().lastPathComponent == c.id)
            for s in c.metadata.standards { #expect(s.split(separator: ":").count == 2, "\(c.id): \(s)") }
        }
        #expect(Self.benchmark.checks(for: "aws.s3.bucket").count >= 5)
    }

    /// Graph-decided checks have no expression to run on a fixture: GraphCoreTests.GraphVerdictTests decide them.
    @Test(arguments: try! Benchmark.load().expressionChecks.map(\.id))
    func failingHardenedAndUnknownFixtures(_ id: String) throws {
        let check = try #require(Self.benchmark.check(id: id))
        let fixture = try #require(Fixtures.cases[id], "no fixtures for \(id): add a failing, hardened and unknown case")
        let failing = run(check, fixture.failing)
        #expect(failing.0 == .fail, "\(id) failing fixture gave \(failing)")
        #expect(failing.1.contains(check.metadata.title))
        let hardened = run(check, fixture.hardened)
        #expect(hardened.0 == .pass, "\(id) hardened fixture gave \(hardened)")
        let unknown = run(check, fixture.unknown)
        #expect(unknown.0 == .error, "\(id) unknown fixture gave \(unknown)")
        #expect(unknown.1.contains("AccessDenied"), "\(id): the reason names the unreadable property: \(unknown.1)")
    }

    @Test func theCatalogDocumentListsEveryCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/checks-catalog.md"), encoding: .utf8)
        for c in Self.benchmark.checks {
            #expect(doc.contains("`\(c.id)`"), "\(c.id) is not in docs/checks-catalog.md: run python3 Tools/checks/catalog.py")
        }
        // Every control of the benchmark has checks; every check belongs to exactly one control.
        let used = Set(Self.benchmark.checks.map(\.metadata.controlID))
        #expect(used.isSubset(of: Set(Control.benchmark.map(\.id))))
    }

    @Test func applicabilityGivesNotApplicable() throws {
        let mfa = try #require(Self.benchmark.check(id: "aws-iam-user-console-mfa"))
        #expect(run(mfa, Fixtures.with(Fixtures.user, ["passwordEnabled": false, "mfaDevices": []])).0 == .notApplicable)
        let admin = try #require(Self.benchmark.check(id: "aws-ec2-instance-public-admin-role"))
        let privateInstance = Fixtures.with(Fixtures.instance, ["publicIpAddress": nil,
                                                                "iamInstanceProfileArn": .string(Fixtures.adminProfile.id)])
        #expect(run(admin, privateInstance).0 == .notApplicable)
    }

    @Test func kleeneDecidesWhenTheUnknownDoesNotMatter() throws {
        // The public access block ignores public ACLs, so an unreadable ACL cannot make the bucket public.
        let acl = try #require(Self.benchmark.check(id: "aws-s3-bucket-public-acl"))
        #expect(run(acl, Fixtures.with(Fixtures.bucket, unknown: ["acl"])).0 == .pass)
    }

    @Test func crossResourceRelationUnknownWhenTheLinkedRoleIsMissingOrUnreadable() throws {
        let check = try #require(Self.benchmark.check(id: "aws-ec2-instance-public-admin-role"))
        let dangling = Fixtures.with(Fixtures.instance, ["iamInstanceProfileArn": "arn:aws:iam::111122223333:instance-profile/gone"])
        let (status, reason) = run(check, dangling)
        #expect(status == .error)
        #expect(reason.contains("not in the inventory"))
        var inventory = Fixtures.inventory
        inventory[Fixtures.role.id] = Fixtures.with(Fixtures.role, unknown: ["attachedPolicies"])
        let related = Self.benchmark.resolver.resolve(check.relatedNames, for: Fixtures.instance, in: InventoryIndex(inventory.values))
        #expect(check.evaluate(Fixtures.instance, related: related, now: Fixtures.now).0 == .error)
    }
}
