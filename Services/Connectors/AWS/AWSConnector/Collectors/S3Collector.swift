import Foundation
import PalisadeModel

/// S3 buckets with their ACL, policy and policy status, public access block, default encryption, versioning,
/// logging, lifecycle, object lock, replication, object ownership and tags (a `data-classification` tag is how the
/// security graph knows a bucket holds sensitive data); and the account's public access block.
public struct S3Collector: AWSCollector {
    public static let service = "s3"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.s3.bucket", "aws.s3.account_public_access_block"]
    public static let permissions = [
        "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:GetBucketPolicy",
        "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:GetBucketVersioning",
        "s3:GetBucketPolicyStatus", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
        "s3:GetBucketObjectLockConfiguration", "s3:GetReplicationConfiguration", "s3:GetBucketOwnershipControls",
        "s3:GetBucketTagging", "s3:GetAccountPublicAccessBlock",
    ]

    let ctx: CollectorContext
    /// The region ListBuckets and S3 Control are sent to.
    let homeRegion: String

    public init(_ ctx: CollectorContext) { self.init(ctx, homeRegion: "us-east-1") }

    public init(_ ctx: CollectorContext, homeRegion: String) {
        self.ctx = ctx
        self.homeRegion = homeRegion
    }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, "global", ["aws.s3.bucket"]) {
                var buckets: [XMLNode] = []
                var token: String?
                repeat {
                    let extra = token.map { [("continuation-token", $0)] } ?? []
                    let doc = try XMLNode.parse(try await ctx.client.s3Get(bucket: nil, subresource: nil, query: extra,
                                                                            region: homeRegion, operation: "ListBuckets"))
                    buckets += doc.at("Buckets")?.children("Bucket") ?? []
                    token = doc.string("ContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
                } while token != nil
                await ctx.forEach(buckets, emit: emit) { await self.bucket($0) }
            },
            await ctx.scope(Self.service, "global", ["aws.s3.account_public_access_block"]) {
                await emit(try await accountPublicAccessBlock())
            },
        ]
    }

    func bucket(_ b: XMLNode) async -> Resource {
        let name = b.string("Name") ?? ""
        var bag = PropertyBag()
        var raw: [String: JSONValue] = ["bucket": b.jsonValue]
        bag["name"] = .string(name)
        bag["creationDate"] = .optionalString(b.string("CreationDate"))
        var region = homeRegion
        switch await ctx.attempt({ try await get(name, "location", "GetBucketLocation", region: homeRegion) }) {
        case .success(let data):
            let constraint = (try? XMLNode.parse(data))?.text ?? ""
            region = constraint.isEmpty ? "us-east-1" : (constraint == "EU" ? "eu-west-1" : constraint)
        case .failure(let e):
            bag.unknown["region"] = e.reason
        }
        let r = region
        bag.set("acl", await xml(name, "acl", "GetBucketAcl", r, &raw).map(Self.acl))
        bag.set("policy", await ctx.attempt {
            try JSONValue.policyDocument(String(decoding: try await get(name, "policy", "GetBucketPolicy", region: r),
                                                as: UTF8.self))
        }, absentCodes: ["NoSuchBucketPolicy"])
        // No bucket policy at all: AWS answers NoSuchBucketPolicy, and a policy that does not exist cannot make
        // the bucket public, so the policy status is "not public" (false), not unknown.
        bag.set("policyIsPublic", await xml(name, "policyStatus", "GetBucketPolicyStatus", r, &raw)
            .parse(Self.policyIsPublic), absentCodes: ["NoSuchBucketPolicy"], absent: false)
        bag.set("publicAccessBlock", await xml(name, "publicAccessBlock", "GetPublicAccessBlock", r, &raw)
            .map(Self.publicAccessBlock), absentCodes: ["NoSuchPublicAccessBlockConfiguration"])
        bag.set("encryption", await xml(name, "encryption", "GetBucketEncryption", r, &raw).map(Self.encryption),
                absentCodes: ["ServerSideEncryptionConfigurationNotFoundError"])
        switch await xml(name, "versioning", "GetBucketVersioning", r, &raw) {
        case .success(let x):
            // AWS documents both: a bucket whose versioning was never set has no Status element ("Disabled"), and
            // MfaDelete appears only once it has been configured (so absent = never enabled).
            bag["versioning"] = .string(x.string("Status").flatMap { $0.isEmpty ? nil : $0 } ?? "Disabled")
            bag["mfaDelete"] = .string(x.string("MfaDelete") == "Enabled" ? "Enabled" : "Disabled")
        case .failure(let e):
            bag.unknown["versioning"] = e.reason
            bag.unknown["mfaDelete"] = e.reason
        }
        bag.set("logging", await xml(name, "logging", "GetBucketLogging", r, &raw).map(Self.logging))
        bag.set("lifecycle", await xml(name, "lifecycle", "GetBucketLifecycleConfiguration", r, &raw)
            .map(Self.lifecycle), absentCodes: ["NoSuchLifecycleConfiguration"])
        // ObjectLockConfigurationNotFoundError: AWS's answer for a bucket created without Object Lock (it can only
        // be enabled with a configuration), so "not enabled" is documented, not guessed.
        bag.set("objectLock", await xml(name, "object-lock", "GetObjectLockConfiguration", r, &raw).map(Self.objectLock),
                absentCodes: ["ObjectLockConfigurationNotFoundError"], absent: ["enabled": false, "defaultRetention": nil])
        bag.set("replication", await xml(name, "replication", "GetBucketReplication", r, &raw).map(Self.replication),
                absentCodes: ["ReplicationConfigurationNotFoundError"])
        bag.set("objectOwnership", await xml(name, "ownershipControls", "GetBucketOwnershipControls", r, &raw)
            .parse(Self.objectOwnership), absentCodes: ["OwnershipControlsNotFoundError"])
        // NoSuchTagSet: AWS's answer for a bucket without tags. Denied or failed: the tags are unknown, so checks
        // and the graph's sensitivity that depend on them say so instead of reading "no classification".
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try XMLNode.parse(try await get(name, "tagging", "GetBucketTagging", region: r)) }) {
        case .success(let x): tags = Self.tags(x)
        case .failure(let e) where e.code == "NoSuchTagSet": break
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        bag["raw"] = .object(raw)
        return bag.resource(id: "arn:aws:s3:::\(name)", account: ctx.account, region: region, type: "aws.s3.bucket",
                            name: name, tags: tags)
    }

    /// The account-wide block (S3 Control). Not configured: `configured` false and all four flags null.
    func accountPublicAccessBlock() async throws -> Resource {
        var bag = PropertyBag()
        do {
            let x = try await ctx.client.s3Control(account: ctx.account, region: homeRegion,
                                                   path: "/v20180820/configuration/publicAccessBlock",
                                                   operation: "GetAccountPublicAccessBlock")
            bag["configured"] = true
            for (key, value) in Self.publicAccessBlock(x).objectValue ?? [:] { bag[key] = value }
            bag["raw"] = x.jsonValue
        } catch let e as AWSError where e.code == "NoSuchPublicAccessBlockConfiguration" {
            bag["configured"] = false
            for key in Self.publicAccessBlockFlags.map(\.key) { bag[key] = .null }
            bag["raw"] = .null
        }
        return bag.resource(id: "arn:aws:s3::\(ctx.account):account-public-access-block", account: ctx.account,
                            region: "global", type: "aws.s3.account_public_access_block",
                            name: "account-public-access-block")
    }

    private func get(_ bucket: String, _ sub: String, _ op: String, region: String) async throws -> Data {
        try await ctx.client.s3Get(bucket: bucket, subresource: sub, region: region, operation: op)
    }

    /// One bucket sub-resource as XML; on success also kept verbatim in `raw` under its sub-resource name.
    private func xml(_ bucket: String, _ sub: String, _ op: String, _ region: String,
                     _ raw: inout [String: JSONValue]) async -> Result<XMLNode, AWSError> {
        let result = await ctx.attempt { try XMLNode.parse(try await get(bucket, sub, op, region: region)) }
        if case .success(let x) = result { raw[sub] = x.jsonValue }
        return result
    }
}
