import Foundation
import PalisadeModel
import PalisadeProtocol

/// Fixes for data services: DynamoDB tables and ECR repositories here, with the RDS (`FixCatalog+RDS.swift`) and
/// ELBv2 (`FixCatalog+LoadBalancers.swift`) fixes gathered into `data`. Each records the one setting it changes.
extension FixCatalog {
    static let data: [FixDefinition] = rds + loadBalancers + [
        dynamoDBPointInTimeRecovery, dynamoDBDeletionProtection, ecrScanOnPush, ecrTagImmutability,
    ]

    static let dynamoDBTarget = "DynamoDB_20120810"
    static let ecrTarget = "AmazonEC2ContainerRegistry_V20150921"

    /// A JSON-protocol read, turning "not found" into a refusal: the finding is stale, there is nothing to fix.
    static func jsonRead(_ c: AWSClient, _ t: FixTarget, _ service: String, target: String, _ action: String,
                         _ body: JSONValue, protocolVersion: String, what: String) async throws -> JSONValue {
        do {
            return try await c.json(service: service, region: t.apiRegion, target: target, action: action, body: body,
                                    protocolVersion: protocolVersion)
        } catch let e as AWSError where e.code.contains("NotFound") {
            throw FixRefusal("\(what) no longer exists (\(e.code)); rescan to resolve the finding")
        }
    }

    static func dynamoDB(_ t: FixTarget, _ action: String, _ body: JSONValue, title: String, cli: String) -> FixAPICall {
        .json("dynamodb", action, target: dynamoDBTarget, region: t.apiRegion, body, protocolVersion: "1.0",
              title: title, cli: cli + " --region \(t.apiRegion)")
    }

    static func pitrCall(_ t: FixTarget, _ on: Bool, title: String) -> FixAPICall {
        dynamoDB(t, "UpdateContinuousBackups",
                 ["TableName": .string(t.name), "PointInTimeRecoverySpecification": ["PointInTimeRecoveryEnabled": .bool(on)]],
                 title: title,
                 cli: "aws dynamodb update-continuous-backups --table-name \(CLIQuote.arg(t.name)) "
                     + "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=\(on)")
    }

    /// Undo turns point-in-time recovery off again, as it was; the restore points kept in between go with it.
    static let dynamoDBPointInTimeRecovery = FixDefinition(
        id: "dynamodb.table.pitr", checks: ["aws-dynamodb-table-pitr-enabled"],
        summary: "Turn on point-in-time recovery (continuous backups for 35 days) for the table",
        read: { c, t in
            let answer = try await jsonRead(c, t, "dynamodb", target: dynamoDBTarget, "DescribeContinuousBackups",
                                            ["TableName": .string(t.name)], protocolVersion: "1.0",
                                            what: "table \(t.name)")
            let path = "ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"
            guard let status = answer.value(at: path)?.stringValue else {
                throw FixRefusal("dynamodb:DescribeContinuousBackups did not return the recovery status of \(t.name)")
            }
            return ["status": .string(status)]
        },
        apply: { t, p in
            if p["status"]?.stringValue == "ENABLED" { return [] }
            return [pitrCall(t, true, title: "Turn on point-in-time recovery for table \(t.name)")]
        },
        undo: { t, p in
            if p["status"]?.stringValue == "ENABLED" { return [] }
            return [pitrCall(t, false, title: "Turn point-in-time recovery for table \(t.name) back off "
                                 + "(its restore points since the fix are dropped)")]
        })

    static func tableDeletionProtection(_ t: FixTarget, _ on: Bool, title: String) -> FixAPICall {
        dynamoDB(t, "UpdateTable", ["TableName": .string(t.name), "DeletionProtectionEnabled": .bool(on)], title: title,
                 cli: "aws dynamodb update-table --table-name \(CLIQuote.arg(t.name)) "
                     + "--\(on ? "" : "no-")deletion-protection-enabled")
    }

    /// DynamoDB accepts UpdateTable only on an ACTIVE table, so any other status is refused.
    static let dynamoDBDeletionProtection = FixDefinition(
        id: "dynamodb.table.deletion-protection", checks: ["aws-dynamodb-table-deletion-protection"],
        summary: "Turn on deletion protection for the table",
        read: { c, t in
            let answer = try await jsonRead(c, t, "dynamodb", target: dynamoDBTarget, "DescribeTable",
                                            ["TableName": .string(t.name)], protocolVersion: "1.0",
                                            what: "table \(t.name)")
            let status = answer.value(at: "Table.TableStatus")?.stringValue ?? ""
            guard status == "ACTIVE" else {
                throw FixRefusal("table \(t.name) is \(status.isEmpty ? "in an unknown state" : status), not ACTIVE")
            }
            guard let on = answer.value(at: "Table.DeletionProtectionEnabled")?.boolValue else {
                throw FixRefusal("dynamodb:DescribeTable did not return DeletionProtectionEnabled for \(t.name)")
            }
            return ["deletionProtectionEnabled": .bool(on)]
        },
        apply: { t, p in
            if p["deletionProtectionEnabled"]?.boolValue == true { return [] }
            return [tableDeletionProtection(t, true, title: "Turn on deletion protection for table \(t.name)")]
        },
        undo: { t, p in
            if p["deletionProtectionEnabled"]?.boolValue == true { return [] }
            return [tableDeletionProtection(t, false, title: "Turn deletion protection for table \(t.name) back off")]
        })

