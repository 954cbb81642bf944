import PalisadeModel

/// Insights that come from a resource's own configuration or from its failing findings.
enum NodeInsights {
    /// Tag keys whose value marks data as sensitive, and the values that do (case-insensitive).
    static let classificationTags = ["data-classification", "dataclassification", "classification", "data_classification",
                                     "sensitivity", "data-sensitivity"]
    static let sensitiveValues: Set<String> = ["confidential", "restricted", "sensitive", "secret", "pii", "phi",
                                               "pci", "high", "critical", "internal-confidential"]
    static let publicValues: Set<String> = ["public", "none", "low", "unclassified"]
    /// Name fragments that mark a data store as holding sensitive data when it carries no classification tag.
    static let sensitiveNameParts = ["pii", "phi", "customer", "payment", "card", "ssn", "secret", "confidential",
                                     "credential", "payroll", "medical", "sensitive", "backup"]
    static let dataStoreTypes: Set<String> = ["aws.s3.bucket", "aws.rds.db_instance", "aws.rds.db_cluster",
                                              "aws.dynamodb.table", "aws.efs.file_system", "aws.rds.db_snapshot",
                                              "aws.rds.db_cluster_snapshot", "aws.ec2.snapshot"]

    static func resourceInsights(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        for r in index.all {
            if let why = sensitivity(r) {
                g.addInsight(r.id, NodeInsight(kind: GraphVocabulary.sensitiveData, detail: why))
            } else if dataStoreTypes.contains(r.type), let reason = r.unknown["tags"] {
                // Unknown is not "not sensitive": say that the classification could not be read.
                g.problem(r.id, "tags", "tags could not be read (\(reason)): whether it holds sensitive data is "
                          + "decided by its name only; grant the scanner the read permission for tags")
            }
            if r.type == "aws.secretsmanager.secret" {
                g.addInsight(r.id, NodeInsight(kind: GraphVocabulary.holdsSecrets, detail: "Secrets Manager secret"))
            }
            if r.type == "aws.iam.user", r.properties["passwordEnabled"]?.boolValue == true,
               (r.properties["mfaDevices"]?.arrayValue ?? []).isEmpty, r.properties["mfaDevices"] != nil {
                g.addInsight(r.id, NodeInsight(kind: GraphVocabulary.mfaMissing, detail: "console password without MFA"))
            }
        }
        keyInsights(index, into: &g)
    }

    /// `protects_sensitive_data` on a KMS key that encrypts a sensitive data store or a secret: who can decrypt
    /// with it can read them.
    static func keyInsights(_ index: ResourceIndex, into g: inout GraphAccumulator) {
        var keys: [String: Resource] = [:]
        for k in index.ofType("aws.kms.key") {
            keys[k.id] = k
            if let id = k.properties["keyId"]?.stringValue { keys[id] = k }
        }
        guard !keys.isEmpty else { return }
        for r in index.all where sensitivity(r) != nil || r.type == "aws.secretsmanager.secret" {
            let refs = [r.properties["kmsKeyId"]?.stringValue, r.properties["encryption"]?["kmsKeyId"]?.stringValue]
                .compactMap { $0 }
            for ref in refs {
                let keyID = ref.split(separator: "/").last.map(String.init) ?? ref
                guard let key = keys[ref] ?? keys[keyID] else { continue }
                g.addInsight(key.id, NodeInsight(kind: GraphVocabulary.protectsSensitiveData, detail: "encrypts \(r.name)"))
            }
        }
    }

    /// Why the resource is taken to hold sensitive data, or nil. A classification tag decides both ways; a
    /// data store without one is sensitive when its name says so.
    static func sensitivity(_ r: Resource) -> String? {
        for (key, value) in r.tags.sorted(by: { $0.key < $1.key }) where classificationTags.contains(key.lowercased()) {
            let v = value.lowercased()
            if sensitiveValues.contains(v) { return "tag \(key)=\(value)" }
            if publicValues.contains(v) { return nil }
        }
        guard dataStoreTypes.contains(r.type) else { return nil }
        let name = r.name.lowercased()
        if let part = sensitiveNameParts.first(where: { name.contains($0) }) { return "name contains '\(part)'" }
        return nil
    }

    /// `high_severity_findings` on every resource with a failing finding of severity high or critical.
    static func findingInsights(_ findings: [Finding], into g: inout GraphAccumulator) {
        var byResource: [String: [Finding]] = [:]
        for f in findings where f.status == .fail && f.severity >= .high { byResource[f.resourceID, default: []].append(f) }
        for (id, fs) in byResource.sorted(by: { $0.key < $1.key }) {
            let checks = Set(fs.map(\.checkID)).sorted()
            g.addInsight(id, NodeInsight(kind: GraphVocabulary.highSeverityFindings,
                                         detail: "\(fs.count) failing: " + checks.prefix(5).joined(separator: ", ")
                                             + (checks.count > 5 ? ", …" : "")))
        }
    }
}
