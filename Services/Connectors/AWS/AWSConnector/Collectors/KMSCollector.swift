import Foundation
import PalisadeModel

/// KMS keys of one region, customer- and AWS-managed alike: metadata, aliases, rotation and key policy.
public struct KMSCollector: AWSCollector {
    public static let service = "kms"
    public static let reach = CollectorReach.regional
    public static let resourceTypes = ["aws.kms.key"]
    public static let permissions = [
        "kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy",
        "kms:ListResourceTags",
    ]
    /// Fields of DescribeKey's `KeyMetadata` that become properties (unknown together when DescribeKey fails).
    static let metadataKeys = ["description", "keyManager", "keyState", "enabled", "keySpec", "keyUsage", "origin",
                               "multiRegion", "creationDate", "deletionDate", "raw"]
    static let rotationKeys = ["rotationEnabled", "rotationApplicable", "rotationNotApplicableReason",
                               "rotationPeriodInDays", "nextRotationDate"]

    let ctx: CollectorContext

    public init(_ ctx: CollectorContext) { self.ctx = ctx }

    public func collect(region: String, emit: ResourceEmitter) async -> [ScopeResult] {
        [
            await ctx.scope(Self.service, region, ["aws.kms.key"]) {
                let aliases = await ctx.attempt { try await list("ListAliases", "Aliases", region) }
                let keys = try await list("ListKeys", "Keys", region)
                await ctx.forEach(keys, emit: emit) { await self.key($0, aliases: aliases, region: region) }
            },
        ]
    }

    /// A KMS list followed through `Marker` → `NextMarker` (present while `Truncated`).
    func list(_ action: String, _ list: String, _ region: String,
              body: [String: JSONValue] = [:]) async throws -> [JSONValue] {
        try await ctx.client.jsonList(service: "kms", region: region, target: "TrentService", action: action, list: list,
                                      body: body, tokenIn: "Marker", tokenOut: "NextMarker")
    }

    func call(_ action: String, _ body: JSONValue, _ region: String) async throws -> JSONValue {
        try await ctx.client.json(service: "kms", region: region, target: "TrentService", action: action, body: body)
    }

    func key(_ k: JSONValue, aliases: Result<[JSONValue], AWSError>, region: String) async -> Resource {
        let keyID = k["KeyId"]?.stringValue ?? ""
        let id: JSONValue = .string(keyID)
        var bag = PropertyBag()
        bag["keyId"] = id
        var names: [String] = []
        switch aliases {
        case .success(let all):
            names = all.filter { $0["TargetKeyId"]?.stringValue == keyID }.compactMap { $0["AliasName"]?.stringValue }.sorted()
            bag["aliases"] = .array(names.map { .string($0) })
        case .failure(let e): bag.unknown["aliases"] = e.reason
        }
        var arn = k["KeyArn"]?.stringValue
        switch await ctx.attempt({ try await call("DescribeKey", ["KeyId": id], region) }) {
        case .success(let d):
            let meta = d["KeyMetadata"] ?? [:]
            arn = arn ?? meta["Arn"]?.stringValue
            Self.metadata(meta, into: &bag)
            if let reason = Self.rotationNotApplicable(meta) {
                bag["rotationApplicable"] = false
                bag["rotationNotApplicableReason"] = .string(reason)
                for key in ["rotationEnabled", "rotationPeriodInDays", "nextRotationDate"] { bag[key] = .null }
            } else if meta["KeyManager"] == nil || meta["KeySpec"] ?? meta["CustomerMasterKeySpec"] == nil {
                for key in Self.rotationKeys { bag.unknown[key] = "connector.aws.response.incomplete: kms:DescribeKey" }
            } else {
                bag["rotationApplicable"] = true
                bag["rotationNotApplicableReason"] = .null
                switch await ctx.attempt({ try await call("GetKeyRotationStatus", ["KeyId": id], region) }) {
                case .success(let r):
                    if let on = r["KeyRotationEnabled"]?.boolValue { bag["rotationEnabled"] = .bool(on) } else {
                        bag.unknown["rotationEnabled"] = "connector.aws.response.incomplete: kms:GetKeyRotationStatus"
                    }
                    bag["rotationPeriodInDays"] = r["RotationPeriodInDays"] ?? .null
                    bag["nextRotationDate"] = Self.isoDate(r["NextRotationDate"])
                case .failure(let e):
                    for key in ["rotationEnabled", "rotationPeriodInDays", "nextRotationDate"] { bag.unknown[key] = e.reason }
                }
            }
        case .failure(let e):
            for key in Self.metadataKeys + Self.rotationKeys { bag.unknown[key] = e.reason }
        }
        bag.set("policy", await ctx.attempt {
            try JSONValue.policyDocument(try await call("GetKeyPolicy", ["KeyId": id, "PolicyName": "default"], region)["Policy"]?
                .stringValue)
        })
        var tags: [String: String] = [:]
        switch await ctx.attempt({ try await list("ListResourceTags", "Tags", region, body: ["KeyId": id]) }) {
        case .success(let list):
            for t in list { if let key = t["TagKey"]?.stringValue { tags[key] = t["TagValue"]?.stringValue ?? "" } }
        case .failure(let e): bag.unknown["tags"] = e.reason
        }
        return bag.resource(id: arn ?? "arn:aws:kms:\(region):\(ctx.account):key/\(keyID)", account: ctx.account,
                            region: region, type: "aws.kms.key", name: names.first ?? keyID, tags: tags)
    }
}