    /// The repository name: all after `repository/` in the ARN, since ECR names may themselves hold `/` (`team/app`).
    static func repositoryName(_ t: FixTarget) -> String {
        t.resourceID.range(of: ":repository/").map { String(t.resourceID[$0.upperBound...]) } ?? t.name
    }

    /// The repository as DescribeRepositories returns it.
    static func readRepository(_ c: AWSClient, _ t: FixTarget) async throws -> JSONValue {
        let name = repositoryName(t)
        let answer = try await jsonRead(c, t, "ecr", target: ecrTarget, "DescribeRepositories",
                                        ["repositoryNames": [.string(name)]], protocolVersion: "1.1",
                                        what: "repository \(name)")
        guard let repo = answer["repositories"]?.arrayValue?.first else {
            throw FixRefusal("repository \(name) no longer exists; rescan to resolve the finding")
        }
        return repo
    }

    static func ecr(_ t: FixTarget, _ action: String, _ body: [String: JSONValue], title: String, cli: String) -> FixAPICall {
        var body = body
        body["repositoryName"] = .string(repositoryName(t))
        return .json("ecr", action, target: ecrTarget, region: t.apiRegion, .object(body), title: title,
                     cli: cli + " --region \(t.apiRegion)")
    }

    static func scanOnPushCall(_ t: FixTarget, _ on: Bool, title: String) -> FixAPICall {
        ecr(t, "PutImageScanningConfiguration", ["imageScanningConfiguration": ["scanOnPush": .bool(on)]], title: title,
            cli: "aws ecr put-image-scanning-configuration --repository-name \(CLIQuote.arg(repositoryName(t))) "
                + "--image-scanning-configuration scanOnPush=\(on)")
    }

    static let ecrScanOnPush = FixDefinition(
        id: "ecr.repository.scan-on-push", checks: ["aws-ecr-repository-scan-on-push"],
        summary: "Scan each image for known vulnerabilities when it is pushed to the repository",
        read: { c, t in
            let repo = try await readRepository(c, t)
            guard let on = repo.value(at: "imageScanningConfiguration.scanOnPush")?.boolValue else {
                throw FixRefusal("ecr:DescribeRepositories did not return scanOnPush for \(repositoryName(t))")
            }
            return ["scanOnPush": .bool(on)]
        },
        apply: { t, p in
            if p["scanOnPush"]?.boolValue == true { return [] }
            return [scanOnPushCall(t, true, title: "Turn on scan on push for repository \(repositoryName(t))")]
        },
        undo: { t, p in
            if p["scanOnPush"]?.boolValue == true { return [] }
            return [scanOnPushCall(t, false, title: "Turn scan on push for repository \(repositoryName(t)) back off")]
        })

    /// `IMMUTABLE` and `IMMUTABLE_WITH_EXCLUSION` both pass the check, so either counts as compliant. Undo puts back
    /// the recorded mutability with its exclusion filters, if it had any.
    static let ecrTagImmutability = FixDefinition(
        id: "ecr.repository.tag-immutability", checks: ["aws-ecr-repository-tag-immutability"],
        summary: "Make the repository's image tags immutable, so a pushed tag always names the same image",
        read: { c, t in
            let repo = try await readRepository(c, t)
            guard let mutability = repo["imageTagMutability"]?.stringValue else {
                throw FixRefusal("ecr:DescribeRepositories did not return imageTagMutability for \(repositoryName(t))")
            }
            return ["imageTagMutability": .string(mutability),
                    "exclusionFilters": repo["imageTagMutabilityExclusionFilters"] ?? .null]
        },
        apply: { t, p in
            if p["imageTagMutability"]?.stringValue?.hasPrefix("IMMUTABLE") == true { return [] }
            return [ecr(t, "PutImageTagMutability", ["imageTagMutability": "IMMUTABLE"],
                        title: "Make image tags immutable in repository \(repositoryName(t))",
                        cli: "aws ecr put-image-tag-mutability --repository-name \(CLIQuote.arg(repositoryName(t))) "
                            + "--image-tag-mutability IMMUTABLE")]
        },
        undo: { t, p in
            guard let was = p["imageTagMutability"]?.stringValue, !was.hasPrefix("IMMUTABLE") else { return [] }
            var body: [String: JSONValue] = ["imageTagMutability": .string(was)]
            var cli = "aws ecr put-image-tag-mutability --repository-name \(CLIQuote.arg(repositoryName(t))) "
                + "--image-tag-mutability \(was)"
            if let filters = p["exclusionFilters"], filters.arrayValue?.isEmpty == false {
                body["imageTagMutabilityExclusionFilters"] = filters
                cli += " --image-tag-mutability-exclusion-filters "
                    + CLIQuote.arg(String(decoding: filters.canonicalData(), as: UTF8.self))
            }
            return [ecr(t, "PutImageTagMutability", body,
                        title: "Make image tags in repository \(repositoryName(t)) \(was.lowercased()) again", cli: cli)]
        })
}
