import Foundation
import PalisadeModel

/// EFS file systems of one region: encryption at rest, automatic backups and the file system policy.
public struct EFSCollector: AWSCollector {
    public static let service = "elasticfilesystem"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.efs.file_system"]
    public static let permissions = ["elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeBackupPolicy",
                                     "elasticfilesystem:DescribeFileSystemPolicy"]

    let ctx: CollectorContext
    /// `MaxItems` per DescribeFileSystems page (the API's default and maximum is 100).
    let pageSize: Int

    public init(_ ctx: CollectorContext) { self.init(ctx, pageSize: 100) }

    public init(_ ctx: CollectorContext, pageSize: Int) {
        self.ctx = ctx
        self.pageSize = pageSize
    }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [await ctx.scope(Self.service, region, Self.resourceTypes) {
            let systems = try await ctx.client.restJSONList(
                service: Self.service, region: region, path: "/2015-02-01/file-systems", list: "FileSystems",
                query: [("MaxItems", String(pageSize))], tokenIn: "Marker", tokenOut: "NextMarker",
                operation: "DescribeFileSystems")
            await ctx.forEach(systems, emit: emit) { await self.fileSystem($0, region: region) }
        }]
    }

    /// One listed file system, with its backup policy and file system policy (each unknown alone when denied).
    func fileSystem(_ fs: JSONValue, region: String) async -> Resource {
        let id = fs["FileSystemId"]?.stringValue ?? ""
        let arn = fs["FileSystemArn"]?.stringValue ?? "arn:aws:elasticfilesystem:\(region):\(ctx.account):file-system/\(id)"
        var tags: [String: String] = [:]
        for t in fs["Tags"]?.arrayValue ?? [] {
            if let k = t["Key"]?.stringValue { tags[k] = t["Value"]?.stringValue ?? "" }
        }
        var bag = PropertyBag()
        for (key, value) in Self.details(fs) { bag[key] = value }
        // DescribeFileSystems always says whether a file system is encrypted: a missing flag is unknown, not false.
        if let encrypted = fs["Encrypted"]?.boolValue { bag["encrypted"] = .bool(encrypted) } else {
            bag.unknown["encrypted"] = "connector.aws.response.incomplete: elasticfilesystem:DescribeFileSystems has no Encrypted"
        }

        // No backup policy (PolicyNotFound) means automatic backups were never turned on.
        bag.set("backupPolicy", await ctx.attempt {
            let answer = try await ctx.client.restJSON(service: Self.service, region: region,
                                                       path: "/2015-02-01/file-systems/\(id)/backup-policy",
                                                       operation: "DescribeBackupPolicy")
            return JSONValue.field(answer.value(at: "BackupPolicy.Status"))
        }, absentCodes: ["PolicyNotFound"])
        bag.set("policy", await ctx.attempt {
            let answer = try await ctx.client.restJSON(service: Self.service, region: region,
                                                       path: "/2015-02-01/file-systems/\(id)/policy",
                                                       operation: "DescribeFileSystemPolicy")
            return try JSONValue.policyDocument(answer["Policy"]?.stringValue)
        }, absentCodes: ["PolicyNotFound"])
        return bag.resource(id: arn, account: ctx.account, region: region, type: "aws.efs.file_system",
                            name: tags["Name"] ?? fs["Name"]?.stringValue ?? id, tags: tags)
    }

    static func details(_ fs: JSONValue) -> [String: JSONValue] {
        [
            "fileSystemId": .field(fs["FileSystemId"]), "name": .field(fs["Name"]),
            "lifeCycleState": .field(fs["LifeCycleState"]),
            "kmsKeyId": .field(fs["KmsKeyId"]), "performanceMode": .field(fs["PerformanceMode"]),
            "throughputMode": .field(fs["ThroughputMode"]),
            "numberOfMountTargets": .field(fs["NumberOfMountTargets"]),
            "availabilityZoneName": .field(fs["AvailabilityZoneName"]),
            "creationTime": .isoDate(fs["CreationTime"]),
            "raw": fs,
        ]
    }
}
