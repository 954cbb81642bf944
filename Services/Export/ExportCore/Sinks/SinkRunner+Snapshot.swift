import Foundation
import Logging
import PalisadeSchedule
import PalisadeExport
import PalisadeModel

/// Scheduled full snapshots: every current finding, as `snapshot.finding` records keyed by the snapshot's start, so a
/// snapshot interrupted by a crash resumes after the last finding it delivered and repeats nothing.
extension SinkRunner {
    func snapshotStep(_ state: inout SinkState, now t: Date) async throws -> Step? {
        guard let cadence = sink.snapshot else { return nil }
        if state.snapshotStarted == nil {
            guard let due = cadence.due(lastStart: state.snapshotDone, firstSeen: started), due <= t else { return nil }
            state.snapshotStarted = t
            state.snapshotAfter = nil
            try store.saveSinkState(state)
            logger.info("sink snapshot started", metadata: ["sink": "\(sink.name)"])
        }
        guard let start = state.snapshotStarted else { return nil }
        let findings = try store.findings(after: state.snapshotAfter, limit: sink.batchSize)
        guard let last = findings.last else {
            state.snapshotDone = start
            state.snapshotStarted = nil
            state.snapshotAfter = nil
            try store.saveSinkState(state)
            logger.info("sink snapshot finished", metadata: ["sink": "\(sink.name)"])
            return .worked
        }
        let stamp = Int64(start.timeIntervalSince1970)
        let records = findings.map { f in
            ExportRecord(key: "snapshot/\(sink.name)/\(stamp)/\(f.id)", kind: .snapshotFinding, time: start,
                         provider: f.provider, account: f.account, severity: f.severity, title: f.title, finding: f,
                         snapshot: true)
        }
        var batch: [ExportRecord] = []
        for r in records where try takes(r) { batch.append(r) }
        if batch.isEmpty {
            state.snapshotAfter = last.id
            try store.saveSinkState(state)
            return .worked
        }
        let before = state
        let step = try await deliver(batch, batchID: "\(sink.name)/snapshot-\(stamp)/\(batch.first!.finding!.id)",
                                     through: state.cursor, state: &state, now: t)
        if state.attempts == 0 && state.nextAttemptAt == nil && (state.delivered > before.delivered || state.deadLettered > before.deadLettered) {
            state.snapshotAfter = last.id
            try store.saveSinkState(state)
        }
        return step
    }
}
