import Foundation
import PalisadeModel
import PalisadeProtocol

func finding(_ n: Int, version: Int = 1, status: FindingStatus = .fail, severity: Severity = .high,
             lifecycle: FindingLifecycle = .new) -> Finding {
    let resource = "arn:aws:s3:::bucket-\(n)"
    return Finding(
        id: Finding.makeID(provider: "aws", account: "123456789012", region: "eu-west-1", checkID: "s3-public",
                           resourceID: resource),
        checkID: "s3-public", title: "S3 bucket allows public access", severity: severity,
        controlID: "restrict-unauthorized-network-access", resourceID: resource, resourceType: "aws.s3.bucket",
        provider: "aws", account: "123456789012", region: "eu-west-1", status: status,
        reason: "policy grants s3:GetObject to *", remediation: "Remove the public statement.",
        firstSeen: Date(timeIntervalSince1970: 1_700_000_000), lastSeen: Date(timeIntervalSince1970: 1_700_000_500),
        scanID: "scan-1", version: version, lifecycle: lifecycle)
}

/// An event log of `finding.changed` events, as the assessor would serve it.
struct Log {
    var events: [EventRecord] = []

    mutating func append(_ f: Finding) throws {
        let json = try Wire.decoder.decode(JSONValue.self, from: Wire.encoder.encode(f))
        events.append(EventRecord(seq: Int64(events.count + 1), type: EventType.findingChanged, payload: json,
                                  createdAt: Date(timeIntervalSince1970: 0)))
    }

    func after(_ seq: Int64) -> [EventRecord] { events.filter { $0.seq > seq } }
}

func lines(_ url: URL) throws -> [String] {
    try String(decoding: Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map(String.init)
}

func tempDir() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)", isDirectory: true)
}
