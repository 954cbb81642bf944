import Foundation
import PalisadeModel

/// EC2 compute and storage of one region: instances (with their user data scanned for secrets), EBS volumes,
/// the account's snapshots and AMIs with who may use them, launch templates, and the region's EC2 account
/// settings (EBS encryption by default, snapshot and AMI public-sharing blocks). Networking is `VPCCollector`.
public struct EC2Collector: AWSCollector {
    public static let service = "ec2"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = [
        "aws.ec2.instance", "aws.ec2.volume", "aws.ec2.snapshot", "aws.ec2.image", "aws.ec2.launch_template",
        "aws.ec2.account_settings",
    ]
    public static let permissions = [
        "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeVolumes",
        "ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute", "ec2:DescribeImages", "ec2:DescribeImageAttribute",
        "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetEbsEncryptionByDefault", "ec2:GetEbsDefaultKmsKeyId",
        "ec2:GetSnapshotBlockPublicAccessState", "ec2:GetImageBlockPublicAccessState",
    ]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await scope(region, "aws.ec2.instance") {
                let reservations = try await list("DescribeInstances", "reservationSet", region)
                let instances = reservations.flatMap { $0.list("instancesSet") }
                await ctx.forEach(instances, emit: emit) { i in
                    let userData = await self.userData(instance: i.string("instanceId") ?? "", region: region)
                    return self.instance(i, region: region, userData: userData)
                }
            },
            await scope(region, "aws.ec2.volume") {
                for v in try await list("DescribeVolumes", "volumeSet", region) { await emit(volume(v, region: region)) }
            },
            await scope(region, "aws.ec2.snapshot") {
                // moto ignores OwnerId=self and lists every public AMI's snapshot too; on AWS this filter is a no-op.
                let snapshots = try await list("DescribeSnapshots", "snapshotSet", region, [("OwnerId.1", "self")])
                    .filter { ($0.string("ownerId") ?? ctx.account) == ctx.account }
                await ctx.forEach(snapshots, emit: emit) { s in
                    let perms = await self.attribute("DescribeSnapshotAttribute", ("SnapshotId", s.string("snapshotId")),
                                                     "createVolumePermission", region)
                    return self.snapshot(s, region: region, createVolumePermission: perms)
                }
            },
            await scope(region, "aws.ec2.image") {
                let images = try await list("DescribeImages", "imagesSet", region, [("Owner.1", "self")])
                await ctx.forEach(images, emit: emit) { i in
                    let perms = await self.attribute("DescribeImageAttribute", ("ImageId", i.string("imageId")),
                                                     "launchPermission", region)
                    return self.image(i, region: region, launchPermission: perms)
                }
            },
            await scope(region, "aws.ec2.launch_template") {
                let templates = try await list("DescribeLaunchTemplates", "launchTemplates", region, max: 200)
                await ctx.forEach(templates, emit: emit) { t in
                    let latest = await self.latestVersion(t.string("launchTemplateId") ?? "", region: region)
                    return self.launchTemplate(t, region: region, latest: latest)
                }
            },
            await scope(region, "aws.ec2.account_settings") {
                await emit(await accountSettings(region: region))
            },
        ]
    }

    private func scope(_ region: String, _ type: String, _ body: () async throws -> Void) async -> ScopeResult {
        await ctx.scope(Self.service, region, [type], body)
    }

    private func list(_ action: String, _ list: String, _ region: String, _ params: [(String, String)] = [],
                      max: Int = 1000) async throws -> [XMLNode] {
        try await ctx.client.ec2List(action, list: list, region: region, params: params, maxResults: max)
    }

    private func call(_ action: String, _ region: String, _ params: [(String, String)] = []) async throws -> XMLNode {
        try await ctx.client.query(service: "ec2", region: region, action: action, version: "2016-11-15", params: params)
    }

    /// DescribeInstanceAttribute userData: the base64 text, nil when the instance has none.
    func userData(instance id: String, region: String) async -> Result<String?, AWSError> {
        await ctx.attempt {
            let doc = try await call("DescribeInstanceAttribute", region, [("InstanceId", id), ("Attribute", "userData")])
            return doc.string("userData/value").flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// A Describe*Attribute permission list (`createVolumePermission`, `launchPermission`).
    func attribute(_ action: String, _ id: (String, String?), _ attribute: String,
                   _ region: String) async -> Result<[XMLNode], AWSError> {
        await ctx.attempt {
            try await call(action, region, [(id.0, id.1 ?? ""), ("Attribute", attribute)]).list(attribute)
        }
    }

    /// The template's latest version (`$Latest`); nil when the answer holds none.
    func latestVersion(_ id: String, region: String) async -> Result<XMLNode?, AWSError> {
        await ctx.attempt {
            try await call("DescribeLaunchTemplateVersions", region,
                           [("LaunchTemplateId", id), ("LaunchTemplateVersion.1", "$Latest")])
                .list("launchTemplateVersionSet").first
        }
    }

    /// One resource per region: EBS encryption by default and its key, and the public-sharing blocks.
    func accountSettings(region: String) async -> Resource {
        async let byDefault = ctx.attempt { try await call("GetEbsEncryptionByDefault", region) }
        async let kmsKey = ctx.attempt { try await call("GetEbsDefaultKmsKeyId", region) }
        async let snapshots = ctx.attempt { try await call("GetSnapshotBlockPublicAccessState", region) }
        async let images = ctx.attempt { try await call("GetImageBlockPublicAccessState", region) }
        return Self.accountSettings(account: ctx.account, region: region, ebsEncryptionByDefault: await byDefault,
                                    ebsDefaultKmsKeyId: await kmsKey, snapshotBlock: await snapshots,
                                    imageBlock: await images)
    }
}
