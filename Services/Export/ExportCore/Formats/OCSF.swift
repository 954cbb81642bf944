import Foundation
import PalisadeModel

/// OCSF 1.5.0 events for findings: Detection Finding (class 2004) for every finding, Compliance Finding (class 2003)
/// for each requirement its check maps to. Both with the `cloud` and `datetime` profiles, as Prowler emits them.
///
/// Only named Finding fields and check metadata are mapped — never raw resource properties — so nothing the connector
/// collected (and no secret) can reach an export. Times are OCSF timestamps (epoch milliseconds) with the datetime
/// profile's RFC 3339 `*_dt` twins.
public enum OCSF {
    public static let version = "1.5.0"
    public static let profiles = ["cloud", "datetime"]

    /// A Detection Finding (class_uid 2004, category_uid 2).
    public static func detectionFinding(_ f: Finding, context: FormatContext) -> JSONValue {
        let check = context.check(f.checkID)
        var event = base(f, classUID: 2004, className: "Detection Finding", context: context)
        event["finding_info"] = findingInfo(f, uid: f.id, check: check)
        event["metadata"] = metadata(f, uid: "\(f.id)#\(f.version)", context: context)
        return .object(event)
    }

    /// The attributes both finding classes share: classification, severity, status, time, resource, cloud,
    /// remediation and Palisade's own fields under `unmapped`.
    static func base(_ f: Finding, classUID: Int, className: String, context: FormatContext) -> [String: JSONValue] {
        let check = context.check(f.checkID)
        let activity = activity(f)
        let status = status(f)
        let severity = severity(f.severity)
        let account = accountType(f.provider)
        var resource: [String: JSONValue] = [
            "uid": .string(f.resourceID), "type": .string(f.resourceType), "region": .string(f.region),
        ]
        if let p = partition(f) { resource["cloud_partition"] = .string(p) }
        var remediation: [String: JSONValue] = [
            "desc": .string(FormatText.nonBlank(f.remediation, check?.remediation ?? "See the check's documentation.")),
        ]
        if let url = check?.helpURL { remediation["references"] = [.string(url)] }
        var unmapped: [String: JSONValue] = [
            "check_id": .string(f.checkID), "control_id": .string(f.controlID),
            "palisade_status": .string(f.status.rawValue), "lifecycle": .string(f.lifecycle.rawValue),
            "scan_id": .string(f.scanID), "finding_version": .int(f.version),
        ]
        if let r = f.result { unmapped["result"] = .string(r.rawValue) }
        if let m = f.mutedBy { unmapped["muted_by"] = .string(m) }
        return [
            "class_uid": .int(classUID), "class_name": .string(className),
            "category_uid": 2, "category_name": "Findings",
            "activity_id": .int(activity.id), "activity_name": .string(activity.name),
            "type_uid": .int(classUID * 100 + activity.id), "type_name": .string("\(className): \(activity.name)"),
            "severity_id": .int(severity.id), "severity": .string(severity.name),
            "status_id": .int(status.id), "status": .string(status.name), "status_code": .string(f.status.rawValue),
            "status_detail": .string(f.reason),
            "time": .int64(FormatText.millis(f.lastSeen)), "time_dt": .string(FormatText.iso8601(f.lastSeen)),
            "message": .string(f.title),
            "resources": [.object(resource)],
            "cloud": [
                "provider": .string(provider(f.provider)),
                "account": ["uid": .string(f.account), "type": .string(account.name), "type_id": .int(account.id)],
                "region": .string(f.region),
            ],
            "remediation": .object(remediation),
            "unmapped": .object(unmapped),
        ]
    }

    static func findingInfo(_ f: Finding, uid: String, check: FormatContext.Check?) -> JSONValue {
        [
            "uid": .string(uid), "title": .string(f.title),
            "desc": .string(FormatText.nonBlank(check?.description ?? "", f.reason)),
            "types": [.string(f.checkID)],
            "first_seen_time": .int64(FormatText.millis(f.firstSeen)),
            "first_seen_time_dt": .string(FormatText.iso8601(f.firstSeen)),
            "last_seen_time": .int64(FormatText.millis(f.lastSeen)),
            "last_seen_time_dt": .string(FormatText.iso8601(f.lastSeen)),
        ]
    }

    static func metadata(_ f: Finding, uid: String, context: FormatContext) -> JSONValue {
        [
            "version": .string(version),
            "profiles": .array(profiles.map { .string($0) }),
            "product": [
                "name": "Palisade", "vendor_name": "Palisade", "uid": "palisade",
                "version": .string(context.productVersion),
            ],
            "uid": .string(uid),
            "event_code": .string(f.checkID),
            "logged_time": .int64(FormatText.millis(f.lastSeen)),
            "logged_time_dt": .string(FormatText.iso8601(f.lastSeen)),
        ]
    }
}
