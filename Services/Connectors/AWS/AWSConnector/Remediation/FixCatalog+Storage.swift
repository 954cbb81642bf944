import Foundation
import PalisadeModel
import PalisadeProtocol

/// S3 fixes. Each records the sub-resource's raw configuration (or that there was none), so `undo` puts back the
/// exact document or deletes the one the fix created.
extension FixCatalog {
    static let storage: [FixDefinition] = [
        bucketPublicAccessBlock, bucketDefaultEncryption, bucketVersioning, bucketSSLOnly, bucketOwnershipEnforced,
        bucketPrivateACL, accountPublicAccessBlock,
    ]

    /// Restores a bucket sub-resource: the recorded document again, or a DELETE when there was none.
    static func restore(_ t: FixTarget, _ previous: JSONValue?, sub: String, put: String, delete: String,
                        cliPut: String, cliDelete: String) -> [FixAPICall] {
        if let text = previous?.stringValue {
            return [.s3(put, method: "PUT", bucket: t.name, subresource: sub, region: t.apiRegion, body: text,
                        title: "Restore the bucket's previous \(sub) configuration",
                        cli: "aws s3api \(cliPut) --bucket \(t.name) (previous document)")]
        }
        return [.s3(delete, method: "DELETE", bucket: t.name, subresource: sub, region: t.apiRegion,
                    title: "Remove the \(sub) configuration the fix added",
                    cli: "aws s3api \(cliDelete) --bucket \(t.name)")]
    }

