import Foundation
import PalisadeModel

/// Pure parsers from RDS Describe* XML entries to the normalized properties. A boolean AWS always returns but
/// this entry lacks is recorded as unknown, never read as false.
extension RDSCollector {
    static func tags(_ x: XMLNode) -> [String: String] {
        var tags: [String: String] = [:]
        for t in x.at("TagList")?.children("Tag") ?? [] { if let k = t.string("Key") { tags[k] = t.string("Value") ?? "" } }
        return tags
    }

    static func number(_ x: XMLNode, _ path: String) -> JSONValue {
        x.int(path).map { .number(Double($0)) } ?? .null
    }

    /// Names in a list whose entries are `<member>` or a named element (`VpcSecurityGroupMembership`).
    static func strings(_ x: XMLNode, _ list: String, _ item: String? = nil, field: String? = nil) -> JSONValue {
        let entries = item.map { x.at(list)?.children($0) ?? [] } ?? x.list(list)
        return .array(entries.compactMap { e in (field.map { e.string($0) } ?? e.text).map { .string($0) } })
    }

    /// A boolean the Describe response always carries: its value, or an unknown naming what was missing.
    static func flag(_ bag: inout PropertyBag, _ key: String, _ x: XMLNode, _ element: String, _ action: String) {
        if let value = x.bool(element) { bag[key] = .bool(value) } else {
            bag.unknown[key] = "connector.aws.response.incomplete: rds:\(action) has no \(element)"
        }
    }

    /// A boolean AWS returns only where it applies (Multi-AZ DB clusters): null when absent.
    static func optionalFlag(_ x: XMLNode, _ element: String) -> JSONValue {
        x.bool(element).map(JSONValue.bool) ?? .null
    }

    static func instanceProperties(_ i: XMLNode) -> PropertyBag {
        let action = "DescribeDBInstances"
        var bag = PropertyBag()
        bag["dbInstanceIdentifier"] = .optionalString(i.string("DBInstanceIdentifier"))
        bag["engine"] = .optionalString(i.string("Engine"))
        bag["engineVersion"] = .optionalString(i.string("EngineVersion"))
        bag["instanceClass"] = .optionalString(i.string("DBInstanceClass"))
        bag["status"] = .optionalString(i.string("DBInstanceStatus"))
        bag["dbClusterIdentifier"] = .optionalString(i.string("DBClusterIdentifier"))
        bag["endpointAddress"] = .optionalString(i.string("Endpoint/Address"))
        bag["port"] = number(i, "Endpoint/Port")
        bag["vpcId"] = .optionalString(i.string("DBSubnetGroup/VpcId"))
        bag["dbSubnetGroupName"] = .optionalString(i.string("DBSubnetGroup/DBSubnetGroupName"))
        bag["masterUsername"] = .optionalString(i.string("MasterUsername"))
        bag["storageType"] = .optionalString(i.string("StorageType"))
        bag["instanceCreateTime"] = .optionalString(i.string("InstanceCreateTime"))
        flag(&bag, "storageEncrypted", i, "StorageEncrypted", action)
        bag["kmsKeyId"] = .optionalString(i.string("KmsKeyId"))
        flag(&bag, "publiclyAccessible", i, "PubliclyAccessible", action)
        flag(&bag, "multiAZ", i, "MultiAZ", action)
        if let days = i.int("BackupRetentionPeriod") { bag["backupRetentionPeriod"] = .number(Double(days)) } else {
            bag.unknown["backupRetentionPeriod"] = "connector.aws.response.incomplete: rds:\(action) has no BackupRetentionPeriod"
        }
        flag(&bag, "autoMinorVersionUpgrade", i, "AutoMinorVersionUpgrade", action)
        flag(&bag, "deletionProtection", i, "DeletionProtection", action)
        flag(&bag, "iamDatabaseAuthenticationEnabled", i, "IAMDatabaseAuthenticationEnabled", action)
        flag(&bag, "copyTagsToSnapshot", i, "CopyTagsToSnapshot", action)
        flag(&bag, "performanceInsightsEnabled", i, "PerformanceInsightsEnabled", action)
        bag["performanceInsightsKmsKeyId"] = .optionalString(i.string("PerformanceInsightsKMSKeyId"))
        bag["vpcSecurityGroupIds"] = strings(i, "VpcSecurityGroups", "VpcSecurityGroupMembership", field: "VpcSecurityGroupId")
        // AWS leaves the list out when no log type is exported: absent = none.
        bag["enabledCloudwatchLogsExports"] = strings(i, "EnabledCloudwatchLogsExports")
        bag["caCertificateIdentifier"] = .optionalString(i.string("CACertificateIdentifier"))
        bag["certificateValidTill"] = .optionalString(i.string("CertificateDetails/ValidTill"))
        bag["raw"] = i.jsonValue
        return bag
    }

