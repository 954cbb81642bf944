import Foundation
import PalisadeModel

extension IAMAccountCollector {
    /// GetAccountSummary's `SummaryMap` (`<entry><key>Users</key><value>3</value></entry>`…) as numbers, each key
    /// with a lower-case first letter (`AccountMFAEnabled` → `accountMFAEnabled`).
    static func accountSummary(_ result: XMLNode, account: String) -> Resource {
        var bag = PropertyBag()
        var raw: [String: JSONValue] = [:]
        for entry in result.at("SummaryMap")?.children("entry") ?? [] {
            guard let key = entry.string("key"), !key.isEmpty else { continue }
            let value = entry.number("value") ?? .optionalString(entry.string("value"))
            raw[key] = value
            bag[key.prefix(1).lowercased() + key.dropFirst()] = value
        }
        bag["raw"] = .object(raw)
        return bag.resource(id: "arn:aws:iam::\(account):account-summary", account: account, region: "global",
                            type: "aws.iam.account_summary", name: "account-summary")
    }

    /// Whether a virtual MFA device belongs to the root user: AWS names it `root-account-mfa-device` and lists
    /// the root's ARN (`arn:aws:iam::<account>:root`) as its user.
    static func isRootDevice(_ d: XMLNode) -> Bool {
        (d.string("SerialNumber") ?? "").hasSuffix(":mfa/root-account-mfa-device")
            || (d.string("User/Arn") ?? "").hasSuffix(":root")
    }

    static func virtualMFADevice(_ d: XMLNode, account: String) -> Resource {
        let serial = d.string("SerialNumber") ?? ""
        var bag = PropertyBag()
        bag["serialNumber"] = .string(serial)
        bag["assigned"] = .bool(d.at("User") != nil)
        bag["userName"] = .optionalString(d.string("User/UserName"))
        bag["userArn"] = .optionalString(d.string("User/Arn"))
        bag["enableDate"] = .optionalString(d.string("EnableDate"))
        bag["isRoot"] = .bool(isRootDevice(d))
        // The TOTP seed and QR code are secrets (AWS returns them only at creation; moto on every list): dropped.
        var raw = d
        raw.children.removeAll { $0.name == "Base32StringSeed" || $0.name == "QRCodePNG" }
        bag["raw"] = raw.jsonValue
        let name = serial.split(separator: "/").last.map(String.init) ?? serial
        return bag.resource(id: serial, account: account, region: "global", type: "aws.iam.virtual_mfa_device",
                            name: name)
    }

    static func credentialReportResource(_ report: IAMCredentialReport, result: XMLNode, account: String) -> Resource {
        var bag = PropertyBag()
        bag["generatedTime"] = .optionalString(result.string("GeneratedTime"))
        bag["reportFormat"] = .optionalString(result.string("ReportFormat"))
        bag["users"] = .array(report.rows.map { report.normalized($0) })
        bag["raw"] = ["GeneratedTime": .optionalString(result.string("GeneratedTime")),
                      "ReportFormat": .optionalString(result.string("ReportFormat")),
                      "columns": .array(report.columns.map { .string($0) }),
                      "rows": .array(report.rows.map { row in .object(row.mapValues { .string($0) }) })]
        return bag.resource(id: "arn:aws:iam::\(account):credential-report", account: account, region: "global",
                            type: "aws.iam.credential_report", name: "credential-report")
    }

    /// The report's `<root_account>` row as `root…` properties (`mfa_active` → `rootMfaActive`), plus
    /// `rootHardwareMfa` and `rootVirtualMfa` from the virtual MFA device list. A report without a root row (moto)
    /// leaves every root property unknown.
    static func rootUser(_ report: IAMCredentialReport, devices: Result<[XMLNode], AWSError>,
                         account: String) -> Resource {
        var bag = PropertyBag()
        let columns = report.columns.filter { $0 != "user" && $0 != "arn" }
        func key(_ column: String) -> String {
            let k = IAMCredentialReport.key(column)
            return "root" + k.prefix(1).uppercased() + k.dropFirst()
        }
        guard let row = report.root else {
            let why = "credential report has no \(IAMCredentialReport.rootUserName) row"
            for c in columns { bag.unknown[key(c)] = why }
            for k in ["rootHardwareMfa", "rootVirtualMfa", "raw"] { bag.unknown[k] = why }
            return bag.resource(id: "arn:aws:iam::\(account):root-user", account: account, region: "global",
                                type: "aws.iam.root_user", name: "root")
        }
        for c in columns { bag[key(c)] = IAMCredentialReport.value(c, row[c]) }
        bag["arn"] = .optionalString(row["arn"])
        bag["raw"] = .object(row.mapValues { .string($0) })
        switch devices {
        case .success(let list):
            let virtual = list.contains(where: isRootDevice)
            bag["rootVirtualMfa"] = .bool(virtual)
            switch bag["rootMfaActive"] {
            case .bool(true)?: bag["rootHardwareMfa"] = .bool(!virtual)
            case .bool(false)?: bag["rootHardwareMfa"] = false // no MFA at all, so no hardware MFA either
            default: bag.unknown["rootHardwareMfa"] = "credential report has no mfa_active for the root user"
            }
        case .failure(let e):
            bag.unknown["rootVirtualMfa"] = e.reason
            bag.unknown["rootHardwareMfa"] = e.reason
        }
        return bag.resource(id: "arn:aws:iam::\(account):root-user", account: account, region: "global",
                            type: "aws.iam.root_user", name: "root")
    }

    /// One ListServerCertificates entry. Whether it has expired is left to checks (they compare `expiration`
    /// with the scan time), so a stored resource does not go stale.
    static func serverCertificate(_ c: XMLNode, account: String) -> Resource {
        let name = c.string("ServerCertificateName") ?? ""
        var bag = PropertyBag()
        bag["serverCertificateName"] = .string(name)
        bag["serverCertificateId"] = .optionalString(c.string("ServerCertificateId"))
        bag["arn"] = .optionalString(c.string("Arn"))
        bag["path"] = .optionalString(c.string("Path"))
        bag["expiration"] = .optionalString(c.string("Expiration"))
        bag["uploadDate"] = .optionalString(c.string("UploadDate"))
        bag["raw"] = c.jsonValue
        return bag.resource(id: c.string("Arn") ?? name, account: account, region: "global",
                            type: "aws.iam.server_certificate", name: name)
    }
}
