import Foundation
import PalisadeModel
import PalisadeProtocol

/// IAM account password policy, KMS key rotation and CloudTrail log validation fixes.
extension FixCatalog {
    static let identity: [FixDefinition] = [
        passwordPolicyFix(id: "iam.password-policy.baseline", check: "aws-iam-password-policy-exists",
                          summary: "Create an account password policy (length 14, reuse 24, all character classes)") { _ in },
        passwordPolicyFix(id: "iam.password-policy.min-length", check: "aws-iam-password-policy-min-length",
                          summary: "Raise the minimum password length to 14") {
            $0.minimumLength = max($0.minimumLength, 14)
        },
        passwordPolicyFix(id: "iam.password-policy.complexity", check: "aws-iam-password-policy-complexity",
                          summary: "Require symbols, numbers, upper- and lower-case letters in passwords") {
            $0.requireSymbols = true
            $0.requireNumbers = true
            $0.requireUppercase = true
            $0.requireLowercase = true
        },
        passwordPolicyFix(id: "iam.password-policy.reuse", check: "aws-iam-password-policy-reuse",
                          summary: "Remember the last 24 passwords so none is reused") {
            $0.reusePrevention = 24
        },
        passwordPolicyFix(id: "iam.password-policy.expiry", check: "aws-iam-password-policy-expiry",
                          summary: "Expire passwords after at most 90 days") {
            $0.maxAge = min($0.maxAge ?? 90, 90)
        },
        kmsKeyRotation, cloudTrailLogValidation,
    ]

    static let iamVersion = "2010-05-08"

    static func readPasswordPolicy(_ c: AWSClient) async throws -> JSONValue {
        do {
            let p = try await c.iam("GetAccountPasswordPolicy").at("PasswordPolicy") ?? XMLNode(name: "PasswordPolicy")
            return ["exists": true, "policy": PasswordPolicy(p).json]
        } catch let e as AWSError where e.code == "NoSuchEntity" {
            return ["exists": false]
        }
    }

    /// A password-policy fix: `change` applied to the account's policy, or to the baseline when it has none. The
    /// fixes share one document, so a plan chains them (see `FixDefinition.document`).
    static func passwordPolicyFix(id: String, check: String, summary: String,
                                  change: @escaping @Sendable (inout PasswordPolicy) -> Void) -> FixDefinition {
        @Sendable func next(_ previous: JSONValue) throws -> (PasswordPolicy?, PasswordPolicy) {
            let current = try PasswordPolicy(json: previous)
            var policy = current ?? .baseline
            change(&policy)
            return (current, policy)
        }
        return FixDefinition(
            id: id, checks: [check], summary: summary,
            read: { c, _ in try await readPasswordPolicy(c) },
            apply: { t, p in
                let (current, policy) = try next(p)
                if current == policy { return [] }
                let title = current == nil ? "Create the account password policy" : "Update the account password policy"
                return [.query("iam", "UpdateAccountPasswordPolicy", version: iamVersion, region: t.apiRegion,
                               policy.params, title: title + " (every field is sent: the call replaces the policy)",
                               cli: policy.cli)]
            },
            undo: { t, p in
                guard let current = try PasswordPolicy(json: p) else {
                    return [.query("iam", "DeleteAccountPasswordPolicy", version: iamVersion, region: t.apiRegion, [],
                                   title: "Remove the password policy the fix created (the account had none)",
                                   cli: "aws iam delete-account-password-policy")]
                }
                return [.query("iam", "UpdateAccountPasswordPolicy", version: iamVersion, region: t.apiRegion,
                               current.params, title: "Restore the previous account password policy", cli: current.cli)]
            },
            document: "iam.password-policy",
            after: { _, p in ["exists": true, "policy": try next(p).1.json] })
    }

