import Foundation
import GraphCore
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// The consumer delivers each scan's verdicts before it commits the graph and the cursor: the cursor never passes a
/// scan whose verdicts the assessor has not accepted.
@Suite struct GraphConsumerVerdictTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graph-\(UUID().uuidString)")
    static let workload = GraphCheck(id: "aws-graph-ec2-instance-exposed-privileged-role", resourceType: "aws.ec2.instance",
                                     rule: GraphRule(rule: .exposedPrivilegedWorkload))

    func make(_ assessor: FakeAssessor) throws -> (GraphStore, GraphConsumer) {
        let store = try GraphStore(directory: dir)
        let logger = Logger(label: "test")
        let consumer = GraphConsumer(store: store, sender: assessor.bus, logger: logger,
                                     now: { Date(timeIntervalSince1970: 1_700_000_100) }, checks: [Self.workload],
                                     delivery: VerdictDelivery(sender: assessor.bus, logger: logger, retry: .none))
        return (store, consumer)
    }

    @Test func assessorAwayHoldsTheCursorUntilTheVerdictsAreAccepted() async throws {
        let assessor = FakeAssessor()
        try assessor.seal("scan-1", resources: Estate.resources())  // a resource.changed each, then scan.sealed
        let sealSeq = Int64(Estate.resources().count + 1)
        let (store, consumer) = try make(assessor)

        assessor.failVerdicts(with: WireError(code: "bus.timeout", message: "assessor away", retryable: true))
        await #expect(throws: WireError.self) { try await consumer.apply(assessor.page(after: consumer.cursor())) }
        #expect(try store.position().cursor == sealSeq - 1, "the inventory is applied, the scan is not passed")
        #expect(try store.paths(scanID: nil).scanID == nil, "nothing committed")

        assessor.failVerdicts(with: nil)
        try await consumer.apply(assessor.page(after: consumer.cursor()))
        #expect(try store.position().cursor == sealSeq)
        let sets = assessor.verdicts
        #expect(sets.count == 1)
        let set = try #require(sets.first)
        #expect(set.scanID == "scan-1" && set.account == Estate.account)
        let web = try #require(set.verdicts.first { $0.resourceID.hasSuffix("instance/i-0web1") })
        #expect(web.status == .fail)
        #expect(web.reason.contains("can write sensitive data"))

        // Redelivery: the cursor skips the page; a fresh consumer replaying from 0 resends, and the assessor
        // answers duplicate.
        try await consumer.apply(assessor.page(after: 0))
        #expect(assessor.verdicts.count == 1)
        let (_, replay) = try make(assessor)
        try await replay.apply(assessor.page(after: 0))
        #expect(assessor.verdicts.count == 1)
        #expect(try store.position().cursor == sealSeq)
    }

    @Test func aRejectedSetIsLoggedAndPassedOver() async throws {
        let assessor = FakeAssessor()
        try assessor.seal("scan-1", resources: Estate.resources())
        let (store, consumer) = try make(assessor)
        assessor.failVerdicts(with: WireError(code: "assessor.verdicts.invalid", message: "unknown check id"))
        try await consumer.apply(assessor.page(after: 0))
        #expect(try store.position().cursor == Int64(Estate.resources().count + 1), "retrying cannot make it valid; the next scan's complete set repairs it")
        #expect(try store.paths(scanID: nil).scanID == "scan-1")
    }
}
