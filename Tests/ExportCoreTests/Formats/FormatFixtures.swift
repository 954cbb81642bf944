import ExportCore
import Foundation
import PalisadeExport
import PalisadeModel

/// A realistic scan's findings for the format tests: every status, every lifecycle, every severity, a global
/// resource, and a title and reason holding `|`, `=`, `\`, `"`, `]` and a line break.
enum Fixtures {
    static let account = "123456789012"
    static let awkwardTitle = "Port 22 | open = \"wide\" \\ to ] the\nworld"

    static let context = FormatContext(checks: [
        "s3-public": .init(id: "s3-public", title: "S3 bucket allows public access",
                           description: "A public bucket exposes its objects to anyone on the internet.",
                           remediation: "Remove the public statement.", severity: .high,
                           requirements: [.init(standard: "cis-aws-3.0", standardVersion: "3.0.0", id: "2.1.4",
                                                title: "Ensure that S3 Buckets are configured with 'Block public access'"),
                                          .init(standard: "pci-dss-4.0", standardVersion: "4.0", id: "1.4.1")],
                           helpURL: "https://example.com/checks/s3-public"),
        "root-mfa": .init(id: "root-mfa", title: "The root user has MFA", description: "Root can do anything.",
                          remediation: "Enable a hardware MFA device for root.", severity: .critical,
                          requirements: [.init(standard: "cis-aws-3.0", standardVersion: "3.0.0", id: "1.5")]),
        "sg-open": .init(id: "sg-open", title: awkwardTitle, description: "Open ports invite attacks.",
                         remediation: "=HYPERLINK(\"http://evil\") restrict the rule", severity: .medium,
                         requirements: []),
    ])

    static func make(_ n: Int, check: String = "s3-public", title: String = "S3 bucket allows public access",
                     status: FindingStatus, lifecycle: FindingLifecycle, severity: Severity,
                     resource: String? = nil, type: String = "aws.s3.bucket", region: String = "eu-west-1",
                     reason: String = "policy grants s3:GetObject to *", result: FindingStatus? = nil,
                     mutedBy: String? = nil) -> Finding {
        let resource = resource ?? "arn:aws:s3:::bucket-\(n)"
        return Finding(
            id: Finding.makeID(provider: "aws", account: account, region: region, checkID: check, resourceID: resource),
            checkID: check, title: title, severity: severity, controlID: "restrict-unauthorized-network-access",
            resourceID: resource, resourceType: type, provider: "aws", account: account, region: region,
            status: status, reason: reason, remediation: "Remove the public statement.",
            firstSeen: Date(timeIntervalSince1970: 1_700_000_000.25), lastSeen: Date(timeIntervalSince1970: 1_700_000_500),
            scanID: "scan-1", version: 2, lifecycle: lifecycle, result: result, mutedBy: mutedBy)
    }

    static let failing = make(1, status: .fail, lifecycle: .new, severity: .high)
    static let resolved = make(2, status: .pass, lifecycle: .resolved, severity: .low, reason: "")
    static let muted = make(3, status: .muted, lifecycle: .persisting, severity: .medium, result: .fail,
                            mutedBy: "mute-rule-7")
    static let error = make(4, status: .error, lifecycle: .persisting, severity: .informational,
                            reason: "policy is unknown: s3:GetBucketPolicy was denied")
    static let notApplicable = make(5, status: .notApplicable, lifecycle: .persisting, severity: .low, reason: "")
    static let globalRoot = make(6, check: "root-mfa", title: "The root user has MFA", status: .fail,
                                 lifecycle: .reopened, severity: .critical, resource: "arn:aws:iam::\(account):root",
                                 type: "aws.account", region: "global", reason: "root has no MFA device")
    static let awkward = make(7, check: "sg-open", title: awkwardTitle, status: .fail, lifecycle: .persisting,
                              severity: .medium, resource: "=cmd|' /C calc'!A0", type: "aws.ec2.security_group",
                              reason: "ingress 0.0.0.0/0 on 22,\n\"ssh\" = open \\ ]")
    static let unknownCheck = make(8, check: "custom-check", title: "A user's own check", status: .fail,
                                   lifecycle: .new, severity: .low, type: "aws.sagemaker.notebook")

    static let all = [failing, resolved, muted, error, notApplicable, globalRoot, awkward, unknownCheck]

    static func record(_ f: Finding, kind: ExportRecord.Kind) -> ExportRecord {
        ExportRecord(seq: 1, key: "finding/\(f.id)/v\(f.version)", kind: kind, time: f.lastSeen, provider: f.provider,
                     account: f.account, severity: f.severity, title: f.title, finding: f)
    }

    static let records: [ExportRecord] = [
        record(failing, kind: .findingNew), record(resolved, kind: .findingResolved), record(muted, kind: .findingMuted),
        record(error, kind: .findingChanged), record(globalRoot, kind: .findingReopened),
        record(awkward, kind: .findingChanged), record(notApplicable, kind: .snapshotFinding),
        ExportRecord(seq: 9, key: "score/41", kind: .scoreChanged, time: Date(timeIntervalSince1970: 1_700_000_600),
                     provider: "aws", account: account, severity: nil, title: "Secure score 71.2 % → 64.0 %",
                     data: ["before": 71.2, "after": 64.0]),
        ExportRecord(seq: 10, key: "governance/7", kind: .governanceAssigned, time: Date(timeIntervalSince1970: 1_700_000_700),
                     provider: "aws", account: account, severity: nil, title: "Assigned to ops=team|\"a\"",
                     data: ["assignment": ["owner": "ops@example.com", "findingID": .string(failing.id)]]),
    ]
}

/// Runs `Tools/testing/validate_export.py FORMAT FILE` — validators from PyPI that know nothing of Palisade.
enum Validator {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome: CustomStringConvertible {
        var status: Int32
        var output: String
        var valid: Bool { status == 0 }
        var description: String { "exit \(status): \(output)" }
    }

    static func run(_ format: String, _ data: Data) throws -> Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fmt-\(UUID().uuidString).\(format)")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Tools/testing/validate_export.py").path, format, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    static func run(_ format: String, _ text: String) throws -> Outcome { try run(format, Data(text.utf8)) }
}

extension Data {
    var text: String { String(decoding: self, as: UTF8.self) }
}
