import PalisadeModel

/// What the seeded demo estate (Tools/seed/seed_aws.py, scale 1) must yield: planted issues fail their
/// check, hardened resources pass. Keyed by (check id, resource name).
enum DemoEstate {
    static let expected: [(check: String, resource: String, status: FindingStatus)] = [
        ("aws-iam-user-console-mfa", "alice-admin", .fail),
        ("aws-iam-user-console-mfa", "bob-dev", .pass),
        ("aws-iam-user-console-mfa", "ci-bot", .notApplicable),
        ("aws-iam-user-no-admin-policy", "alice-admin", .fail),
        ("aws-iam-user-no-admin-policy", "bob-dev", .pass),
        ("aws-iam-password-policy-min-length", "account-password-policy", .fail),
        ("aws-iam-password-policy-complexity", "account-password-policy", .fail),
        ("aws-iam-password-policy-reuse", "account-password-policy", .fail),
        ("aws-iam-password-policy-exists", "account-password-policy", .pass),
        ("aws-iam-role-trust-any-principal", "wide-open-role", .fail),
        ("aws-iam-role-trust-any-principal", "readonly-role", .pass),
        ("aws-iam-role-trust-any-principal", "web-app-role", .pass),
        ("aws-ec2-sg-ssh-open-internet", "web-open-ssh", .fail),
        ("aws-ec2-sg-ssh-open-internet", "internal-only", .pass),
        ("aws-ec2-sg-rdp-open-internet", "rdp-open-v6", .fail),
        ("aws-ec2-sg-all-traffic-open-internet", "all-open", .fail),
        ("aws-ec2-sg-all-traffic-open-internet", "internal-only", .pass),
        ("aws-s3-bucket-public-acl", "palisade-demo-public-assets", .fail),
        ("aws-s3-bucket-public-acl", "palisade-demo-hardened", .pass),
        ("aws-s3-bucket-public-policy", "palisade-demo-public-assets", .fail),
        ("aws-s3-bucket-public-policy", "palisade-demo-hardened", .pass),
        ("aws-s3-bucket-public-access-block", "palisade-demo-customer-data", .fail),
        ("aws-s3-bucket-public-access-block", "palisade-demo-hardened", .pass),
        ("aws-s3-bucket-default-encryption", "palisade-demo-hardened", .pass),
        ("aws-s3-bucket-versioning", "palisade-demo-customer-data", .fail),
        ("aws-s3-bucket-versioning", "palisade-demo-hardened", .pass),
    ]

    /// Secure score recomputed from findings by the Defender formula, independently of the scoring service.
    static func score(_ findings: [Finding]) -> Double {
        var current = 0.0, max = 0.0
        for control in Control.benchmark {
            let inControl = findings.filter { $0.controlID == control.id }
            let byResource = Dictionary(grouping: inControl, by: \.resourceID)
            var healthy = 0, unhealthy = 0
            for (_, fs) in byResource {
                if fs.contains(where: { $0.status == .fail }) { unhealthy += 1 }
                else if fs.contains(where: { $0.status == .pass }) && !fs.contains(where: { $0.status == .error }) {
                    healthy += 1
                }
            }
            guard healthy + unhealthy > 0 else { continue }
            current += Double(control.maxPoints) * Double(healthy) / Double(healthy + unhealthy)
            max += Double(control.maxPoints)
        }
        return max == 0 ? 0 : current / max * 100
    }
}
