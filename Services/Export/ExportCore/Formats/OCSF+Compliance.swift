import Foundation
import PalisadeModel

extension OCSF {
    /// One Compliance Finding (class_uid 2003) per requirement the finding's check maps to, in the catalog's order;
    /// empty when the check maps to none (or is not in `context`). `compliance.control` is the requirement,
    /// `compliance.status_id` 1 Pass / 3 Fail / 2 Warning (error) / 99 Other (not applicable, muted).
    public static func complianceFindings(_ f: Finding, context: FormatContext) -> [JSONValue] {
        guard let check = context.check(f.checkID), !check.requirements.isEmpty else { return [] }
        let status = complianceStatus(f.status)
        let severity = severity(f.severity)
        return check.requirements.map { r in
            let uid = "\(f.id)#\(r.reference)"
            var event = base(f, classUID: 2003, className: "Compliance Finding", context: context)
            event["finding_info"] = findingInfo(f, uid: uid, check: check)
            event["metadata"] = metadata(f, uid: "\(uid)#\(f.version)", context: context)
            var compliance: [String: JSONValue] = [
                "standards": [.string(r.standard)],
                "control": .string(r.id),
                "requirements": [.string(r.id)],
                "status_id": .int(status.id), "status": .string(status.name),
                "status_code": .string(f.status.rawValue),
                "checks": [[
                    "uid": .string(check.id), "name": .string(check.title),
                    "severity_id": .int(severity.id), "severity": .string(severity.name),
                    "status_id": .int(status.id), "status": .string(status.name),
                    "standards": [.string(r.standard)],
                ]],
            ]
            if !f.reason.isEmpty { compliance["status_details"] = [.string(f.reason)] }
            if let title = r.title { compliance["desc"] = .string(title) }
            event["compliance"] = .object(compliance)
            if let v = r.standardVersion, case .object(var unmapped)? = event["unmapped"] {
                unmapped["standard_version"] = .string(v)
                event["unmapped"] = .object(unmapped)
            }
            return .object(event)
        }
    }
}
