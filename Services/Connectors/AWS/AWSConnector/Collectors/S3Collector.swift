import Foundation
import PalisadeModel

/// S3 buckets with their ACL, policy, public access block, default encryption and versioning.
public struct S3Collector: AWSCollector {
    public static let service = "s3"
    public static let reach = CollectorReach.global
    public static let resourceTypes = ["aws.s3.bucket"]
    public static let permissions = [
        "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:GetBucketPolicy",
        "s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration", "s3:GetBucketVersioning",
    ]

    let ctx: CollectorContext
    /// The region ListBuckets is sent to.
    let homeRegion: String

    public init(_ ctx: CollectorContext) { self.init(ctx, homeRegion: "us-east-1") }

    public init(_ ctx: CollectorContext, homeRegion: String) {
        self.ctx = ctx
        self.homeRegion = homeRegion
    }

    public func collect(region: String = "global", emit: ResourceEmitter) async -> [ScopeResult] {
        let result = await ctx.attempt {
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
        }
        switch result {
        case .success: return [ScopeResult(service: "s3", region: "global", status: .ok, resourceTypes: ["aws.s3.bucket"])]
        case .failure(let e):
            return [ScopeResult(service: "s3", region: "global", status: .error, reason: e.reason,
                                resourceTypes: ["aws.s3.bucket"])]
        }
    }

    func bucket(_ b: XMLNode) async -> Resource {
        let name = b.string("Name") ?? ""
        var bag = PropertyBag()
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
        bag.set("acl", await ctx.attempt { Self.acl(try XMLNode.parse(try await get(name, "acl", "GetBucketAcl", region: r))) })
        bag.set("policy", await ctx.attempt {
            try JSONValue.policyDocument(String(decoding: try await get(name, "policy", "GetBucketPolicy", region: r),
                                                as: UTF8.self))
        }, absentCodes: ["NoSuchBucketPolicy"])
        bag.set("publicAccessBlock", await ctx.attempt {
            let x = try XMLNode.parse(try await get(name, "publicAccessBlock", "GetPublicAccessBlock", region: r))
            return ["blockPublicAcls": .bool(x.bool("BlockPublicAcls") ?? false),
                    "ignorePublicAcls": .bool(x.bool("IgnorePublicAcls") ?? false),
                    "blockPublicPolicy": .bool(x.bool("BlockPublicPolicy") ?? false),
                    "restrictPublicBuckets": .bool(x.bool("RestrictPublicBuckets") ?? false)]
        }, absentCodes: ["NoSuchPublicAccessBlockConfiguration"])
        bag.set("encryption", await ctx.attempt {
            let x = try XMLNode.parse(try await get(name, "encryption", "GetBucketEncryption", region: r))
            guard let d = x.at("Rule/ApplyServerSideEncryptionByDefault") else { return .null }
            return ["algorithm": .optionalString(d.string("SSEAlgorithm")),
                    "kmsKeyId": .optionalString(d.string("KMSMasterKeyID"))]
        }, absentCodes: ["ServerSideEncryptionConfigurationNotFoundError"])
        switch await ctx.attempt({ try XMLNode.parse(try await get(name, "versioning", "GetBucketVersioning", region: r)) }) {
        case .success(let x):
            bag["versioning"] = .string(x.string("Status").flatMap { $0.isEmpty ? nil : $0 } ?? "Disabled")
            bag["mfaDelete"] = .string(x.string("MfaDelete") == "Enabled" ? "Enabled" : "Disabled")
        case .failure(let e):
            bag.unknown["versioning"] = e.reason
            bag.unknown["mfaDelete"] = e.reason
        }
        return bag.resource(id: "arn:aws:s3:::\(name)", account: ctx.account, region: region, type: "aws.s3.bucket",
                            name: name)
    }

    private func get(_ bucket: String, _ sub: String, _ op: String, region: String) async throws -> Data {
        try await ctx.client.s3Get(bucket: bucket, subresource: sub, region: region, operation: op)
    }

    static func acl(_ x: XMLNode) -> JSONValue {
        let grants: [JSONValue] = x.list("AccessControlList").isEmpty
            ? (x.at("AccessControlList")?.children("Grant") ?? []).map(grant)
            : x.list("AccessControlList").map(grant)
        return ["ownerId": .optionalString(x.string("Owner/ID")), "grants": .array(grants)]
    }

    static func grant(_ g: XMLNode) -> JSONValue {
        let grantee = g.child("Grantee")
        let type = grantee?.attributes["xsi:type"] ?? grantee?.attributes["type"]
            ?? (grantee?.string("URI") != nil ? "Group" : "CanonicalUser")
        return ["granteeType": .string(type), "granteeId": .optionalString(grantee?.string("ID")),
                "granteeUri": .optionalString(grantee?.string("URI")), "permission": .optionalString(g.string("Permission"))]
    }
}
