import PalisadeIAM
import PalisadeModel

/// Turns the statements behind a decision into edge evidence (docs/graph.md § Fixes): kind
/// `policy_statement` (identity), `resource_policy_statement`, `key_policy_statement`, `trust_statement` or
/// `acl_grant`; source = the managed policy ARN, `<principal>#inline/<name>`, or the resource holding the
/// resource/key/trust policy or ACL (so the benchmark's findings on it line up); fix
/// `policy-statement:<policy source>#<index>`; checks = the benchmark checks that flag that policy.
struct PolicyEvidence {
    /// Managed policy ARN → its document, for the checks.
    var managed: [String: PolicyDocument]
    var awsManaged: Set<String>

    init(_ index: ResourceIndex) {
        var m: [String: PolicyDocument] = [:]
        var a: Set<String> = []
        for p in index.ofType("aws.iam.policy") {
            if let raw = p.properties["document"], let d = try? PolicyDocument(json: raw) { m[p.id] = d }
            if p.properties["awsManaged"]?.boolValue == true || p.id.contains(":iam::aws:policy/") { a.insert(p.id) }
        }
        managed = m
        awsManaged = a
    }

    func evidence(_ ref: StatementRef, action: String, resource: String, side: ResourceSide?,
                  document: PolicyDocument?) -> EdgeEvidence {
        let what = "\(statementLabel(ref)): \(action) on \(resource)"
        if ref.source.hasSuffix("#acl"), let side {
            return EdgeEvidence(kind: "acl_grant", source: side.arn, detail: "bucket ACL grant \(ref.index) (\(ref.sid ?? "")): \(action)",
                                fix: "check:aws-s3-bucket-public-acl:\(side.arn)", checks: ["aws-s3-bucket-public-acl"])
        }
        if let side, ref.source == side.policy?.source {
            var checks: [String] = []
            let isPublic = side.policy.map { p in
                PolicyEvaluator.publicStatements(p.document).contains(p.document.statements[ref.index])
            } ?? false
            let kind: String
            switch side.rules {
            case .kmsKey:
                kind = "key_policy_statement"
                if isPublic { checks.append("aws-kms-key-policy-not-public") }
            case .s3:
                kind = "resource_policy_statement"
                if isPublic { checks.append("aws-s3-bucket-public-policy") }
            default:
                kind = "resource_policy_statement"
            }
            return EdgeEvidence(kind: kind, source: side.arn, detail: what, fix: "policy-statement:\(ref.source)#\(ref.index)",
                                checks: checks)
        }
        if ref.source.hasSuffix("#trust") {
            let role = String(ref.source.dropLast("#trust".count))
            var checks: [String] = []
            if let document, PolicyEvaluator.publicStatements(document).contains(document.statements[ref.index]) {
                checks.append("aws-iam-role-trust-any-principal")
            }
            return EdgeEvidence(kind: "trust_statement", source: role, detail: what,
                                fix: "policy-statement:\(ref.source)#\(ref.index)", checks: checks)
        }
        return EdgeEvidence(kind: "policy_statement", source: ref.source, detail: what,
                            fix: "policy-statement:\(ref.source)#\(ref.index)", checks: identityChecks(ref))
    }

    /// `Statement[2] (Sid ReadData)`.
    func statementLabel(_ ref: StatementRef) -> String {
        "\(ref.policyName) Statement[\(ref.index)]" + (ref.sid.map { " (Sid \($0))" } ?? "")
    }

    /// Customer-managed policies: `aws-iam-policy-no-full-admin` when it grants admin, `aws-iam-policy-no-service-wildcard`
    /// when the statement allows `service:*`.
    func identityChecks(_ ref: StatementRef) -> [String] {
        guard let doc = managed[ref.source], !awsManaged.contains(ref.source) else { return [] }
        var out: [String] = []
        if PolicyEvaluator.grantsAdmin(doc) { out.append("aws-iam-policy-no-full-admin") }
        if ref.index < doc.statements.count, case .only(let actions) = doc.statements[ref.index].actions,
           actions.contains(where: { $0.hasSuffix(":*") && $0 != "*:*" }) {
            out.append("aws-iam-policy-no-service-wildcard")
        }
        return out
    }
}
