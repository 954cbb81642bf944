import Foundation
import PalisadeModel

/// RDS DB instances, DB clusters (Aurora and Multi-AZ) and their manual/automated snapshots of one region, with
/// who may restore each snapshot (`public`, `sharedAccounts`).
public struct RDSCollector: AWSCollector {
    public static let service = "rds"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.rds.db_instance", "aws.rds.db_cluster", "aws.rds.db_snapshot",
                                       "aws.rds.db_cluster_snapshot"]
    public static let permissions = [
        "rds:DescribeDBInstances", "rds:DescribeDBClusters", "rds:DescribeDBSnapshots",
        "rds:DescribeDBSnapshotAttributes", "rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshotAttributes",
    ]
    static let version = "2014-10-31"

    let ctx: CollectorContext
    /// Page size asked of every Describe call (AWS allows 20–100).
    var pageSize = 100

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, ["aws.rds.db_instance"]) {
                for i in try await list("DescribeDBInstances", "DBInstances", "DBInstance", region) {
                    await emit(instance(i, region: region))
                }
            },
            await ctx.scope(Self.service, region, ["aws.rds.db_cluster"]) {
                for c in try await list("DescribeDBClusters", "DBClusters", "DBCluster", region) {
                    await emit(cluster(c, region: region))
                }
            },
            await ctx.scope(Self.service, region, ["aws.rds.db_snapshot"]) {
                let snapshots = try await list("DescribeDBSnapshots", "DBSnapshots", "DBSnapshot", region)
                await ctx.forEach(snapshots, emit: emit) { await self.snapshot($0, region: region, cluster: false) }
            },
            await ctx.scope(Self.service, region, ["aws.rds.db_cluster_snapshot"]) {
                let snapshots = try await list("DescribeDBClusterSnapshots", "DBClusterSnapshots", "DBClusterSnapshot",
                                               region)
                await ctx.forEach(snapshots, emit: emit) { await self.snapshot($0, region: region, cluster: true) }
            },
        ]
    }

    /// A Describe call followed through `Marker`: the `item` elements of `<Action>Result/<list>` from every page
    /// (RDS names list entries after their type, not `member`).
    func list(_ action: String, _ list: String, _ item: String, _ region: String,
              params: [(String, String)] = []) async throws -> [XMLNode] {
        var items: [XMLNode] = []
        var marker: String?
        repeat {
            let doc = try await ctx.client.query(service: "rds", region: region, action: action, version: Self.version,
                                                 params: params + [("MaxRecords", String(pageSize))]
                                                    + (marker.map { [("Marker", $0)] } ?? []))
            let result = doc.child("\(action)Result") ?? doc
            items += result.at(list)?.children(item) ?? []
            marker = result.string("Marker").flatMap { $0.isEmpty ? nil : $0 }
        } while marker != nil
        return items
    }

    func snapshot(_ s: XMLNode, region: String, cluster: Bool) async -> Resource {
        var bag = cluster ? Self.clusterSnapshotProperties(s) : Self.snapshotProperties(s)
        let id = (cluster ? s.string("DBClusterSnapshotIdentifier") : s.string("DBSnapshotIdentifier")) ?? ""
        if s.string("SnapshotType") == "automated" {
            // AWS: automated snapshots cannot be shared (only a manual copy can), so nobody else may restore them.
            bag["public"] = false
            bag["sharedAccounts"] = []
        } else {
            let action = cluster ? "DescribeDBClusterSnapshotAttributes" : "DescribeDBSnapshotAttributes"
            let result = await ctx.attempt {
                try await ctx.client.query(service: "rds", region: region, action: action, version: Self.version,
                                           params: [(cluster ? "DBClusterSnapshotIdentifier" : "DBSnapshotIdentifier", id)])
            }
            switch result.parse({ try Self.restoreAttribute($0, cluster: cluster) }) {
            case .success(let values):
                let accounts = values.filter { $0 != "all" }
                bag["public"] = .bool(values.contains("all"))
                bag["sharedAccounts"] = .array(accounts.map { .string($0) })
            case .failure(let e):
                bag.unknown["public"] = e.reason
                bag.unknown["sharedAccounts"] = e.reason
            }
        }
        let type = cluster ? "aws.rds.db_cluster_snapshot" : "aws.rds.db_snapshot"
        let arn = (cluster ? s.string("DBClusterSnapshotArn") : s.string("DBSnapshotArn"))
            ?? "arn:aws:rds:\(region):\(ctx.account):\(cluster ? "cluster-snapshot" : "snapshot"):\(id)"
        let tags = Self.tags(s)
        return bag.resource(id: arn, account: ctx.account, region: region, type: type, name: tags["Name"] ?? id,
                            tags: tags)
    }

    func instance(_ i: XMLNode, region: String) -> Resource {
        let id = i.string("DBInstanceIdentifier") ?? ""
        let tags = Self.tags(i)
        return Self.instanceProperties(i).resource(
            id: i.string("DBInstanceArn") ?? "arn:aws:rds:\(region):\(ctx.account):db:\(id)", account: ctx.account,
            region: region, type: "aws.rds.db_instance", name: tags["Name"] ?? id, tags: tags)
    }

    func cluster(_ c: XMLNode, region: String) -> Resource {
        let id = c.string("DBClusterIdentifier") ?? ""
        let tags = Self.tags(c)
        return Self.clusterProperties(c).resource(
            id: c.string("DBClusterArn") ?? "arn:aws:rds:\(region):\(ctx.account):cluster:\(id)", account: ctx.account,
            region: region, type: "aws.rds.db_cluster", name: tags["Name"] ?? id, tags: tags)
    }
}
