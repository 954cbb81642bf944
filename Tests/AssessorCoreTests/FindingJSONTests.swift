@testable import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import PalisadeStore
import Testing

/// The hand-written `finding.changed` payload must be the JSON `JSONEncoder` makes of the same finding: consumers
/// (export, scoring, graph) read it as `JSONValue` and decode it as `Finding` with the wire decoder.
@Suite struct FindingJSONTests {
    static let dates: [Date] = [
        Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_764_691_705.999), Date(timeIntervalSince1970: 951_782_400),
        Date(timeIntervalSince1970: 4_107_542_399.5), Date(timeIntervalSince1970: 1_709_164_800), Date(timeIntervalSince1970: -1.5),
    ]

    static func finding(_ n: Int) -> Finding {
        Finding(id: "aws/1/us-east-1/c-\(n)/arn:aws:s3:::b/\(n)", checkID: "c-\(n)", title: "Title \"quoted\" \\ back/slash é ✓",
                severity: Severity.allCases[n % 5], controlID: "ctl", resourceID: "arn:aws:s3:::b/\(n)", resourceType: "aws.s3.bucket",
                provider: "aws", account: "1", region: "us-east-1", status: FindingStatus.allCases[n % 5],
                reason: "line\nbreak\ttab\r\u{1}\u{1f} end", remediation: "", firstSeen: dates[n % dates.count],
                lastSeen: dates[(n + 1) % dates.count], scanID: "s", version: n * 1000 + 1,
                lifecycle: [.new, .persisting, .resolved, .reopened][n % 4], result: n % 2 == 0 ? nil : .fail,
                mutedBy: n % 3 == 0 ? nil : "rule-\(n)")
    }

    @Test func sameJSONValueAsJSONEncoder() throws {
        var json = FindingJSON()
        for n in 0..<40 {
            let f = Self.finding(n)
            let ours = try JSONDecoder().decode(JSONValue.self, from: json.encode(f))
            let theirs = try JSONDecoder().decode(JSONValue.self, from: Wire.encoder.encode(f))
            #expect(ours == theirs, "finding \(n)")
        }
    }

    @Test func datesMatchTheISO8601Strategy() throws {
        struct D: Codable { var d: Date }
        // Whole seconds plus a fraction (JSONEncoder writes the second the date is in). A value a few nanoseconds
        // below a whole second (floating-point noise, never a clock reading) may be written one second later by
        // JSONEncoder, which rounds at a finer precision first; such values are not tested.
        for k in -20..<1400 {
            let seconds = Double(k * 3_226_319) + [0, 0.25, 0.5, 0.75, 0.999][(k + 20) % 5]
            let date = Date(timeIntervalSince1970: seconds)
            let theirs = String(decoding: try Wire.encoder.encode(D(d: date)), as: UTF8.self)
            let ours = "{\"d\":" + String(decoding: JSONText.iso8601(Int64(seconds.rounded(.down))), as: UTF8.self) + "}"
            #expect(ours == theirs)
        }
    }

    /// What consumers do with an event page: the stored payload decodes back to the finding (dates to the second).
    @Test func eventLogPayloadDecodesAsTheFinding() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("finding-json-\(UUID().uuidString)")
        let store = try Store(directory: dir, name: "t", migrations: [EventLog.migration])
        var json = FindingJSON()
        let f = Self.finding(7)
        try store.write { try EventLog.append($0, type: EventType.findingChanged, encodedPayload: json.encode(f)) }
        let event = try #require(try store.read { try EventLog.read($0, after: 0, limit: 1) }.first)
        let decoded = try event.decodePayload(Finding.self)
        var expected = f
        expected.firstSeen = Date(timeIntervalSince1970: f.firstSeen.timeIntervalSince1970.rounded(.down))
        expected.lastSeen = Date(timeIntervalSince1970: f.lastSeen.timeIntervalSince1970.rounded(.down))
        #expect(decoded == expected)
    }
}
