import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// Verdict sets travel as JSON written by hand and read with `JSONText`: each side must agree with `JSONEncoder` and
/// `JSONDecoder`, and a body of another shape must still reach `JSONDecoder` (which reports what is wrong).
@Suite struct GraphVerdictsJSONTests {
    static let set = GraphVerdicts(scanID: "scan \"1\"", account: "123456789012", verdicts: (0..<50).map { n in
        GraphVerdict(checkID: "aws-graph-\(n % 7)", resourceID: "arn:aws:s3:::bucket-\(n)/é ✓",
                     status: FindingStatus.allCases[n % FindingStatus.allCases.count],
                     reason: n % 3 == 0 ? "" : "reachable from the internet:\ntcp/22 via sg-\(n)\t\\ \u{1}")
    })

    func same(_ a: GraphVerdicts?, _ b: GraphVerdicts) -> Bool {
        a.map { $0.scanID == b.scanID && $0.account == b.account && $0.verdicts == b.verdicts } ?? false
    }

    @Test func bothSidesAgreeWithCodable() throws {
        let fast = Self.set.fastEncode()
        #expect(same(try Wire.decoder.decode(GraphVerdicts.self, from: fast), Self.set))
        #expect(same(GraphVerdicts.fastDecode(fast), Self.set))
        #expect(same(GraphVerdicts.fastDecode(try Wire.encoder.encode(Self.set)), Self.set))
        let empty = GraphVerdicts(scanID: "s", account: "a", verdicts: [])
        #expect(same(GraphVerdicts.fastDecode(empty.fastEncode()), empty))
    }

    @Test func anotherShapeIsLeftToJSONDecoder() throws {
        for body in [#"{"account":"a","scanID":"s"}"#,
                     #"{"account":"a","scanID":"s","verdicts":[{"checkID":"c","resourceID":"r","status":"maybe","reason":""}]}"#,
                     #"{"account":"a","scanID":"s","verdicts":[{"checkID":"c","resourceID":"r","status":"pass"}]}"#,
                     #"{"account":1,"scanID":"s","verdicts":[]}"#, "not json"] {
            #expect(GraphVerdicts.fastDecode(Data(body.utf8)) == nil, "\(body)")
            #expect(throws: (any Error).self) { try Wire.decoder.decode(GraphVerdicts.self, from: Data(body.utf8)) }
        }
    }
}