    static func clusterProperties(_ c: XMLNode) -> PropertyBag {
        let action = "DescribeDBClusters"
        var bag = PropertyBag()
        bag["dbClusterIdentifier"] = .optionalString(c.string("DBClusterIdentifier"))
        bag["engine"] = .optionalString(c.string("Engine"))
        bag["engineVersion"] = .optionalString(c.string("EngineVersion"))
        bag["engineMode"] = .optionalString(c.string("EngineMode"))
        bag["status"] = .optionalString(c.string("Status"))
        bag["endpoint"] = .optionalString(c.string("Endpoint"))
        bag["readerEndpoint"] = .optionalString(c.string("ReaderEndpoint"))
        bag["port"] = number(c, "Port")
        bag["masterUsername"] = .optionalString(c.string("MasterUsername"))
        bag["memberInstanceIds"] = strings(c, "DBClusterMembers", "DBClusterMember", field: "DBInstanceIdentifier")
        flag(&bag, "storageEncrypted", c, "StorageEncrypted", action)
        bag["kmsKeyId"] = .optionalString(c.string("KmsKeyId"))
        flag(&bag, "multiAZ", c, "MultiAZ", action)
        if let days = c.int("BackupRetentionPeriod") { bag["backupRetentionPeriod"] = .number(Double(days)) } else {
            bag.unknown["backupRetentionPeriod"] = "connector.aws.response.incomplete: rds:\(action) has no BackupRetentionPeriod"
        }
        flag(&bag, "deletionProtection", c, "DeletionProtection", action)
        flag(&bag, "iamDatabaseAuthenticationEnabled", c, "IAMDatabaseAuthenticationEnabled", action)
        flag(&bag, "copyTagsToSnapshot", c, "CopyTagsToSnapshot", action)
        // Set per instance for Aurora; AWS returns these on the cluster only for Multi-AZ DB clusters (else null).
        bag["publiclyAccessible"] = optionalFlag(c, "PubliclyAccessible")
        bag["autoMinorVersionUpgrade"] = optionalFlag(c, "AutoMinorVersionUpgrade")
        bag["performanceInsightsEnabled"] = optionalFlag(c, "PerformanceInsightsEnabled")
        bag["vpcSecurityGroupIds"] = strings(c, "VpcSecurityGroups", "VpcSecurityGroupMembership", field: "VpcSecurityGroupId")
        bag["enabledCloudwatchLogsExports"] = strings(c, "EnabledCloudwatchLogsExports")
        bag["caCertificateIdentifier"] = .optionalString(c.string("CertificateDetails/CAIdentifier"))
        bag["raw"] = c.jsonValue
        return bag
    }

    static func snapshotProperties(_ s: XMLNode) -> PropertyBag {
        var bag = PropertyBag()
        bag["dbSnapshotIdentifier"] = .optionalString(s.string("DBSnapshotIdentifier"))
        bag["dbInstanceIdentifier"] = .optionalString(s.string("DBInstanceIdentifier"))
        common(&bag, s, encrypted: "Encrypted", action: "DescribeDBSnapshots")
        return bag
    }

    static func clusterSnapshotProperties(_ s: XMLNode) -> PropertyBag {
        var bag = PropertyBag()
        bag["dbClusterSnapshotIdentifier"] = .optionalString(s.string("DBClusterSnapshotIdentifier"))
        bag["dbClusterIdentifier"] = .optionalString(s.string("DBClusterIdentifier"))
        common(&bag, s, encrypted: "StorageEncrypted", action: "DescribeDBClusterSnapshots")
        return bag
    }

    private static func common(_ bag: inout PropertyBag, _ s: XMLNode, encrypted: String, action: String) {
        bag["snapshotType"] = .optionalString(s.string("SnapshotType"))
        bag["engine"] = .optionalString(s.string("Engine"))
        bag["engineVersion"] = .optionalString(s.string("EngineVersion"))
        bag["status"] = .optionalString(s.string("Status"))
        bag["snapshotCreateTime"] = .optionalString(s.string("SnapshotCreateTime"))
        flag(&bag, "encrypted", s, encrypted, action)
        bag["kmsKeyId"] = .optionalString(s.string("KmsKeyId"))
        bag["raw"] = s.jsonValue
    }

    /// The values of the `restore` attribute: account ids allowed to copy/restore the snapshot, `all` = public.
    static func restoreAttribute(_ doc: XMLNode, cluster: Bool) throws -> [String] {
        let kind = cluster ? "DBClusterSnapshot" : "DBSnapshot"
        let action = cluster ? "DescribeDBClusterSnapshotAttributes" : "DescribeDBSnapshotAttributes"
        let result = doc.child("\(action)Result")?.child("\(kind)AttributesResult") ?? doc.first("\(kind)AttributesResult")
        guard let attributes = result?.child("\(kind)Attributes") else {
            throw AWSError(code: "connector.aws.response.invalid", message: "no \(kind)Attributes",
                           operation: "rds:\(action)")
        }
        let restore = attributes.children("\(kind)Attribute").first { $0.string("AttributeName") == "restore" }
        return restore?.at("AttributeValues")?.children("AttributeValue").map(\.text) ?? []
    }
}
