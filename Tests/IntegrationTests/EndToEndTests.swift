import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real executables, started by `palisade up`, talking over real ZeroMQ, scanning a real moto server
/// that checks SigV4 signatures.
@Suite(.serialized, .timeLimit(.minutes(10))) struct EndToEndTests {
    @Test func seededAccountYieldsTheExpectedFindingsScorePathAndExports() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        let result = try demo.scan()
        #expect(result.progress.state == .done)
        #expect(result.scan.state == .sealed)
        // moto has no IAM Access Analyzer (HTTP 500): that scope alone may fail.
        #expect(result.scan.scopes.allSatisfy { $0.status == .ok || $0.service == "access-analyzer" }, "\(result.scan.scopes)")

        let inventory = try demo.inventory()
        let findings = try demo.findings()
        for e in DemoEstate.expected {
            let f = findings.of(e.check, e.resource, in: inventory)
            #expect(f?.status == e.status, "\(e.check) on \(e.resource): \(f.map { "\($0.status): \($0.reason)" } ?? "no finding")")
        }
        #expect(Set(findings.map(\.id)).count == findings.count, "finding ids are unique")
        #expect(findings.allSatisfy { $0.scanID == result.scan.scanID && $0.lifecycle == .new })

        // The score service agrees with the Defender formula applied to the findings here.
        let score = try #require(try demo.stack.json(ScoreReply.self, ["score"]).score)
        #expect(score.scanID == result.scan.scanID)
        #expect(abs(score.percentage - DemoEstate.score(findings)) < 1e-9)
        #expect(score.percentage > 0 && score.percentage < 100)

        // Internet → web-1 (public IP, SSH open) → web-app-role → the customer-data bucket it can write.
        let paths = try demo.stack.json(PathsReply.self, ["paths"]).paths
        let write = paths.first { p in
            p.nodes.map(\.label) == ["Internet", "web-1", "web-app-role", "palisade-demo-customer-data"]
                && p.edges.last?.kind == "can_write"
        }
        // High or critical: internet exposure + writing sensitive data is high; web-1's own high-severity
        // findings (if any checks flag the instance) add the vulnerabilities factor and make it critical.
        #expect(write.map { $0.risk >= .high } == true, "paths: \(paths.map(\.title))")
        #expect(write?.riskFactors.contains("internet_exposure") == true && write?.riskFactors.contains("sensitive_data") == true)
        #expect(write?.edges.first?.ports.contains("tcp/22") == true, "the exposure names the reachable ports")
        #expect(write?.edges.first?.details.contains { $0.kind == "sg_rule" && $0.detail.contains("0.0.0.0/0") } == true)
        #expect(paths.allSatisfy { !$0.nodes.map(\.label).contains("internal-1") })

        // What the demo prints: one path as a chain with its evidence, the choke points and the fix plan.
        if let write {
            let show = try demo.stack.cli(["paths", "show", write.id])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("web-app-role") && show.stdout.contains("sg_rule") && show.stdout.contains("breaks with:"))
        }
        let missing = try demo.stack.cli(["paths", "show", "path-nope"])
        #expect(missing.status == 64 && missing.stderr.contains("no attack path path-nope"))
        let reply = try demo.stack.json(PathsReply.self, ["paths"])
        #expect(reply.chokePoints.first.map { ["web-1", "web-app-role"].contains($0.node.label) || $0.paths >= 2 } == true,
                "choke points: \(reply.chokePoints.map { "\($0.node.label) \($0.paths)" })")
        #expect(reply.fixPlan.pathsCovered == reply.paths.filter { $0.risk >= .high }.count - reply.fixPlan.unbreakable.count)
        #expect(!reply.fixPlan.fixes.isEmpty)
        let plan = try demo.stack.cli(["paths", "--fix-plan"])
        #expect(plan.status == 0 && plan.stdout.contains("Fix plan:"), "\(plan.stdout)\n\(plan.stderr)")
        let chokes = try demo.stack.cli(["paths", "--choke-points"])
        #expect(chokes.status == 0 && chokes.stdout.contains("Choke points"), "\(chokes.stdout)\n\(chokes.stderr)")

        // Exports: one line per finding, OCSF Detection Findings with the finding ids.
        let out = demo.stack.home.appendingPathComponent("out.ocsf.jsonl")
        let r = try demo.stack.cli(["export", "--format", "ocsf", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == findings.count)
        let first = try JSONValue.parse(String(lines[0]))
        #expect(first["class_uid"]?.intValue == 2004)
        let uids = Set(try lines.map { try JSONValue.parse(String($0)).value(at: "finding_info.uid")?.stringValue ?? "" })
        #expect(uids == Set(findings.map(\.id)))
        let continuous = demo.stack.home.appendingPathComponent("export/findings.jsonl")
        #expect(try String(contentsOf: continuous, encoding: .utf8).split(separator: "\n").count == findings.count)

        // Inventory through the CLI: counts per type, a glob over types with a region, a tag filter, CSV.
        let counts = try demo.stack.json([String: Int].self, ["inventory", "--counts"])
        #expect(counts["aws.iam.user"] == inventory.filter { $0.resource.type == "aws.iam.user" }.count)
        for type in ["aws.kms.key", "aws.lambda.function", "aws.cloudtrail.trail", "aws.ec2.vpc", "aws.rds.db_instance",
                     "aws.route53.hosted_zone", "aws.guardduty.detector_status", "aws.iam.credential_report"] {
            #expect((counts[type] ?? 0) > 0, "no \(type) collected: \(counts)")
        }
        let ec2 = try demo.stack.json([InventoryItem].self, ["inventory", "--type", "aws.ec2.*", "--region", "us-east-1"])
        #expect(!ec2.isEmpty && ec2.allSatisfy { $0.resource.type.hasPrefix("aws.ec2.") && $0.resource.region == "us-east-1" })
        let tagged = try demo.stack.json([InventoryItem].self, ["inventory", "--tag", "Name=web-1"])
        #expect(tagged.contains { $0.resource.name == "web-1" } && tagged.allSatisfy { $0.resource.tags["Name"] == "web-1" })
        let csv = try demo.stack.cli(["inventory", "--type", "aws.s3.bucket", "--output", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("TYPE,NAME,REGION,ACCOUNT,NOTES,ID\r\n"), "\(csv.stderr)")

        // The read-only policy the connector's collectors need, from the running connector.
        let permissions = try demo.stack.json(AWSPermissions.self, ["aws", "permissions"])
        #expect(permissions.actions.contains("kms:GetKeyRotationStatus"))
        #expect(permissions.actions.contains("iam:GenerateCredentialReport"))
        #expect(!permissions.actions.contains("secretsmanager:GetSecretValue"))
        #expect(try JSONValue.parse(permissions.policy).value(at: "Statement")?[0]?["Action"]?.arrayValue?.count
            == permissions.actions.count)
    }

    @Test func accessDeniedOnOneAPIMakesItsChecksErrorAndTheScanCompletes() async throws {
        let demo = try await Demo.start()
        defer { demo.stop() }
        // This profile's user is denied s3:GetBucketPolicy and nothing else.
        let result = try demo.scan(profile: "palisade-demo-no-bucket-policy")
        #expect(result.progress.state == .done && result.scan.state == .sealed)
        let inventory = try demo.inventory()
        let findings = try demo.findings()
        let buckets = inventory.filter { $0.resource.type == "aws.s3.bucket" }
        #expect(buckets.count >= 3)
        for b in buckets {
            #expect(b.resource.unknown["policy"]?.contains("AccessDenied") == true)
            let f = findings.of("aws-s3-bucket-public-policy", b.resource.name, in: inventory)
            if b.resource.properties.value(at: "publicAccessBlock.restrictPublicBuckets") == .bool(true) {
                // RestrictPublicBuckets makes any policy non-public: decided without reading the policy.
                #expect(f?.status == .pass, "\(b.resource.name): \(String(describing: f?.status))")
            } else {
                #expect(f?.status == .error, "\(b.resource.name): \(String(describing: f?.status))")
                #expect(f?.reason.contains("AccessDenied") == true)
            }
        }
        #expect(findings.filter { $0.checkID == "aws-s3-bucket-public-policy" && $0.status == .error }.count >= 2)
        // Checks that do not read the policy still decide.
        #expect(findings.of("aws-s3-bucket-versioning", "palisade-demo-hardened", in: inventory)?.status == .pass)
        #expect(findings.of("aws-s3-bucket-public-acl", "palisade-demo-public-assets", in: inventory)?.status == .fail)
        #expect(findings.of("aws-iam-user-console-mfa", "alice-admin", in: inventory)?.status == .fail)
    }
}
