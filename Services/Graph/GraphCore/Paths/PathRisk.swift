import PalisadeModel

/// Risk of an attack path from Defender-style risk factors (docs/graph.md § Attack paths):
///
/// | factor | points |
/// |---|---|
/// | entry: internet exposure, public access, leaked credentials, trust of any principal | 2 |
/// | target: account administration 3 · write sensitive data 2.5 · secret 2 · read sensitive data 2 · key of sensitive data 1.5 · exposed data store 1 (2 when sensitive) |
/// | vulnerabilities: the entry has failing findings of severity high or above | 1 |
/// | conditional: some step hangs on an undecided condition | −1 |
///
/// ≥ 5 critical, ≥ 4 high, ≥ 3 medium, else low. Lateral movement (a step between workloads or identities) is
/// reported as a factor; it does not raise the risk (it is what makes the path a path).
public enum PathRisk {
    public enum TargetKind: UInt8, Sendable {
        case accountAdmin, sensitiveWrite, secret, sensitiveRead, kmsKey, dataStore

        public var name: String {
            switch self {
            case .accountAdmin: return "account_admin"
            case .sensitiveWrite, .sensitiveRead: return "sensitive_data"
            case .secret: return "secret"
            case .kmsKey: return "kms_key"
            case .dataStore: return "data_store"
            }
        }

        public var category: String {
            switch self {
            case .accountAdmin: return "account_takeover"
            case .secret: return "credentials_exposure"
            default: return "data_exposure"
            }
        }
    }

    public struct Score: Sendable, Hashable {
        public var risk: Severity
        public var target: TargetKind
        public var vulnerable: Bool
    }

    public static func score(entry: EntryKind, entryFlags: NodeFlags, targetFlags: NodeFlags, lastKind: EdgeCode,
                             direct: Bool, conditional: Bool) -> Score {
        var points = 2.0
        let target: TargetKind
        let sensitive = targetFlags.contains(.sensitive)
        if targetFlags.contains(.account) {
            target = .accountAdmin; points += 3
        } else if lastKind == .canWrite && sensitive {
            target = .sensitiveWrite; points += 2.5
        } else if targetFlags.contains(.secret) {
            target = .secret; points += 2
        } else if sensitive && (lastKind == .canRead || lastKind == .canGetSecret) {
            target = .sensitiveRead; points += 2
        } else if targetFlags.contains(.protectsSensitive) {
            target = .kmsKey; points += 1.5
        } else {
            target = .dataStore; points += sensitive ? 2 : 1
        }
        // On a one-step path the entry is the target itself; its findings are the target's.
        let vulnerable = !direct && entryFlags.contains(.vulnerable)
        if vulnerable { points += 1 }
        if conditional { points -= 1 }
        let risk: Severity = points >= 5 ? .critical : points >= 4 ? .high : points >= 3 ? .medium : .low
        return Score(risk: risk, target: target, vulnerable: vulnerable)
    }

    /// Fills risk, kinds, factors, title and id of a materialized path.
    static func describe(_ path: inout AttackPath, _ c: CompactPath) {
        guard let entry = entryNode(path), let target = path.nodes.last, let last = path.edges.last else { return }
        var factors: [String]
        switch c.entry {
        case .internetExposed: factors = ["internet_exposure"]
        case .publicAccess: factors = ["public_access"]
        case .leakedCredentials: factors = ["credentials_exposure"]
        case .anyPrincipalTrust: factors = ["any_principal"]
        }
        switch c.risk.target {
        case .accountAdmin: factors.append("privilege")
        case .sensitiveWrite, .sensitiveRead: factors.append("sensitive_data")
        case .dataStore where target.insight(GraphVocabulary.sensitiveData) != nil: factors.append("sensitive_data")
        default: break
        }
        if c.risk.vulnerable { factors.append("vulnerabilities") }
        if c.lateral { factors.append("lateral_movement") }
        if c.conditional { factors.append("conditional") }
        path.risk = c.risk.risk
        path.entryKind = c.entry.name
        path.targetKind = c.risk.target.name
        path.riskCategory = c.entry == .leakedCredentials && c.risk.target != .accountAdmin
            ? "credentials_exposure" : c.risk.target.category
        path.riskFactors = factors
        path.conditional = c.conditional
        path.title = title(path, entry: entry, target: target, targetKind: c.risk.target)
        path.id = "path-" + FNV1a.hex([path.entryKind, entry.id, target.id, last.kind].joined(separator: "\u{1F}"))
    }

