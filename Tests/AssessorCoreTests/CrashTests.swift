import AssessorCore
import Foundation
import PalisadeModel
import PalisadeProtocol
import Testing

@Suite struct CrashTests {
    struct Crash: Error {}

    @Test(arguments: ["seal.evaluated", "seal.reconciled", "seal.beforeCommit"])
    func aSealAbortedMidTransactionLeavesNothingHalfWritten(_ point: String) async throws {
        let crashing = try Harness(failpoint: { if $0 == point { throw Crash() } })
        _ = try await crashing.call(Harness.batch("s1", 0, [Harness.volume(1, encrypted: false)]))
        await #expect(throws: WireError.self) { try await crashing.seal("s1", total: 1) }

        // Restart: a new process opens the same files.
        let restarted = try Harness(dir: crashing.dir)
        #expect(try await restarted.call(FindingsQuery()).isEmpty)
        #expect(try await restarted.events().isEmpty)
        #expect(try await restarted.call(ScansQuery(scanID: "s1")).first?.state == .collecting)
        #expect(try await restarted.call(InventoryQuery()).count == 1)  // the committed batch survives

        // The connector's retried seal now completes exactly once.
        let r = try await restarted.seal("s1", total: 1)
        #expect(r.sealed && r.summary?.findingCounts == ["fail": 1])
        #expect(try await restarted.events().map(\.type) == ["finding.changed", "resource.changed", "scan.sealed"])
    }
}
