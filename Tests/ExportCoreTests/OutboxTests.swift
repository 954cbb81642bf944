import ExportCore
import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

@Suite struct OutboxTests {
    let dir = tempDir()

    @Test func everyNewFindingVersionBecomesOneRecordWhatItMeansInItsKind() async throws {
        var log = Log()
        try log.append(finding(1))                                                  // new failure
        try log.append(finding(2, status: .pass))                                   // a first pass
        try log.append(finding(1, version: 2, status: .pass, lifecycle: .resolved)) // resolved
        try log.append(finding(1, version: 3, status: .fail, lifecycle: .reopened)) // reopened
        try log.append(finding(3, status: .muted))                                  // muted
        try log.append(finding(1, version: 3, status: .fail, lifecycle: .reopened)) // replayed version: nothing
        let store = try ExportStore(directory: dir)
        let consumer = ExportConsumer(store: store, directory: dir, logger: Logger(label: "t"))
        try await consumer.apply(log.after(0))
        try await consumer.apply(log.after(0))          // the whole page again: nothing new
        let records = try store.outbox(after: 0, limit: 100)
        #expect(records.map(\.kind) == [.findingNew, .findingChanged, .findingResolved, .findingReopened, .findingMuted])
        #expect(records.map(\.key) == [
            "finding/\(finding(1).id)/v1", "finding/\(finding(2).id)/v1", "finding/\(finding(1).id)/v2",
            "finding/\(finding(1).id)/v3", "finding/\(finding(3).id)/v1",
        ])
        #expect(records.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(records[0].finding == finding(1))
    }

    @Test func scoringChangesEnterTheOutboxOnceUnderTheirLogPosition() async throws {
        let store = try ExportStore(directory: dir)
        let change = ScoreChanged(account: "123456789012", scanID: "scan-2", previousScanID: "scan-1",
                                  previousPercentage: 71.5, percentage: 64.25,
                                  controls: [.init(controlID: "enable-mfa", old: 8, new: 5)])
        let compliance = ComplianceChange(account: "123456789012", scanID: "scan-2", standard: "cis-aws-3.0",
                                          requirement: "1.4", from: .passed, to: .failed)
        func event(_ seq: Int64, _ type: String, _ payload: some Encodable) throws -> EventRecord {
            EventRecord(seq: seq, type: type, payload: try JSONText.parse(try Wire.encoder.encode(payload)),
                        createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        }
        let assignment = GovernanceAssignment(finding: finding(7), ruleID: "r", owner: "ana@example.com",
                                              dueDate: Date(timeIntervalSince1970: 1_800_100_000), gracePeriod: false,
                                              assignedAt: Date(timeIntervalSince1970: 1_799_000_000))
        let events = [try event(1, ScoreChanged.type, change), try event(2, "compliance.changed", compliance),
                      try event(3, "something.else", ["x": 1]),
                      try event(4, "governance.overdue", ["assignment": try JSONText.parse(try Wire.encoder.encode(assignment))])]
        let bus = InProcessBus()
        var router = Router()
        router.on(ScoringEventsPull.self) { q, _ in
            EventsPage(events: events.filter { $0.seq > q.after }, headSeq: 4)
        }
        bus.register(ServiceName.scoring, router)
        let source = ScoringSource(store: store, sender: bus, logger: Logger(label: "t"), onOutbox: {})
        #expect(try await source.pullOnce())
        #expect(try await source.pullOnce())
        let records = try store.outbox(after: 0, limit: 10)
        #expect(records.map(\.key) == ["score/1", "compliance/2", "governance/4"])
        #expect(records[2].kind == .governanceOverdue && records[2].severity == .high)
        #expect(records[2].title.contains("ana@example.com") && records[2].account == "123456789012")
        #expect(records[0].title == "Secure score of 123456789012: 71.5 % → 64.2 %" || records[0].title.contains("64.2"))
        #expect(records[0].data["percentage"]?.doubleValue == 64.25)
        #expect(records[1].data["to"]?.stringValue == "failed")
        #expect(try store.sourceCursor(ExportStore.scoringCursor) == 4)
    }
}
