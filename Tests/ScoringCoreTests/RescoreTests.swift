import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import ScoringCore
import Testing

/// The graph's verdicts change a sealed scan's findings; `scan.rescored` makes scoring recompute that scan's score.
@Suite struct RescoreTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-\(UUID().uuidString)")

    @Test func scoreChangesAfterVerdictsAndRedeliveryChangesNothing() async throws {
        let assessor = FakeAssessor()
        assessor.setFindings([finding("secure-management-ports", "i-1", .pass, check: "aws-ec2-sg-ssh-open-internet"),
                              finding("secure-management-ports", "i-2", .pass, check: "aws-ec2-sg-ssh-open-internet")])
        try assessor.appendSealed("scan-1")
        let store = try ScoringStore(directory: dir)
        let consumer = ScoringConsumer(store: store, sender: assessor.bus, logger: Logger(label: "t"),
                                       now: { Date(timeIntervalSince1970: 5) })
        try await consumer.apply(assessor.page(after: 0))
        #expect(try store.score(scanID: "scan-1")?.percentage == 100)

        // The graph finds i-2 reachable on SSH: a graph finding fails, the assessor appends scan.rescored.
        assessor.setFindings([finding("secure-management-ports", "i-1", .pass, check: "aws-ec2-sg-ssh-open-internet"),
                              finding("secure-management-ports", "i-2", .pass, check: "aws-ec2-sg-ssh-open-internet"),
                              finding("secure-management-ports", "i-2", .fail,
                                      check: "aws-graph-ec2-instance-ssh-internet-reachable")])
        try assessor.appendSealed("scan-1", type: EventType.scanRescored)
        try await consumer.apply(assessor.page(after: consumer.cursor()))
        let rescored = try #require(try store.score(scanID: "scan-1"))
        #expect(rescored.percentage == 50)
        #expect(rescored.controls.first { $0.controlID == "secure-management-ports" }?.unhealthy == 1)
        #expect(try store.position() == ConsumerPosition(service: "scoring", cursor: 2, lastScanID: "scan-1"))
        #expect(try store.score(scanID: nil)?.scanID == "scan-1")

        // Redelivered page: skipped by the cursor.
        assessor.setFindings([])
        try await consumer.apply(assessor.page(after: 0))
        #expect(try store.score(scanID: "scan-1")?.percentage == 50)
    }
}
