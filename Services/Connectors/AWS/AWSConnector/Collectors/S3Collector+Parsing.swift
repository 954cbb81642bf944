import Foundation
import PalisadeModel

/// Pure parsers from S3 (and S3 Control) XML documents to the normalized bucket properties.
extension S3Collector {
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

    static let publicAccessBlockFlags: KeyValuePairs<String, String> = [
        "blockPublicAcls": "BlockPublicAcls", "ignorePublicAcls": "IgnorePublicAcls",
        "blockPublicPolicy": "BlockPublicPolicy", "restrictPublicBuckets": "RestrictPublicBuckets",
    ]

    /// The four flags of a `PublicAccessBlockConfiguration`; a flag the document leaves out is null, not false.
    static func publicAccessBlock(_ x: XMLNode) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: publicAccessBlockFlags.map { key, element in
            (key, x.bool(element).map(JSONValue.bool) ?? .null)
        }))
    }

    /// `<Tagging><TagSet><Tag><Key/><Value/></Tag>…` → key → value (a tag without a value maps to "").
    static func tags(_ x: XMLNode) -> [String: String] {
        let set = x.name == "TagSet" ? x : (x.at("TagSet") ?? x.child("Tagging")?.at("TagSet"))
        var tags: [String: String] = [:]
        for tag in set?.children("Tag") ?? [] {
            if let key = tag.string("Key"), !key.isEmpty { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    static func encryption(_ x: XMLNode) -> JSONValue {
        guard let d = x.at("Rule/ApplyServerSideEncryptionByDefault") else { return .null }
        return ["algorithm": .optionalString(d.string("SSEAlgorithm")), "kmsKeyId": .optionalString(d.string("KMSMasterKeyID"))]
    }

    /// `<PolicyStatus><IsPublic>`: whether the bucket policy grants public access. A document without it is
    /// rejected (recorded as unknown), never read as false.
    static func policyIsPublic(_ x: XMLNode) throws -> JSONValue {
        let status = x.name == "PolicyStatus" ? x : x.child("PolicyStatus")
        guard let isPublic = status?.bool("IsPublic") else {
            throw AWSError(code: "connector.aws.response.invalid", message: "GetBucketPolicyStatus has no PolicyStatus/IsPublic",
                           operation: "s3:GetBucketPolicyStatus")
        }
        return .bool(isPublic)
    }

    /// `{targetBucket, targetPrefix}`, or null when server access logging is off (no `LoggingEnabled`).
    static func logging(_ x: XMLNode) -> JSONValue {
        guard let on = x.child("LoggingEnabled") else { return .null }
        return ["targetBucket": .optionalString(on.string("TargetBucket")),
                "targetPrefix": .optionalString(on.string("TargetPrefix"))]
    }

    static func days(_ node: XMLNode?, _ path: String) -> JSONValue {
        node?.int(path).map { .number(Double($0)) } ?? .null
    }

    /// `{ruleCount, enabledRuleCount, rules: [...]}` from a lifecycle configuration.
    static func lifecycle(_ x: XMLNode) -> JSONValue {
        let rules: [JSONValue] = x.children("Rule").map { r in
            ["id": .optionalString(r.string("ID")), "status": .optionalString(r.string("Status")),
             "prefix": .optionalString(r.string("Filter/Prefix") ?? r.string("Filter/And/Prefix") ?? r.string("Prefix")),
             "expirationDays": days(r, "Expiration/Days"),
             "noncurrentVersionExpirationDays": days(r, "NoncurrentVersionExpiration/NoncurrentDays"),
             "abortIncompleteMultipartUploadDays": days(r, "AbortIncompleteMultipartUpload/DaysAfterInitiation"),
             "transitions": .array(r.children("Transition").map {
                 ["days": days($0, "Days"), "storageClass": .optionalString($0.string("StorageClass"))]
             })]
        }
        let enabled = rules.filter { $0["status"] == "Enabled" }.count
        return ["ruleCount": .number(Double(rules.count)), "enabledRuleCount": .number(Double(enabled)),
                "rules": .array(rules)]
    }

    /// `{enabled, defaultRetention: {mode, days, years} | null}`.
    static func objectLock(_ x: XMLNode) -> JSONValue {
        let enabled: JSONValue = x.string("ObjectLockEnabled").map { .bool($0 == "Enabled") } ?? .null
        let retention: JSONValue = x.at("Rule/DefaultRetention").map { d in
            ["mode": .optionalString(d.string("Mode")), "days": days(d, "Days"), "years": days(d, "Years")]
        } ?? .null
        return ["enabled": enabled, "defaultRetention": retention]
    }

    /// `{role, rules: [{id, status, priority, destinationBucket, destinationAccount, replicaKmsKeyId}]}`.
    static func replication(_ x: XMLNode) -> JSONValue {
        ["role": .optionalString(x.string("Role")),
         "rules": .array(x.children("Rule").map { r in
             ["id": .optionalString(r.string("ID")), "status": .optionalString(r.string("Status")),
              "priority": days(r, "Priority"),
              "destinationBucket": .optionalString(r.string("Destination/Bucket")),
              "destinationAccount": .optionalString(r.string("Destination/Account")),
              "replicaKmsKeyId": .optionalString(r.string("Destination/EncryptionConfiguration/ReplicaKmsKeyID"))]
         })]
    }

    /// `BucketOwnerEnforced` (ACLs disabled), `BucketOwnerPreferred` or `ObjectWriter`.
    static func objectOwnership(_ x: XMLNode) throws -> JSONValue {
        guard let value = x.string("Rule/ObjectOwnership"), !value.isEmpty else {
            throw AWSError(code: "connector.aws.response.invalid", message: "OwnershipControls has no Rule/ObjectOwnership",
                           operation: "s3:GetBucketOwnershipControls")
        }
        return .string(value)
    }
}
