import Foundation
import PalisadeModel
import PalisadeProtocol

/// RDS fixes. Each records only the one setting it changes, so `undo` sets back exactly that value. Modify calls
/// carry `ApplyImmediately=true`: otherwise RDS would hold the change (and its undo) until the maintenance window,
/// and a rescan right after `fix apply` would still fail.
extension FixCatalog {
    static let rds: [FixDefinition] = [
        rdsInstanceNotPublic, rdsInstanceDeletionProtection, rdsClusterDeletionProtection,
        rdsInstanceAutoMinorVersionUpgrade, rdsInstanceCopyTagsToSnapshot, rdsSnapshotNotPublic,
    ]

    static let rdsVersion = "2014-10-31"

    /// A DB instance or a DB cluster: the Describe and Modify calls and their CLI spelling differ only in names.
    enum RDSKind: Sendable {
        case instance, cluster

        var describe: String { self == .instance ? "DescribeDBInstances" : "DescribeDBClusters" }
        var modify: String { self == .instance ? "ModifyDBInstance" : "ModifyDBCluster" }
        var identifier: String { self == .instance ? "DBInstanceIdentifier" : "DBClusterIdentifier" }
        var list: (String, String) { self == .instance ? ("DBInstances", "DBInstance") : ("DBClusters", "DBCluster") }
        var status: String { self == .instance ? "DBInstanceStatus" : "Status" }
        var noun: String { self == .instance ? "DB instance" : "DB cluster" }
        var cli: String {
            self == .instance ? "aws rds modify-db-instance --db-instance-identifier"
                : "aws rds modify-db-cluster --db-cluster-identifier"
        }
    }

    /// Runs an RDS read, turning "not found" into a refusal: the finding is stale, there is nothing to fix.
    static func rdsRead(_ what: String, _ body: () async throws -> XMLNode) async throws -> XMLNode {
        do { return try await body() } catch let e as AWSError where e.code.contains("NotFound") {
            throw FixRefusal("\(what) no longer exists (\(e.code)); rescan to resolve the finding")
        }
    }

    /// The instance's or cluster's `setting` (`DeletionProtection`) as `{"setting": bool}`. Refused when the
    /// resource is not `available` (RDS rejects or queues modifications then), when Describe leaves the setting
    /// out, or — for `clusterLevel` settings — when the instance belongs to a cluster, which owns the setting.
    static func readRDSFlag(_ c: AWSClient, _ t: FixTarget, _ kind: RDSKind, _ setting: String,
                            clusterLevel: Bool) async throws -> JSONValue {
        let doc = try await rdsRead("\(kind.noun) \(t.name)") {
            try await c.query(service: "rds", region: t.apiRegion, action: kind.describe, version: rdsVersion,
                              params: [(kind.identifier, t.name)])
        }
        guard let item = (doc.child("\(kind.describe)Result") ?? doc).at(kind.list.0)?.children(kind.list.1).first else {
            throw FixRefusal("\(kind.noun) \(t.name) no longer exists; rescan to resolve the finding")
        }
        let status = item.string(kind.status) ?? ""
        guard status == "available" else {
            throw FixRefusal("\(kind.noun) \(t.name) is \(status.isEmpty ? "in an unknown state" : status), not available; "
                             + "fix it once it is available")
        }
        if clusterLevel, let cluster = item.string("DBClusterIdentifier"), !cluster.isEmpty {
            throw FixRefusal("\(t.name) is a member of DB cluster \(cluster), which holds this setting; change it there")
        }
        guard let value = item.bool(setting) else {
            throw FixRefusal("rds:\(kind.describe) did not return \(setting) for \(t.name)")
        }
        return ["setting": .bool(value)]
    }

    /// The modify call setting `setting` to `value` (CLI `--deletion-protection` / `--no-deletion-protection`).
    static func rdsModify(_ t: FixTarget, _ kind: RDSKind, _ setting: String, cliFlag: String, _ value: Bool,
                          title: String) -> FixAPICall {
        .query("rds", kind.modify, version: rdsVersion, region: t.apiRegion,
               [(kind.identifier, t.name), (setting, value ? "true" : "false"), ("ApplyImmediately", "true")],
               title: title,
               cli: "\(kind.cli) \(CLIQuote.arg(t.name)) --\(value ? "" : "no-")\(cliFlag) --apply-immediately "
                   + "--region \(t.apiRegion)")
    }

