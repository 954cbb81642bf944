import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@Suite struct IngestTests {
    @Test func batchIsCommittedThenAckedAndADuplicateIsNotAppliedTwice() async throws {
        let h = try Harness()
        let ack = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false), Harness.volume(2, encrypted: true)]))
        #expect(ack == BatchAck(scanID: "s1", batchSeq: 0, duplicate: false))
        // Committed before the ack: a fresh store on the same files sees it.
        let reopened = try Harness(dir: h.dir)
        #expect(try await reopened.call(InventoryQuery()).count == 2)

        // A resend with different content is acknowledged as a duplicate and changes nothing.
        let again = try await h.call(Harness.batch("s1", 0, [Harness.volume(3, encrypted: false)]))
        #expect(again.duplicate)
        #expect(try await h.call(InventoryQuery()).map(\.resource.id) == [vid(1), vid(2)])
        #expect(try await h.call(ScansQuery(scanID: "s1")).first?.batchesReceived == 1)
        _ = try await h.seal("s1", total: 1)
        let before = try await h.findings()
        #expect(try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false)])).duplicate)
        #expect(try await h.findings() == before)
    }

    @Test func invalidBatchIsRejectedWithWhatIsWrong() async throws {
        let h = try Harness()
        var bad = Harness.volume(1, encrypted: true)
        bad.account = "999999999999"
        var noType = Harness.volume(2, encrypted: true)
        noType.type = ""
        let batch = IngestBatch(scanID: "", batchSeq: -1, provider: "aws", account: Harness.account, resources: [bad, noType])
        do {
            _ = try await h.call(batch)
            Issue.record("expected assessor.batch.invalid")
        } catch let e as WireError {
            #expect(e.code == "assessor.batch.invalid")
            #expect(e.message.contains("scanID is empty"))
            #expect(e.message.contains("batchSeq is -1"))
            #expect(e.message.contains("account '999999999999' does not match the batch account '111122223333'"))
            #expect(e.message.contains("type is empty"))
        }
        #expect(try await h.call(InventoryQuery()).isEmpty)
        #expect(try await h.call(ScansQuery()).isEmpty)
    }

    @Test func aBatchForASealedScanIsRefused() async throws {
        let h = try Harness()
        _ = try await h.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: true)]))
        _ = try await h.seal("s1", total: 1)
        await #expect(throws: WireError.self) { try await h.call(Harness.batch("s1", 1, [Harness.volume(2, encrypted: true)])) }
        #expect(try await h.call(InventoryQuery()).count == 1)
    }
}
