import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// Consumers read findings, resources and event pages without `JSONDecoder` (`ModelJSON`, `EventsPage.fastDecode`):
/// what they read must be exactly what `JSONDecoder` reads from the same bytes, and anything of another shape must
/// still reach `JSONDecoder`, so a bad payload is reported as before.
@Suite struct ModelJSONTests {
    static func finding(_ n: Int) -> Finding {
        Finding(id: "aws/1/us-east-1/c-\(n)/arn:aws:s3:::b/\(n)", checkID: "c-\(n)", title: "Title \"q\" \\ é ✓",
                severity: Severity.allCases[n % 5], controlID: "ctl", resourceID: "arn:aws:s3:::b/\(n)",
                resourceType: "aws.s3.bucket", provider: "aws", account: "1", region: "us-east-1",
                status: FindingStatus.allCases[n % 5], reason: "line\nbreak\t\u{1}", remediation: "",
                firstSeen: Date(timeIntervalSince1970: Double(n * 86_399 * 37)),
                lastSeen: Date(timeIntervalSince1970: 1_764_691_705 + Double(n)), scanID: "s", version: n * 1000 + 1,
                lifecycle: [.new, .persisting, .resolved, .reopened][n % 4], result: n % 2 == 0 ? nil : .fail,
                mutedBy: n % 3 == 0 ? nil : "rule-\(n)")
    }

    static func resource(_ n: Int) -> Resource {
        Resource(id: "arn:aws:s3:::bucket-\(n)", account: "1", region: n % 2 == 0 ? "global" : "eu-west-1",
                 type: "aws.s3.bucket", name: "bucket-\(n)", tags: n % 3 == 0 ? [:] : ["env": "prod", "k/\(n)": "v"],
                 properties: ["policy": ["Statement": [["Effect": "Allow", "Resource": "arn:aws:s3:::b/*"]]],
                              "size": .number(Double(n) + 0.5), "on": .bool(n % 2 == 0), "none": .null],
                 unknown: n % 4 == 0 ? ["acl": "AccessDenied: s3:GetBucketAcl"] : [:])
    }

    @Test func findingsReadAsJSONDecoderReadsThem() throws {
        var writer = FindingJSON()
        for n in 0..<40 {
            let f = Self.finding(n)
            for bytes in [try Wire.encoder.encode(f), writer.encode(f)] {
                let ours = try #require(Finding(json: try JSONText.parse(bytes)), "finding \(n)")
                #expect(ours == (try Wire.decoder.decode(Finding.self, from: bytes)), "finding \(n)")
            }
        }
    }

    @Test func resourcesReadAndWriteAsCodableDoes() throws {
        for n in 0..<20 {
            let r = Self.resource(n)
            let bytes = try Wire.encoder.encode(r)
            #expect(Resource(json: try JSONText.parse(bytes)) == r)
            #expect(try JSONText.parse(JSONText.data(r.json)) == JSONText.parse(bytes), "resource \(n)")
        }
    }

    @Test func datesReadAsTheISO8601StrategyReadsThem() throws {
        struct D: Codable { var d: Date }
        for k in -20..<1500 {
            let seconds = Int64(k) * 3_226_319
            let text = String(decoding: JSONText.iso8601(seconds).dropFirst().dropLast(), as: UTF8.self)
            let theirs = try Wire.decoder.decode(D.self, from: Data("{\"d\":\"\(text)\"}".utf8)).d
            #expect(JSONText.date(text) == theirs, "\(text)")
        }
        // Not a date, or another form: nil, so the caller's `JSONDecoder` decides.
        for text in ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-03T24:00:00Z",
                     "2026-12-03T06:00:00.5Z", "2026-12-03T06:00:00+01:00", "2026-12-03 06:00:00Z", ""] {
            #expect(JSONText.date(text) == nil, "\(text)")
        }
        #expect(JSONText.date("2024-02-29T23:59:59Z") == Date(timeIntervalSince1970: 1_709_251_199))
    }

    @Test func aPageReadsAsJSONDecoderReadsIt() throws {
        var events: [EventRecord] = []
        for n in 1...30 {
            let payload: JSONValue
            let type: String
            if n % 2 == 0 {
                payload = try JSONText.parse(Wire.encoder.encode(Self.finding(n)))
                type = EventType.findingChanged
            } else {
                payload = Self.resource(n).json
                type = EventType.resourceChanged
            }
            let created = Date(timeIntervalSince1970: 1_764_691_705 + Double(n))
            events.append(EventRecord(seq: Int64(n * 3), type: type, payload: payload, createdAt: created))
        }
        for page in [EventsPage(events: events, headSeq: 95), EventsPage(events: [], headSeq: 7, through: 7),
                     EventsPage(events: events, headSeq: 200_000, through: 100_090)] {
            let bytes = try Wire.encoder.encode(page)
            let fast = try #require(EventsPage.fastDecode(bytes))
            #expect(fast == (try Wire.decoder.decode(EventsPage.self, from: bytes)))
            #expect(fast.events.map { try? $0.decodePayload(Finding.self) }
                    == page.events.map { try? Wire.decoder.decode(Finding.self, from: JSONText.data($0.payload)) })
        }
        // Another shape is left to JSONDecoder.
        #expect(EventsPage.fastDecode(Data(#"{"events":[{"seq":"1","type":"t","payload":null,"createdAt":"2026-12-03T06:00:00Z"}],"headSeq":1}"#.utf8)) == nil)
        #expect(EventsPage.fastDecode(Data(#"{"events":[],"headSeq":1.5}"#.utf8)) == nil)
        #expect(EventsPage.fastDecode(Data("not json".utf8)) == nil)
    }

    @Test func aPayloadOfTheWrongShapeIsReportedByJSONDecoder() throws {
        var o = try JSONText.parse(Wire.encoder.encode(Self.finding(3)))
        guard case .object(var fields) = o else { Issue.record("not an object"); return }
        fields["version"] = .number(1.5)
        o = .object(fields)
        #expect(Finding(json: o) == nil)
        let event = EventRecord(seq: 1, type: EventType.findingChanged, payload: o, createdAt: Date())
        #expect(throws: DecodingError.self) { try event.decodePayload(Finding.self) }
        fields["version"] = nil
        #expect(Finding(json: .object(fields)) == nil)
        #expect(Resource(json: .object(["id": "x"])) == nil)
        #expect(throws: DecodingError.self) {
            try EventRecord(seq: 1, type: EventType.resourceChanged, payload: ["id": "x"], createdAt: Date())
                .decodePayload(Resource.self)
        }
    }
}
