import PalisadeIAM
import PalisadeModel

/// The resources permission edges end at, each with the request that decides each edge kind and how AWS treats
/// its resource policy (docs/graph.md § Effective permissions):
///
/// | type | edge | action on resource |
/// |---|---|---|
/// | `aws.s3.bucket` | `can_read` | `s3:GetObject` on `arn:aws:s3:::<b>/*`, or `s3:ListBucket` on the bucket |
/// | `aws.s3.bucket` | `can_write` | `s3:PutObject` or `s3:DeleteObject` on `arn:aws:s3:::<b>/*` |
/// | `aws.dynamodb.table` | `can_read` / `can_write` | `dynamodb:GetItem`/`Query`/`Scan` / `PutItem`/`UpdateItem`/`DeleteItem` |
/// | `aws.rds.db_instance`, `aws.rds.db_cluster` | `can_read` | `rds-db:connect` on `arn:aws:rds-db:<r>:<a>:dbuser:<DbiResourceId>/*`, only with IAM database authentication on |
/// | `aws.kms.key` | `can_decrypt` | `kms:Decrypt` on the key (key-policy rules) |
/// | `aws.secretsmanager.secret` | `can_get_secret` | `secretsmanager:GetSecretValue` |
struct PermissionTarget {
    struct Check {
        var edge: String
        var action: String
        var resource: String
    }
    var resource: Resource
    var side: ResourceSide
    var checks: [Check]
    /// ARNs the checks ask about (for the candidate index).
    var arns: [String] { Array(Set(checks.map(\.resource))).sorted() }

    static func all(_ index: ResourceIndex, into g: inout GraphAccumulator) -> [PermissionTarget] {
        let account = index.ofType("aws.s3.account_public_access_block").first?.properties
        var out: [PermissionTarget] = []
        for r in index.ofType("aws.s3.bucket") {
            let name = r.properties["name"]?.stringValue ?? r.name
            let bucket = "arn:aws:s3:::\(name)", objects = "arn:aws:s3:::\(name)/*"
            let pab = r.properties["publicAccessBlock"]
            func flag(_ k: String) -> Bool { pab?[k]?.boolValue == true || account?[k]?.boolValue == true }
            let grants = (r.properties["acl"]?["grants"]?.arrayValue ?? []).map {
                ACLGrant(granteeURI: $0["granteeUri"]?.stringValue, permission: $0["permission"]?.stringValue ?? "")
            }
            // ACLs disabled (BucketOwnerEnforced): S3 ignores every ACL.
            let aclsOff = r.properties["objectOwnership"]?.stringValue == "BucketOwnerEnforced"
            var side = side(r, key: "policy", rules: .s3(restrictPublicBuckets: flag("restrictPublicBuckets")), into: &g)
            side.aclGrants = aclsOff ? [] : grants
            side.ignorePublicAcls = flag("ignorePublicAcls")
            out.append(PermissionTarget(resource: r, side: side, checks: [
                Check(edge: GraphVocabulary.canRead, action: "s3:GetObject", resource: objects),
                Check(edge: GraphVocabulary.canRead, action: "s3:ListBucket", resource: bucket),
                Check(edge: GraphVocabulary.canWrite, action: "s3:PutObject", resource: objects),
                Check(edge: GraphVocabulary.canWrite, action: "s3:DeleteObject", resource: objects),
            ]))
        }
        for r in index.ofType("aws.dynamodb.table") {
            out.append(PermissionTarget(resource: r, side: side(r, key: "policy", rules: .standard, into: &g), checks:
                ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"].map { Check(edge: GraphVocabulary.canRead, action: $0, resource: r.id) }
                + ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"].map {
                    Check(edge: GraphVocabulary.canWrite, action: $0, resource: r.id) }))
        }
        for r in index.ofType("aws.rds.db_instance") + index.ofType("aws.rds.db_cluster")
        where r.properties["iamDatabaseAuthenticationEnabled"]?.boolValue == true {
            guard let dbi = r.properties["raw"]?["DbiResourceId"]?.stringValue
                ?? r.properties["raw"]?["DbClusterResourceId"]?.stringValue else { continue }
            out.append(PermissionTarget(
                resource: r, side: ResourceSide(arn: r.id, account: r.account, rules: .identityOnly),
                checks: [Check(edge: GraphVocabulary.canRead, action: "rds-db:connect",
                               resource: "arn:aws:rds-db:\(r.region):\(r.account):dbuser:\(dbi)/*")]))
        }
        for r in index.ofType("aws.kms.key") {
            out.append(PermissionTarget(resource: r, side: side(r, key: "policy", rules: .kmsKey, into: &g),
                                        checks: [Check(edge: GraphVocabulary.canDecrypt, action: "kms:Decrypt", resource: r.id)]))
        }
        for r in index.ofType("aws.secretsmanager.secret") {
            out.append(PermissionTarget(resource: r, side: side(r, key: "policy", rules: .standard, into: &g),
                                        checks: [Check(edge: GraphVocabulary.canGetSecret,
                                                       action: "secretsmanager:GetSecretValue", resource: r.id)]))
        }
        return out
    }

    /// The resource side with its policy; a policy that does not parse or was not collected is recorded.
    static func side(_ r: Resource, key: String, rules: ResourceSide.Rules, into g: inout GraphAccumulator) -> ResourceSide {
        var side = ResourceSide(arn: r.id, account: r.account, rules: rules)
        if let raw = r.properties[key], !raw.isNull {
            do {
                side.policy = SourcedPolicy(source: "\(r.id)#resource-policy", name: "\(r.name) policy",
                                            document: try PolicyDocument(json: raw))
            } catch {
                g.problem(r.id, "resource policy", "\(error)")
                side.policyUnknown = "the resource policy does not parse"
            }
        } else if let why = r.unknown[key] {
            side.policyUnknown = "the resource policy was not collected (\(why))"
        }
        return side
    }
}
