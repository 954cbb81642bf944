import PalisadeModel

/// Risk of an attack path from Defender-style risk factors (docs/graph.md § Risk):
///
/// | factor | points |
/// |---|---|
/// | entry: internet exposure, public access, leaked credentials, trust of any principal | 2 |
/// | target: account administration 3 · write sensitive data 2.5 · secret 2 · read sensitive data 2 · key of sensitive data 1.5 · exposed data store 1 (+1 when sensitive) |
/// | vulnerabilities: the entry has failing findings of severity high or above | 1 |
/// | conditional: some step hangs on an undecided condition | −1 |
///
/// ≥ 5 critical, ≥ 4 high, ≥ 3 medium, else low. Lateral movement (a step between workloads or identities) is
/// reported as a factor; it does not raise the risk (it is what makes the path a path).
enum PathRisk {
    static func assess(_ path: inout AttackPath) {
        guard let entry = entryNode(path), let target = path.nodes.last, let last = path.edges.last else { return }
        var factors: [String] = []
        var points = 0.0
        switch path.entryKind {
        case "internet_exposed": factors.append("internet_exposure")
        case "public_access": factors.append("public_access")
        case "leaked_credentials": factors.append("credentials_exposure")
        default: factors.append("any_principal")
        }
        points += 2
        let sensitive = target.insight(GraphVocabulary.sensitiveData) != nil
        let targetKind: String
        let category: String
        switch (target.kind, last.kind) {
        case (GraphVocabulary.accountKind, _):
            targetKind = "account_admin"; category = "account_takeover"; points += 3; factors.append("privilege")
        case (_, GraphVocabulary.canWrite) where sensitive:
            targetKind = "sensitive_data"; category = "data_exposure"; points += 2.5; factors.append("sensitive_data")
        case (_, _) where target.insight(GraphVocabulary.holdsSecrets) != nil:
            targetKind = "secret"; category = "credentials_exposure"; points += 2
        case (_, GraphVocabulary.canRead) where sensitive, (_, GraphVocabulary.canGetSecret) where sensitive:
            targetKind = "sensitive_data"; category = "data_exposure"; points += 2; factors.append("sensitive_data")
        case (_, _) where target.insight(GraphVocabulary.protectsSensitiveData) != nil:
            targetKind = "kms_key"; category = "data_exposure"; points += 1.5
        default:
            targetKind = "data_store"; category = "data_exposure"; points += sensitive ? 2 : 1
            if sensitive { factors.append("sensitive_data") }
        }
        if entry.insight(GraphVocabulary.highSeverityFindings) != nil {
            points += 1
            factors.append("vulnerabilities")
        }
        let lateral: Set<String> = [GraphVocabulary.canReach, GraphVocabulary.canAssume, GraphVocabulary.canEscalate,
                                    GraphVocabulary.canAuthenticateAs, GraphVocabulary.forwardsTo]
        if path.edges.contains(where: { lateral.contains($0.kind) }) { factors.append("lateral_movement") }
        if path.conditional {
            points -= 1
            factors.append("conditional")
        }
        path.risk = points >= 5 ? .critical : points >= 4 ? .high : points >= 3 ? .medium : .low
        path.targetKind = targetKind
        path.riskCategory = category
        path.riskFactors = factors
        path.title = title(path, entry: entry, target: target, targetKind: targetKind)
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

    static func title(_ path: AttackPath, entry: GraphNode, target: GraphNode, targetKind: String) -> String {
        let lead: String
        switch path.entryKind {
        case "internet_exposed":
            let ports = path.edges.first?.ports ?? []
            lead = "Internet-exposed \(describe(entry))" + (ports.isEmpty ? "" : " (\(ports.prefix(4).joined(separator: ", ")))")
        case "public_access": lead = "Anyone"
        case "leaked_credentials": lead = "Credentials leaked in \(describe(entry))"
        default: lead = "Any principal assuming \(describe(entry))"
        }
        let verb: String
        switch (targetKind, path.edges.last?.kind ?? "") {
        case ("account_admin", _): verb = "can administer \(target.label)"
        case (_, GraphVocabulary.canWrite): verb = "can write \(describe(target))"
        case (_, GraphVocabulary.canGetSecret): verb = "can read secret \(target.label)"
        case (_, GraphVocabulary.canDecrypt): verb = "can decrypt with \(describe(target))"
        case (_, GraphVocabulary.canRead): verb = "can read \(describe(target))"
        case (_, GraphVocabulary.exposes): verb = "is reachable from the internet"
        default: verb = "reaches \(describe(target))"
        }
        if path.entryKind == "public_access" || (path.edges.count == 1 && path.entryKind == "internet_exposed"
                                                  && targetKind == "data_store") {
            return path.entryKind == "public_access" ? "Anyone \(verb)" : "\(lead) \(verb)"
        }
        let interior = path.nodes.dropFirst(path.nodes.first?.id == entry.id ? 1 : 2).dropLast()
            .filter { $0.kind.hasPrefix("aws.iam.") }
        let via = interior.isEmpty ? "" : " via " + interior.map(\.label).joined(separator: " → ")
        let sensitive = target.insight(GraphVocabulary.sensitiveData) != nil && targetKind != "account_admin"
            ? " (sensitive data)" : ""
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

    static func describe(_ n: GraphNode) -> String {
        "\(typeNames[n.kind] ?? n.kind) \(n.label)"
    }
}
