/// One grant of an S3 bucket ACL. Only grants to the `AllUsers` (anyone, anonymous included) and
/// `AuthenticatedUsers` (anyone with AWS credentials, any account) groups are evaluated: they are the public ones.
public struct ACLGrant: Sendable, Hashable {
    public static let allUsersURI = "http://acs.amazonaws.com/groups/global/AllUsers"
    public static let authenticatedUsersURI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

    public var granteeURI: String?
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`.
    public var permission: String

    public init(granteeURI: String?, permission: String) {
        self.granteeURI = granteeURI
        self.permission = permission
    }

    public var isPublic: Bool { granteeURI == Self.allUsersURI || granteeURI == Self.authenticatedUsersURI }

    /// The actions a bucket ACL permission allows (S3 User Guide, ACL permissions mapping): READ lists the
    /// bucket, WRITE creates and deletes objects, READ_ACP / WRITE_ACP read and write the ACL.
    public var actions: [String] {
        switch permission {
        case "READ": return ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"]
        case "WRITE": return ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]
        case "READ_ACP": return ["s3:GetBucketAcl"]
        case "WRITE_ACP": return ["s3:PutBucketAcl"]
        case "FULL_CONTROL":
            return ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads", "s3:PutObject",
                    "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetBucketAcl", "s3:PutBucketAcl"]
        default: return []
        }
    }
}

extension EffectiveAccess {
    /// Bucket ACL grants that apply: public group grants covering the action, unless IgnorePublicAcls holds.
    static func aclHits(_ r: ResourceSide, _ p: PrincipalPolicies, action: String) -> [StatementHit] {
        guard !r.ignorePublicAcls else { return [] }
        var out: [StatementHit] = []
        for (i, g) in r.aclGrants.enumerated() where g.isPublic {
            if g.granteeURI == ACLGrant.authenticatedUsersURI && p.kind == .anonymous { continue }
            guard g.actions.contains(where: { $0.lowercased() == action.lowercased() }) else { continue }
            let who = g.granteeURI == ACLGrant.allUsersURI ? "AllUsers" : "AuthenticatedUsers"
            out.append(StatementHit(ref: StatementRef(source: "\(r.arn)#acl", policyName: "bucket ACL", index: i,
                                                      sid: "\(who) \(g.permission)", effect: .allow),
                                    match: .everyone, open: []))
        }
        return out
    }

    /// Statement indexes of a bucket policy that S3 ignores: with RestrictPublicBuckets, a public policy's public
    /// statements grant nothing (and cross-account access to the bucket is blocked, see `decide`).
    static func neutralised(_ r: ResourceSide) -> Set<Int> {
        guard case .s3(restrictPublicBuckets: true) = r.rules, let doc = r.policy?.document else { return [] }
        let publicOnes = Set(PolicyEvaluator.publicStatements(doc))
        return Set(doc.statements.indices.filter { publicOnes.contains(doc.statements[$0]) })
    }
}
