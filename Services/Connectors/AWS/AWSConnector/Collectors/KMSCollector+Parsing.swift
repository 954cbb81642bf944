import Foundation
import PalisadeModel

/// Pure readers of KMS `KeyMetadata`.
extension KMSCollector {
    /// Copies the metadata fields; a field AWS always returns but this answer lacks becomes unknown.
    static func metadata(_ m: JSONValue, into bag: inout PropertyBag) {
        let always: [(String, String)] = [("keyManager", "KeyManager"), ("keyState", "KeyState"), ("enabled", "Enabled"),
                                          ("keyUsage", "KeyUsage"), ("origin", "Origin"), ("multiRegion", "MultiRegion")]
        for (key, field) in always {
            if let value = m[field], !value.isNull { bag[key] = value } else {
                bag.unknown[key] = "connector.aws.response.incomplete: kms:DescribeKey has no \(field)"
            }
        }
        // KeySpec replaced CustomerMasterKeySpec (same values); older answers carry only the latter.
        if let spec = m["KeySpec"] ?? m["CustomerMasterKeySpec"] { bag["keySpec"] = spec } else {
            bag.unknown["keySpec"] = "connector.aws.response.incomplete: kms:DescribeKey has no KeySpec"
        }
        bag["description"] = m["Description"] ?? .null
        bag["creationDate"] = isoDate(m["CreationDate"])
        bag["deletionDate"] = isoDate(m["DeletionDate"])
        bag["raw"] = m
    }

    /// Why automatic rotation does not apply to the key, or nil when it does (a customer managed symmetric
    /// encryption key with KMS-generated material). Rules from the KMS developer guide, "Rotating keys".
    static func rotationNotApplicable(_ m: JSONValue) -> String? {
        let manager = m["KeyManager"]?.stringValue
        let spec = (m["KeySpec"] ?? m["CustomerMasterKeySpec"])?.stringValue
        let origin = m["Origin"]?.stringValue
        if manager == "AWS" { return "AWS managed key: AWS rotates it every year and it cannot be configured" }
        if let spec, spec != "SYMMETRIC_DEFAULT" {
            return "automatic rotation is only for symmetric encryption keys (keySpec \(spec))"
        }
        if let origin, origin != "AWS_KMS" {
            return "automatic rotation is not supported for imported or custom key store key material (origin \(origin))"
        }
        return nil
    }

    /// KMS dates are epoch seconds (JSON numbers) → ISO-8601; null when absent.
    static func isoDate(_ v: JSONValue?) -> JSONValue {
        guard let seconds = v?.doubleValue else { return v?.stringValue.map { .string($0) } ?? .null }
        return .string(Date(timeIntervalSince1970: seconds).formatted(.iso8601))
    }
}