    /// A fix that sets one boolean of an instance or cluster to `wanted`; undo sets the recorded value back.
    static func rdsFlagFix(id: String, check: String, summary: String, _ kind: RDSKind, _ setting: String,
                           cliFlag: String, label: String, wanted: Bool = true,
                           clusterLevel: Bool = false) -> FixDefinition {
        FixDefinition(
            id: id, checks: [check], summary: summary,
            read: { c, t in try await readRDSFlag(c, t, kind, setting, clusterLevel: clusterLevel) },
            apply: { t, p in
                guard let was = p["setting"]?.boolValue else { throw FixRefusal("the plan recorded no \(setting)") }
                if was == wanted { return [] }
                return [rdsModify(t, kind, setting, cliFlag: cliFlag, wanted,
                                  title: "Turn \(wanted ? "on" : "off") \(label) for \(kind.noun) \(t.name)")]
            },
            undo: { t, p in
                guard let was = p["setting"]?.boolValue else { throw FixRefusal("the plan recorded no \(setting)") }
                if was == wanted { return [] }
                return [rdsModify(t, kind, setting, cliFlag: cliFlag, was,
                                  title: "Turn \(label) for \(kind.noun) \(t.name) back \(was ? "on" : "off")")]
            })
    }

    static let rdsInstanceNotPublic = rdsFlagFix(
        id: "rds.instance.not-publicly-accessible", check: "aws-rds-instance-not-publicly-accessible",
        summary: "Turn off public accessibility of the DB instance (its DNS name then resolves to a private IP)",
        .instance, "PubliclyAccessible", cliFlag: "publicly-accessible", label: "public accessibility", wanted: false)

    static let rdsInstanceDeletionProtection = rdsFlagFix(
        id: "rds.instance.deletion-protection", check: "aws-rds-instance-deletion-protection",
        summary: "Turn on deletion protection for the DB instance",
        .instance, "DeletionProtection", cliFlag: "deletion-protection", label: "deletion protection",
        clusterLevel: true)

    static let rdsClusterDeletionProtection = rdsFlagFix(
        id: "rds.cluster.deletion-protection", check: "aws-rds-cluster-deletion-protection",
        summary: "Turn on deletion protection for the DB cluster",
        .cluster, "DeletionProtection", cliFlag: "deletion-protection", label: "deletion protection")

    static let rdsInstanceAutoMinorVersionUpgrade = rdsFlagFix(
        id: "rds.instance.auto-minor-version-upgrade", check: "aws-rds-instance-auto-minor-version-upgrade",
        summary: "Turn on automatic minor engine version upgrades (applied in the maintenance window)",
        .instance, "AutoMinorVersionUpgrade", cliFlag: "auto-minor-version-upgrade",
        label: "automatic minor version upgrade")

    static let rdsInstanceCopyTagsToSnapshot = rdsFlagFix(
        id: "rds.instance.copy-tags-to-snapshots", check: "aws-rds-instance-copy-tags-to-snapshots",
        summary: "Copy the DB instance's tags to its snapshots",
        .instance, "CopyTagsToSnapshot", cliFlag: "copy-tags-to-snapshot", label: "copy tags to snapshots",
        clusterLevel: true)

    /// One `restore` attribute change. The wire name of a list entry is `AttributeValue` (RDS's shape), not `member`.
    static func snapshotRestore(_ t: FixTarget, _ change: String, title: String) -> FixAPICall {
        let add = change == "ValuesToAdd"
        return .query("rds", "ModifyDBSnapshotAttribute", version: rdsVersion, region: t.apiRegion,
                      [("DBSnapshotIdentifier", t.name), ("AttributeName", "restore"), ("\(change).AttributeValue.1", "all")],
                      title: title,
                      cli: "aws rds modify-db-snapshot-attribute --db-snapshot-identifier \(CLIQuote.arg(t.name)) "
                          + "--attribute-name restore --values-to-\(add ? "add" : "remove") all --region \(t.apiRegion)")
    }

    /// Removes only `all` from who may restore the snapshot; accounts it is shared with by id keep their access,
    /// and undo adds `all` back.
    static let rdsSnapshotNotPublic = FixDefinition(
        id: "rds.snapshot.not-public", checks: ["aws-rds-snapshot-not-public"],
        summary: "Stop sharing the DB snapshot with every AWS account (accounts named by id keep access)",
        read: { c, t in
            let doc = try await rdsRead("DB snapshot \(t.name)") {
                try await c.query(service: "rds", region: t.apiRegion, action: "DescribeDBSnapshotAttributes",
                                  version: rdsVersion, params: [("DBSnapshotIdentifier", t.name)])
            }
            let values = try RDSCollector.restoreAttribute(doc, cluster: false)
            return ["restore": .array(values.map(JSONValue.string))]
        },
        apply: { t, p in
            guard let values = p["restore"]?.arrayValue else { throw FixRefusal("the plan recorded no restore attribute") }
            if !values.contains("all") { return [] }
            return [snapshotRestore(t, "ValuesToRemove", title: "Remove public restore access (all) from DB snapshot \(t.name)")]
        },
        undo: { t, p in
            guard let values = p["restore"]?.arrayValue, values.contains("all") else { return [] }
            return [snapshotRestore(t, "ValuesToAdd", title: "Share DB snapshot \(t.name) with all accounts again")]
        })
}