    /// Rotation applies to enabled, customer-managed symmetric keys with KMS-generated material (the check's own
    /// scope); anything else is refused rather than sent a call AWS would reject.
    static let kmsKeyRotation = FixDefinition(
        id: "kms.key.rotation", checks: ["aws-kms-key-rotation-enabled"],
        summary: "Turn on automatic yearly rotation of the key material",
        read: { c, t in
            let described = try await c.json(service: "kms", region: t.apiRegion, target: "TrentService",
                                             action: "DescribeKey", body: ["KeyId": .string(t.resourceID)])
            guard let meta = described["KeyMetadata"], let keyID = meta["KeyId"]?.stringValue else {
                throw FixRefusal("DescribeKey returned no key metadata")
            }
            for (field, wanted) in [("KeyManager", "CUSTOMER"), ("KeyState", "Enabled"), ("Origin", "AWS_KMS"),
                                    ("KeySpec", "SYMMETRIC_DEFAULT")] {
                let value = meta[field]?.stringValue ?? "unknown"
                guard value == wanted else { throw FixRefusal("rotation needs \(field) \(wanted); the key's is \(value)") }
            }
            let status = try await c.json(service: "kms", region: t.apiRegion, target: "TrentService",
                                          action: "GetKeyRotationStatus", body: ["KeyId": .string(keyID)])
            guard let on = status["KeyRotationEnabled"]?.boolValue else {
                throw FixRefusal("GetKeyRotationStatus did not say whether rotation is on")
            }
            return ["keyId": .string(keyID), "rotationEnabled": .bool(on)]
        },
        apply: { t, p in
            guard let key = p["keyId"]?.stringValue else { throw FixRefusal("the recorded key has no id") }
            if p["rotationEnabled"]?.boolValue == true { return [] }
            return [.json("kms", "EnableKeyRotation", target: "TrentService", region: t.apiRegion,
                          ["KeyId": .string(key)], title: "Turn on automatic rotation of KMS key \(key)",
                          cli: "aws kms enable-key-rotation --key-id \(key) --region \(t.apiRegion)")]
        },
        undo: { t, p in
            guard let key = p["keyId"]?.stringValue, p["rotationEnabled"]?.boolValue == false else { return [] }
            return [.json("kms", "DisableKeyRotation", target: "TrentService", region: t.apiRegion,
                          ["KeyId": .string(key)], title: "Turn automatic rotation of KMS key \(key) off again",
                          cli: "aws kms disable-key-rotation --key-id \(key) --region \(t.apiRegion)")]
        })

    static let cloudTrailTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"

    static func cloudTrailValidation(_ t: FixTarget, _ on: Bool) -> FixAPICall {
        .json("cloudtrail", "UpdateTrail", target: cloudTrailTarget, region: t.apiRegion,
              ["Name": .string(t.resourceID), "EnableLogFileValidation": .bool(on)],
              title: on ? "Turn on log file validation for trail \(t.name)"
                  : "Turn log file validation for trail \(t.name) off again",
              cli: "aws cloudtrail update-trail --name \(t.resourceID) --region \(t.apiRegion) "
                  + (on ? "--enable-log-file-validation" : "--no-enable-log-file-validation"))
    }

    /// Validation is a trail setting made in the trail's home region (the finding's region).
    static let cloudTrailLogValidation = FixDefinition(
        id: "cloudtrail.trail.log-file-validation", checks: ["aws-cloudtrail-trail-log-file-validation"],
        summary: "Turn on CloudTrail log file integrity validation (signed digest files)",
        read: { c, t in
            let answer = try await c.json(service: "cloudtrail", region: t.apiRegion, target: cloudTrailTarget,
                                          action: "GetTrail", body: ["Name": .string(t.resourceID)])
            guard let trail = answer["Trail"] else { throw FixRefusal("GetTrail returned no trail") }
            if let home = trail["HomeRegion"]?.stringValue, home != t.apiRegion {
                throw FixRefusal("the trail's home region is \(home), not \(t.apiRegion)")
            }
            return ["logFileValidationEnabled": .bool(trail["LogFileValidationEnabled"]?.boolValue ?? false)]
        },
        apply: { t, p in
            p["logFileValidationEnabled"]?.boolValue == true ? [] : [cloudTrailValidation(t, true)]
        },
        undo: { t, p in
            p["logFileValidationEnabled"]?.boolValue == false ? [cloudTrailValidation(t, false)] : []
        })
}