    static let bucketPublicAccessBlock = FixDefinition(
        id: "s3.bucket.public-access-block", checks: ["aws-s3-bucket-public-access-block"],
        summary: "Turn on all four S3 Block Public Access settings for the bucket",
        read: { c, t in
            ["publicAccessBlock": try await S3Config.read(c, bucket: t.name, "publicAccessBlock", region: t.apiRegion,
                                                          operation: "GetPublicAccessBlock",
                                                          absent: ["NoSuchPublicAccessBlockConfiguration"])]
        },
        apply: { t, p in
            if try S3Config.blocksAll(p["publicAccessBlock"]) { return [] }
            return [.s3("PutPublicAccessBlock", method: "PUT", bucket: t.name, subresource: "publicAccessBlock",
                        region: t.apiRegion, body: S3Config.blockAllXML,
                        title: "Block public ACLs and policies on bucket \(t.name)",
                        cli: "aws s3api put-public-access-block --bucket \(t.name) --public-access-block-configuration "
                            + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")]
        },
        undo: { t, p in
            restore(t, p["publicAccessBlock"], sub: "publicAccessBlock", put: "PutPublicAccessBlock",
                    delete: "DeletePublicAccessBlock", cliPut: "put-public-access-block",
                    cliDelete: "delete-public-access-block")
        })

    static let bucketDefaultEncryption = FixDefinition(
        id: "s3.bucket.default-encryption", checks: ["aws-s3-bucket-default-encryption"],
        summary: "Encrypt new objects by default with SSE-S3 (AES-256)",
        read: { c, t in
            ["encryption": try await S3Config.read(c, bucket: t.name, "encryption", region: t.apiRegion,
                                                   operation: "GetBucketEncryption",
                                                   absent: ["ServerSideEncryptionConfigurationNotFoundError"])]
        },
        apply: { t, p in
            if p["encryption"]?.stringValue != nil { return [] }
            let xml = "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"
            return [.s3("PutBucketEncryption", method: "PUT", bucket: t.name, subresource: "encryption",
                        region: t.apiRegion, body: xml, title: "Set default encryption SSE-S3 on bucket \(t.name)",
                        cli: "aws s3api put-bucket-encryption --bucket \(t.name) --server-side-encryption-configuration "
                            + CLIQuote.arg(#"{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}"#))]
        },
        undo: { t, p in
            restore(t, p["encryption"], sub: "encryption", put: "PutBucketEncryption", delete: "DeleteBucketEncryption",
                    cliPut: "put-bucket-encryption", cliDelete: "delete-bucket-encryption")
        })

    static func versioningXML(_ status: String) -> String {
        "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>\(status)</Status>"
            + "</VersioningConfiguration>"
    }

    /// A bucket's versioning can be suspended but never returned to "never enabled": undo suspends it.
    static let bucketVersioning = FixDefinition(
        id: "s3.bucket.versioning", checks: ["aws-s3-bucket-versioning"],
        summary: "Enable versioning (undo suspends it: S3 cannot return a bucket to never-versioned)",
        read: { c, t in
            let raw = try await S3Config.read(c, bucket: t.name, "versioning", region: t.apiRegion,
                                              operation: "GetBucketVersioning", absent: [])
            let status = try raw.stringValue.flatMap { try XMLNode.parse(Data($0.utf8)).string("Status") } ?? ""
            return ["status": .string(status.isEmpty ? "Disabled" : status)]
        },
        apply: { t, p in
            if p["status"]?.stringValue == "Enabled" { return [] }
            return [.s3("PutBucketVersioning", method: "PUT", bucket: t.name, subresource: "versioning",
                        region: t.apiRegion, body: versioningXML("Enabled"), title: "Enable versioning on bucket \(t.name)",
                        cli: "aws s3api put-bucket-versioning --bucket \(t.name) --versioning-configuration Status=Enabled")]
        },
        undo: { t, p in
            if p["status"]?.stringValue == "Enabled" { return [] }
            return [.s3("PutBucketVersioning", method: "PUT", bucket: t.name, subresource: "versioning",
                        region: t.apiRegion, body: versioningXML("Suspended"),
                        title: "Suspend versioning on bucket \(t.name) (it was \(p["status"]?.stringValue ?? "Disabled"))",
                        cli: "aws s3api put-bucket-versioning --bucket \(t.name) --versioning-configuration Status=Suspended")]
        })

    static let sslOnlySid = "PalisadeDenyInsecureTransport"

    /// The bucket policy with a statement denying every request not sent over TLS added (the rest kept as is).
    static func policyDenyingInsecureTransport(_ existing: String?, bucket: String) throws -> String {
        var policy: [String: JSONValue] = ["Version": "2012-10-17"]
        var statements: [JSONValue] = []
        if let existing {
            guard case .object(let o) = try JSONValue.parse(existing) else {
                throw FixRefusal("the bucket policy is not a JSON object")
            }
            policy = o
            switch o["Statement"] {
            case .array(let a)?: statements = a
            case .object(let s)?: statements = [.object(s)]
            default: break
            }
        }
        if statements.contains(where: { $0["Sid"]?.stringValue == sslOnlySid }) { return existing ?? "" }
        statements.append([
            "Sid": .string(sslOnlySid), "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [.string("arn:aws:s3:::\(bucket)"), .string("arn:aws:s3:::\(bucket)/*")],
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
        ])
        policy["Statement"] = .array(statements)
        return String(decoding: JSONValue.object(policy).canonicalData(), as: UTF8.self)
    }

    static let bucketSSLOnly = FixDefinition(
        id: "s3.bucket.ssl-only", checks: ["aws-s3-bucket-ssl-only"],
        summary: "Add a bucket policy statement that denies requests not made over TLS",
        read: { c, t in
            ["policy": try await S3Config.read(c, bucket: t.name, "policy", region: t.apiRegion,
                                               operation: "GetBucketPolicy", absent: ["NoSuchBucketPolicy"])]
        },
        apply: { t, p in
            let existing = p["policy"]?.stringValue
            let policy = try policyDenyingInsecureTransport(existing, bucket: t.name)
            if policy == existing { return [] }
            return [.s3("PutBucketPolicy", method: "PUT", bucket: t.name, subresource: "policy", region: t.apiRegion,
                        body: policy, title: "Deny non-TLS requests to bucket \(t.name) (statement \(sslOnlySid))",
                        cli: "aws s3api put-bucket-policy --bucket \(t.name) --policy \(CLIQuote.arg(policy))")]
        },
        undo: { t, p in
            restore(t, p["policy"], sub: "policy", put: "PutBucketPolicy", delete: "DeleteBucketPolicy",
                    cliPut: "put-bucket-policy", cliDelete: "delete-bucket-policy")
        })

    static let bucketOwnershipEnforced = FixDefinition(
        id: "s3.bucket.acls-disabled", checks: ["aws-s3-bucket-acls-disabled"],
        summary: "Set Object Ownership to BucketOwnerEnforced (ACLs no longer grant access)",
        read: { c, t in
            ["ownershipControls": try await S3Config.read(c, bucket: t.name, "ownershipControls", region: t.apiRegion,
                                                          operation: "GetBucketOwnershipControls",
                                                          absent: ["OwnershipControlsNotFoundError"])]
        },
        apply: { t, p in
            if let text = p["ownershipControls"]?.stringValue,
               try XMLNode.parse(Data(text.utf8)).string("Rule/ObjectOwnership") == "BucketOwnerEnforced" { return [] }
            let xml = "<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
                + "<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>"
            return [.s3("PutBucketOwnershipControls", method: "PUT", bucket: t.name, subresource: "ownershipControls",
                        region: t.apiRegion, body: xml, title: "Disable ACLs on bucket \(t.name)",
                        cli: "aws s3api put-bucket-ownership-controls --bucket \(t.name) --ownership-controls "
                            + "Rules=[{ObjectOwnership=BucketOwnerEnforced}]")]
        },
        undo: { t, p in
            restore(t, p["ownershipControls"], sub: "ownershipControls", put: "PutBucketOwnershipControls",
                    delete: "DeleteBucketOwnershipControls", cliPut: "put-bucket-ownership-controls",
                    cliDelete: "delete-bucket-ownership-controls")
        })

    static let publicGroups = ["http://acs.amazonaws.com/groups/global/AllUsers",
                               "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"]

    /// Replaces the bucket ACL with the canned `private` one (the owner's full control) when it grants anything to
    /// everyone or to every AWS account.
    static let bucketPrivateACL = FixDefinition(
        id: "s3.bucket.private-acl", checks: ["aws-s3-bucket-public-acl"],
        summary: "Replace a public bucket ACL with the owner-only (private) ACL",
        read: { c, t in
            ["acl": try await S3Config.read(c, bucket: t.name, "acl", region: t.apiRegion, operation: "GetBucketAcl",
                                            absent: [])]
        },
        apply: { t, p in
            guard let text = p["acl"]?.stringValue else { throw FixRefusal("the bucket ACL could not be read") }
            let doc = try XMLNode.parse(Data(text.utf8))
            let grants = doc.at("AccessControlList")?.children("Grant") ?? []
            guard grants.contains(where: { publicGroups.contains($0.string("Grantee/URI") ?? "") }) else { return [] }
            guard let owner = doc.string("Owner/ID"), !owner.isEmpty else {
                throw FixRefusal("the bucket ACL names no owner")
            }
            let xml = "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>"
                + XMLText.escape(owner) + "</ID></Owner><AccessControlList><Grant>"
                + "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>"
                + XMLText.escape(owner) + "</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>"
                + "</AccessControlList></AccessControlPolicy>"
            return [.s3("PutBucketAcl", method: "PUT", bucket: t.name, subresource: "acl", region: t.apiRegion,
                        body: xml, title: "Make bucket \(t.name)'s ACL private (owner full control only)",
                        cli: "aws s3api put-bucket-acl --bucket \(t.name) --acl private")]
        },
        undo: { t, p in
            guard let text = p["acl"]?.stringValue else { return [] }
            return [.s3("PutBucketAcl", method: "PUT", bucket: t.name, subresource: "acl", region: t.apiRegion,
                        body: text, title: "Restore bucket \(t.name)'s previous ACL",
                        cli: "aws s3api put-bucket-acl --bucket \(t.name) --access-control-policy (previous document)")]
        })

    static let accountPublicAccessBlock = FixDefinition(
        id: "s3.account.public-access-block", checks: ["aws-s3-account-public-access-block"],
        summary: "Turn on all four S3 Block Public Access settings for the whole account",
        read: { c, t in
            ["publicAccessBlock": try await S3Config.readAccountBlock(c, account: t.account, region: t.apiRegion)]
        },
        apply: { t, p in
            if try S3Config.blocksAll(p["publicAccessBlock"]) { return [] }
            return [.s3Control("PutPublicAccessBlock", method: "PUT", account: t.account,
                               path: "/v20180820/configuration/publicAccessBlock", region: t.apiRegion,
                               body: S3Config.blockAllXML, title: "Block public access to S3 account-wide",
                               cli: "aws s3control put-public-access-block --account-id \(t.account) "
                                   + "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
                                   + "BlockPublicPolicy=true,RestrictPublicBuckets=true")]
        },
        undo: { t, p in
            if let text = p["publicAccessBlock"]?.stringValue {
                return [.s3Control("PutPublicAccessBlock", method: "PUT", account: t.account,
                                   path: "/v20180820/configuration/publicAccessBlock", region: t.apiRegion, body: text,
                                   title: "Restore the account's previous S3 public access block",
                                   cli: "aws s3control put-public-access-block --account-id \(t.account) (previous settings)")]
            }
            return [.s3Control("DeletePublicAccessBlock", method: "DELETE", account: t.account,
                               path: "/v20180820/configuration/publicAccessBlock", region: t.apiRegion,
                               title: "Remove the account-wide S3 public access block the fix added",
                               cli: "aws s3control delete-public-access-block --account-id \(t.account)")]
        })
}
