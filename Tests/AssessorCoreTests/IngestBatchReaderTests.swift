@testable import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

/// The assessor reads ingest batches with its own JSON reader; it must read what `Wire.decoder` reads, and leave
/// anything else to `Wire.decoder` (same rejection, same message).
@Suite struct IngestBatchReaderTests {
    @Test func readsWhatTheWireDecoderReads() throws {
        let resources = [
            Harness.volume(1, encrypted: true),
            Resource(id: "arn:aws:s3:::b", account: Harness.account, region: "us-east-1", type: "aws.s3.bucket", name: "b \"q\"",
                     tags: ["env": "prod", "ü": "\u{1F600}\n"],
                     properties: ["n": 1.5, "big": 12345678901234567, "neg": -3, "e": 1e-7, "list": [nil, true, false, "x\\y"],
                                  "nested": ["a": ["b": []], "empty": [:]]],
                     unknown: ["policy": "AccessDenied: s3:GetBucketPolicy"]),
        ]
        let body = try Wire.encoder.encode(Harness.batch("s1", 7, resources))
        let ours = try IngestBatchReader.decode(body)
        let theirs = try Wire.decoder.decode(IngestBatch.self, from: body)
        #expect(ours.scanID == theirs.scanID && ours.batchSeq == 7 && ours.provider == theirs.provider
                && ours.account == theirs.account)
        #expect(ours.resources == theirs.resources)
        #expect(ours.resources == resources)
    }

    @Test func leavesMalformedBatchesToTheWireDecoder() throws {
        for text in [#"{"scanID":"s","batchSeq":1.5,"provider":"aws","account":"1","resources":[]}"#,
                     #"{"scanID":"s","provider":"aws","account":"1","resources":[]}"#,
                     #"{"scanID":"s","batchSeq":1,"provider":"aws","account":"1","resources":[{"id":"x"}]}"#,
                     #"{"scanID":"s","batchSeq":1,"#] {
            #expect(IngestBatchReader.batch((try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null) == nil)
            #expect(throws: (any Error).self) { try IngestBatchReader.decode(Data(text.utf8)) }
        }
    }
}
