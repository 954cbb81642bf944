/// How the graph model's kinds appear in queries (docs/explorer.md § Labels): a node kind becomes a label,
/// an edge kind a relationship type, an insight a property.
///
/// Labels: `aws.<service>.<type>` → PascalCase of service and type (`aws.ec2.instance` → `Ec2Instance`,
/// `aws.rds.db_instance` → `RdsDbInstance`); other providers keep theirs (`azure.compute.vm` → `AzureComputeVm`);
/// the synthetic nodes have short names (`Internet`, `Account`, `AnyPrincipal`, …). The rule is mechanical so a
/// reader can derive every label from `docs/graph.md`; the raw kind also works quoted: ``(n:`aws.ec2.instance`)``.
/// Category labels group kinds: `Principal`, `DataStore`, `Compute`.
/// Relationship types: the edge kind upper-cased (`can_read` → `CAN_READ`); the raw kind works quoted too.
public enum ExplorerVocabulary {
    static let synthetic: [String: String] = [
        GraphVocabulary.internetKind: "Internet",
        GraphVocabulary.accountKind: "Account",
        GraphVocabulary.anyPrincipalKind: "AnyPrincipal",
        GraphVocabulary.servicePrincipalKind: "ServicePrincipal",
        GraphVocabulary.externalAccountKind: "ExternalAccount",
    ]

    /// Kinds the graph knows even when a given account has none of them (so a label for them is not a typo).
    static let knownKinds: [String] = [
        "aws.dynamodb.table", "aws.ec2.elastic_ip", "aws.ec2.instance", "aws.ec2.internet_gateway",
        "aws.ec2.launch_template", "aws.ec2.network_acl", "aws.ec2.network_interface", "aws.ec2.route_table",
        "aws.ec2.security_group", "aws.ec2.snapshot", "aws.ec2.subnet", "aws.ec2.vpc", "aws.ec2.flow_log",
        "aws.ecs.cluster", "aws.ecs.task_definition", "aws.efs.file_system", "aws.eks.cluster",
        "aws.elbv2.load_balancer", "aws.iam.group", "aws.iam.policy", "aws.iam.role", "aws.iam.user",
        "aws.iam.instance_profile", "aws.iam.root_user", "aws.kms.key", "aws.lambda.function",
        "aws.organizations.account", "aws.organizations.organization", "aws.organizations.policy",
        "aws.rds.db_cluster", "aws.rds.db_cluster_snapshot", "aws.rds.db_instance", "aws.rds.db_snapshot",
        "aws.s3.bucket", "aws.secretsmanager.secret", "aws.sns.topic", "aws.sqs.queue", "aws.cloudwatch.alarm",
        "aws.route53.hosted_zone", "aws.route53.record_set",
    ] + synthetic.keys.sorted()

    public static let principalKinds: Set<String> = ["aws.iam.user", "aws.iam.role"]
    public static let computeKinds: Set<String> = ["aws.ec2.instance", "aws.lambda.function", "aws.ecs.task_definition",
                                                   "aws.eks.cluster", "aws.ec2.launch_template"]
    public static let categories = ["Principal", "DataStore", "Compute"]

    /// The label of a node kind.
    public static func label(kind: String) -> String {
        if let s = synthetic[kind] { return s }
        var parts = kind.split(separator: ".").map(String.init)
        if parts.count > 1, parts[0] == "aws" { parts.removeFirst() }
        return parts.flatMap { $0.split(whereSeparator: { $0 == "_" || $0 == "-" }) }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Every label a node of this kind carries: its kind's label, then its categories.
    static func labels(kind: String) -> [String] {
        var out = [label(kind: kind)]
        if principalKinds.contains(kind) { out.append("Principal") }
        if NodeInsights.dataStoreTypes.contains(kind) { out.append("DataStore") }
        if computeKinds.contains(kind) { out.append("Compute") }
        return out
    }

    // MARK: relationship types

    /// Edge kinds of the model (docs/graph.md § Edges) plus `encrypts`, which the explorer derives.
    static let edgeKinds: [String] = [
        GraphVocabulary.routesTo, GraphVocabulary.contains, GraphVocabulary.attachedTo, GraphVocabulary.protects,
        GraphVocabulary.exposes, GraphVocabulary.canReach, GraphVocabulary.forwardsTo, GraphVocabulary.hasRole,
        GraphVocabulary.canAssume, GraphVocabulary.canPass, GraphVocabulary.memberOf,
        GraphVocabulary.canAuthenticateAs, GraphVocabulary.canRead, GraphVocabulary.canWrite,
        GraphVocabulary.canDecrypt, GraphVocabulary.canGetSecret, GraphVocabulary.administers,
        GraphVocabulary.canEscalate, encrypts,
    ]
    /// KMS key → the sensitive data store or secret it encrypts (from the key's `protects_sensitive_data` insight).
    public static let encrypts = "encrypts"

    public static func type(kind: String) -> String { kind.uppercased() }

    // MARK: properties from insights

    /// Insight kind → the boolean property that says it holds (docs/graph.md § Insights).
    static let insightProperties: [(insight: String, property: String)] = [
        (GraphVocabulary.internetExposed, "internetExposed"),
        (GraphVocabulary.publicAccess, "publicAccess"),
        (GraphVocabulary.sensitiveData, "sensitive"),
        (GraphVocabulary.holdsSecrets, "holdsSecrets"),
        (GraphVocabulary.protectsSensitiveData, "protectsSensitiveData"),
        (GraphVocabulary.admin, "admin"),
        (GraphVocabulary.mfaMissing, "mfaMissing"),
        (GraphVocabulary.highSeverityFindings, "highSeverityFindings"),
        (GraphVocabulary.leakedCredentials, "leakedCredentials"),
    ]

    /// The nearest of `candidates` to `word` by edit distance (case-insensitive), when it is close enough to be
    /// a plausible typo.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        guard let best, best.1 <= max(2, w.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
