import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing
@testable import AWSConnector

/// The RDS, ELBv2, DynamoDB and ECR fixes against moto with signatures and IAM checked: plan shows the calls,
/// apply changes the setting, a second plan finds nothing to do, undo puts back the value that was there.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FixCatalogDataTests {
    struct Reader {
        let c: AWSClient

        func rds(_ kind: FixCatalog.RDSKind, _ id: String, _ element: String) async throws -> Bool? {
            let doc = try await c.query(service: "rds", region: "us-east-1", action: kind.describe, version: "2014-10-31",
                                        params: [(kind.identifier, id)])
            return (doc.child("\(kind.describe)Result") ?? doc).at(kind.list.0)?.children(kind.list.1).first?.bool(element)
        }

        func restore(_ snapshot: String) async throws -> [String] {
            try RDSCollector.restoreAttribute(
                try await c.query(service: "rds", region: "us-east-1", action: "DescribeDBSnapshotAttributes",
                                  version: "2014-10-31", params: [("DBSnapshotIdentifier", snapshot)]), cluster: false)
        }

        func lb(_ arn: String, _ key: String) async throws -> String? {
            let attributes = try await c.queryList(service: "elasticloadbalancing", region: "us-east-1",
                                                   action: "DescribeLoadBalancerAttributes", version: "2015-12-01",
                                                   list: "Attributes", params: [("LoadBalancerArn", arn)])
            return attributes.first { $0.string("Key") == key }?.string("Value")
        }

        func dynamoDB(_ action: String, _ table: String, _ path: String) async throws -> JSONValue? {
            try await c.json(service: "dynamodb", region: "us-east-1", target: "DynamoDB_20120810", action: action,
                             body: ["TableName": .string(table)], protocolVersion: "1.0").value(at: path)
        }

        func ecr(_ repository: String, _ path: String) async throws -> JSONValue? {
            try await c.json(service: "ecr", region: "us-east-1", target: "AmazonEC2ContainerRegistry_V20150921",
                             action: "DescribeRepositories", body: ["repositoryNames": [.string(repository)]])
                .value(at: "repositories")?.arrayValue?.first?.value(at: path)
        }
    }

    @Test func eachDataFixChangesTheSettingAndUndoRestoresIt() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_data.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let client = moto.client(try MotoServer.scannerCredentials(manifest))
        let planner = FixPlanner(client: client)
        let read = Reader(c: client)
        func arn(_ key: String) throws -> String { try #require(seeded[key]?.stringValue) }

        let db = try arn("dbInstanceArn")
        for (check, element, fixed) in [("aws-rds-instance-not-publicly-accessible", "PubliclyAccessible", false),
                                        ("aws-rds-instance-deletion-protection", "DeletionProtection", true),
                                        ("aws-rds-instance-auto-minor-version-upgrade", "AutoMinorVersionUpgrade", true),
                                        ("aws-rds-instance-copy-tags-to-snapshots", "CopyTagsToSnapshot", true)] {
            try await FixTest.roundTrip(planner, FixTest.finding(check, db, type: "aws.rds.db_instance", account: account),
                changed: { try await read.rds(.instance, "fix-db", element) == fixed },
                restored: { try await read.rds(.instance, "fix-db", element) == !fixed })
        }
        try await FixTest.roundTrip(planner, FixTest.finding("aws-rds-cluster-deletion-protection", try arn("dbClusterArn"),
                                                  type: "aws.rds.db_cluster", account: account),
            changed: { try await read.rds(.cluster, "fix-cluster", "DeletionProtection") == true },
            restored: { try await read.rds(.cluster, "fix-cluster", "DeletionProtection") == false })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-rds-snapshot-not-public", try arn("dbSnapshotArn"),
                                                  type: "aws.rds.db_snapshot", account: account),
            changed: { try await read.restore("fix-snap") == ["111122223333"] },
            restored: { Set(try await read.restore("fix-snap")) == ["all", "111122223333"] })

        let lb = try arn("loadBalancerArn")
        try await FixTest.roundTrip(planner, FixTest.finding("aws-elbv2-deletion-protection", lb, type: "aws.elbv2.load_balancer",
                                                  account: account),
            changed: { try await read.lb(lb, "deletion_protection.enabled") == "true" },
            restored: { try await read.lb(lb, "deletion_protection.enabled") == "false" })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-elbv2-alb-drops-invalid-headers", lb, type: "aws.elbv2.load_balancer",
                                                  account: account),
            changed: { try await read.lb(lb, "routing.http.drop_invalid_header_fields.enabled") == "true" },
            restored: { try await read.lb(lb, "routing.http.drop_invalid_header_fields.enabled") == "false" })

        let table = try arn("tableArn")
        let pitr = "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"
        try await FixTest.roundTrip(planner, FixTest.finding("aws-dynamodb-table-pitr-enabled", table, type: "aws.dynamodb.table",
                                                  account: account),
            changed: { try await read.dynamoDB("DescribeContinuousBackups", "fix-table", pitr) == "ENABLED" },
            restored: { try await read.dynamoDB("DescribeContinuousBackups", "fix-table", pitr) == "DISABLED" })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-dynamodb-table-deletion-protection", table, type: "aws.dynamodb.table",
                                                  account: account),
            changed: { try await read.dynamoDB("DescribeTable", "fix-table", "Table.DeletionProtectionEnabled") == true },
            restored: { try await read.dynamoDB("DescribeTable", "fix-table", "Table.DeletionProtectionEnabled") == false })

        // The repository name holds a `/`: the fix must take all of it from the ARN, not only the last part.
        let repo = try arn("repositoryArn")
        try await FixTest.roundTrip(planner, FixTest.finding("aws-ecr-repository-scan-on-push", repo, type: "aws.ecr.repository",
                                                  account: account),
            changed: { try await read.ecr("team/fix-repo", "imageScanningConfiguration.scanOnPush") == true },
            restored: { try await read.ecr("team/fix-repo", "imageScanningConfiguration.scanOnPush") == false })
        try await FixTest.roundTrip(planner, FixTest.finding("aws-ecr-repository-tag-immutability", repo, type: "aws.ecr.repository",
                                                  account: account),
            changed: { try await read.ecr("team/fix-repo", "imageTagMutability") == "IMMUTABLE" },
            restored: { try await read.ecr("team/fix-repo", "imageTagMutability") == "MUTABLE" })
    }

    /// Stale findings (the resource is gone) and resources a fix cannot change as they are get a reason, no call.
    @Test func findingsTheFixCannotHandleAreRefusedWithTheReason() async throws {
        let moto = try await MotoServer.start(noAuthActionCount: 1_000_000)
        defer { moto.stop() }
        let manifest = try moto.seed(scannerUsers: true)
        let seeded = try moto.runSeed("Tools/seed/seed_fix_data.py", [])
        try await moto.requireAuth(afterActions: 0)
        let account = try #require(manifest["account"]?.stringValue)
        let planner = FixPlanner(client: moto.client(try MotoServer.scannerCredentials(manifest)))
        func arn(_ key: String) throws -> String { try #require(seeded[key]?.stringValue) }
        let cases = [
            ("aws-rds-instance-deletion-protection", "arn:aws:rds:us-east-1:\(account):db:gone-db", "no longer exists"),
            ("aws-rds-cluster-deletion-protection", "arn:aws:rds:us-east-1:\(account):cluster:gone-cluster",
             "no longer exists"),
            ("aws-rds-snapshot-not-public", "arn:aws:rds:us-east-1:\(account):snapshot:gone-snap", "no longer exists"),
            ("aws-elbv2-deletion-protection",
             "arn:aws:elasticloadbalancing:us-east-1:\(account):loadbalancer/app/gone/0123456789abcdef", "no longer exists"),
            ("aws-dynamodb-table-pitr-enabled", "arn:aws:dynamodb:us-east-1:\(account):table/gone-table", "no longer exists"),
            ("aws-ecr-repository-scan-on-push", "arn:aws:ecr:us-east-1:\(account):repository/gone/repo", "no longer exists"),
            ("aws-rds-instance-deletion-protection", try arn("clusterMemberArn"), "member of DB cluster fix-cluster"),
            ("aws-rds-instance-deletion-protection", try arn("stoppedArn"), "is stopped, not available"),
            ("aws-elbv2-alb-drops-invalid-headers", try arn("networkLoadBalancerArn"), "this one is network"),
        ]
        let items = try await planner.plan(cases.map { FixTest.finding($0.0, $0.1, type: "t", account: account) })
        #expect(items.count == cases.count)
        for (item, expected) in zip(items, cases) {
            #expect(item.calls.isEmpty && item.noFix?.contains(expected.2) == true, "\(item)")
        }
    }

    /// Every fix names checks that exist in the benchmark, so `palisade fix plan` finds it for their findings.
    @Test func everyFixNamesABenchmarkCheck() {
        let checks = MotoServer.repositoryRoot.appendingPathComponent("Shared/PalisadeBenchmark/Data/checks/aws")
        for fix in FixCatalog.data {
            for check in fix.checks {
                #expect(FileManager.default.fileExists(atPath: checks.appendingPathComponent("\(check).yaml").path),
                        "\(fix.id): \(check)")
            }
        }
    }

    /// The calls are pure functions of the recorded configuration: the CLI spelling a user reads in `fix plan`
    /// names the same resource and setting as the API call.
    @Test func callsSpellTheCLIAndLeaveOtherSharesAlone() throws {
        let t = FixTarget(resourceID: "arn:aws:rds:eu-west-1:1:snapshot:snap-1", account: "1", region: "eu-west-1")
        let previous: JSONValue = ["restore": ["all", "111122223333"]]
        let apply = try FixCatalog.rdsSnapshotNotPublic.apply(t, previous)
        #expect(apply.map(\.cli) == ["aws rds modify-db-snapshot-attribute --db-snapshot-identifier snap-1 "
            + "--attribute-name restore --values-to-remove all --region eu-west-1"])
        #expect(apply.first?.params.map(\.value).contains("111122223333") == false)
        let undo = try FixCatalog.rdsSnapshotNotPublic.undo(t, previous)
        #expect(undo.first?.cli?.contains("--values-to-add all") == true)

        let db = FixTarget(resourceID: "arn:aws:rds:eu-west-1:1:db:orders", account: "1", region: "eu-west-1")
        let off = try FixCatalog.rdsInstanceNotPublic.apply(db, ["setting": true])
        #expect(off.map(\.cli) == ["aws rds modify-db-instance --db-instance-identifier orders --no-publicly-accessible "
            + "--apply-immediately --region eu-west-1"])
        #expect(try FixCatalog.rdsInstanceNotPublic.undo(db, ["setting": true]).first?.cli?
            .contains("--publicly-accessible --apply-immediately") == true)
        #expect(try FixCatalog.rdsInstanceNotPublic.apply(db, ["setting": false]).isEmpty)

        let repo = FixTarget(resourceID: "arn:aws:ecr:eu-west-1:1:repository/team/app", account: "1", region: "eu-west-1")
        #expect(try FixCatalog.ecrTagImmutability.apply(repo, ["imageTagMutability": "IMMUTABLE_WITH_EXCLUSION"]).isEmpty)
        let filters: JSONValue = [["filterType": "WILDCARD", "filter": "latest"]]
        let back = try FixCatalog.ecrTagImmutability.undo(
            repo, ["imageTagMutability": "MUTABLE_WITH_EXCLUSION", "exclusionFilters": filters])
        #expect(back.first?.body?.contains("\"imageTagMutabilityExclusionFilters\"") == true)
        #expect(back.first?.body?.contains("\"repositoryName\":\"team/app\"") == true)
        #expect(FixCatalog.data.count == 12 && FixCatalog.data.allSatisfy { FixCatalog.byID[$0.id] != nil })
    }
}