    /// The entry is the first real node: the one after `internet` / any principal.
    static func entryNode(_ path: AttackPath) -> GraphNode? {
        guard let first = path.nodes.first else { return nil }
        if first.id == GraphVocabulary.internetID || first.id == GraphVocabulary.anyPrincipalID {
            return path.nodes.count > 1 ? path.nodes[1] : nil
        }
        return first
    }

    static func title(_ path: AttackPath, entry: GraphNode, target: GraphNode, targetKind: TargetKind) -> String {
        let verb: String
        switch (targetKind, path.edges.last?.kind ?? "") {
        case (.accountAdmin, _): verb = "can administer \(target.label)"
        case (_, GraphVocabulary.canWrite): verb = "can write \(describe(target))"
        case (_, GraphVocabulary.canGetSecret): verb = "can read secret \(target.label)"
        case (_, GraphVocabulary.canDecrypt): verb = "can decrypt with \(describe(target))"
        case (_, GraphVocabulary.canRead): verb = "can read \(describe(target))"
        case (_, GraphVocabulary.exposes): verb = "is reachable from the internet"
        default: verb = "reaches \(describe(target))"
        }
        let sensitive = target.insight(GraphVocabulary.sensitiveData) != nil && targetKind != .accountAdmin
            ? " (sensitive data)" : ""
        if path.entryKind == EntryKind.publicAccess.name { return "Anyone \(verb)\(sensitive)" }
        let lead: String
        switch path.entryKind {
        case EntryKind.internetExposed.name:
            let ports = path.edges.first?.ports ?? []
            lead = "Internet-exposed \(describe(entry))" + (ports.isEmpty ? "" : " (\(ports.prefix(4).joined(separator: ", ")))")
        case EntryKind.leakedCredentials.name: lead = "Credentials leaked in \(describe(entry))"
        default: lead = "Any principal assuming \(describe(entry))"
        }
        if path.edges.count == 1 { return "\(lead) \(verb)\(sensitive)" }
        let interior = path.nodes.dropFirst(path.nodes.first?.id == entry.id ? 1 : 2).dropLast()
            .filter { $0.kind.hasPrefix("aws.iam.") }
        let via = interior.isEmpty ? "" : " via " + interior.map(describe).joined(separator: " → ")
        return "\(lead) \(verb)\(sensitive)\(via)"
    }

    static let typeNames: [String: String] = [
        "aws.ec2.instance": "EC2 instance", "aws.s3.bucket": "S3 bucket", "aws.rds.db_instance": "RDS instance",
        "aws.rds.db_cluster": "RDS cluster", "aws.lambda.function": "Lambda function",
        "aws.elbv2.load_balancer": "load balancer", "aws.eks.cluster": "EKS cluster", "aws.iam.role": "role",
        "aws.iam.user": "user", "aws.kms.key": "KMS key", "aws.secretsmanager.secret": "secret",
        "aws.ec2.launch_template": "launch template", "aws.ecs.task_definition": "ECS task definition",
        "aws.dynamodb.table": "DynamoDB table", "aws.ec2.snapshot": "EBS snapshot", "aws.rds.db_snapshot": "RDS snapshot",
    ]

    static func describe(_ n: GraphNode) -> String { "\(typeNames[n.kind] ?? n.kind) \(n.label)" }
}
