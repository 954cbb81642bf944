import ExportCore
import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeTestKit
import Testing

/// The fix desk against a scripted connector: what it records, when, and in which order undo goes.
@Suite struct FixDeskTests {
    let dir = tempDir()

    /// A connector that plans one fix per finding (none for `bucket-3`), fails to apply `failing`, and notes each
    /// execute along with the run as the store held it at that moment.
    final class Connector: @unchecked Sendable {
        let lock = NSLock()
        var executed: [(finding: String, direction: FixExecute.Direction, stored: FixRun?)] = []
        let failing: Set<String>
        let store: ExportStore

        init(store: ExportStore, failing: Set<String> = []) {
            self.store = store
            self.failing = failing
        }

        var router: Router {
            var r = Router()
            r.on(FixPlanRequest.self) { request, _ in
                FixPlanReply(items: request.findings.map { f in
                    let call = FixAPICall(style: .s3, service: "s3", action: "PutPublicAccessBlock", region: f.region,
                                          title: "block \(f.resourceID)", cli: "aws s3api put-public-access-block")
                    return f.resourceID.hasSuffix("bucket-3")
                        ? FixPlanItem(findingID: f.id, checkID: f.checkID, resourceID: f.resourceID, account: f.account,
                                      region: f.region, summary: "", noFix: "no safe automatic fix")
                        : FixPlanItem(findingID: f.id, checkID: f.checkID, resourceID: f.resourceID, account: f.account,
                                      region: f.region, fixID: "s3.bucket.public-access-block", summary: "block",
                                      previous: ["publicAccessBlock": .null], calls: [call], undoCalls: [call])
                })
            }
            r.on(FixExecute.self) { [self] request, _ in
                let stored = try store.fixRuns(limit: 1).first
                lock.withLock { executed.append((request.item.findingID, request.direction, stored)) }
                if failing.contains(request.item.findingID) {
                    return FixExecuted(made: [], error: "s3:PutPublicAccessBlock: AccessDenied")
                }
                return FixExecuted(made: request.direction == .apply ? request.item.calls : request.item.undoCalls)
            }
            return r
        }
    }

    func desk(_ store: ExportStore, _ connector: Connector) -> FixDesk {
        let bus = InProcessBus()
        bus.register(ServiceName.connectorAWS, connector.router)
        return FixDesk(store: store, sender: bus, logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test func theRunIsRecordedBeforeEachCallAndEachOutcomeAsItComes() async throws {
        let store = try ExportStore(directory: dir)
        let f = [finding(1), finding(2), finding(3)]
        let connector = Connector(store: store, failing: [f[1].id])
        let run = try await desk(store, connector).apply(FixApplyRequest(findings: f))

        #expect(run.items.map(\.status) == [.applied, .failed, .skipped])
        #expect(run.state == .partial)
        #expect(run.items[1].error?.contains("AccessDenied") == true)
        #expect(run.items[2].error == "no safe automatic fix")
        // When the first call went out, the run was already stored with every item pending (or skipped).
        let first = try #require(connector.executed.first?.stored)
        #expect(first.id == run.id && first.state == .running && first.items.map(\.status) == [.pending, .pending, .skipped])
        // When the second went out, the first item's outcome was stored.
        #expect(connector.executed[1].stored?.items.first?.status == .applied)
        #expect(try store.fixRun(run.id)?.items == run.items && store.fixRun(run.id)?.state == .partial)
    }

    @Test func undoGoesLastMadeFirstCoversFailedItemsAndHappensOnce() async throws {
        let store = try ExportStore(directory: dir)
        let f = [finding(1), finding(2), finding(4)]
        let connector = Connector(store: store, failing: [f[1].id])
        let d = desk(store, connector)
        let run = try await d.apply(FixApplyRequest(findings: f))
        connector.lock.withLock { connector.executed.removeAll() }

        // The item that failed part-way is undone too: some of its calls may have been made.
        let undo = try await d.undo(FixUndoRequest(runID: run.id))
        #expect(connector.executed.map(\.finding) == [f[2].id, f[1].id, f[0].id])
        #expect(connector.executed.allSatisfy { $0.direction == .undo })
        #expect(undo.kind == .undo && undo.undoOf == run.id)
        // One undo failed (the scripted connector refuses f[1] both ways), so the original is not marked undone.
        #expect(undo.state == .partial)
        #expect(try store.fixRun(run.id)?.undoneBy == nil)
    }

    @Test func aFullyUndoneRunCannotBeUndoneAgainAndARunLeftRunningIsInterrupted() async throws {
        let store = try ExportStore(directory: dir)
        let connector = Connector(store: store)
        let d = desk(store, connector)
        let run = try await d.apply(FixApplyRequest(findings: [finding(1)]))
        let undo = try await d.undo(FixUndoRequest(runID: run.id))
        #expect(undo.state == .applied)
        #expect(try store.fixRun(run.id)?.state == .undone && store.fixRun(run.id)?.undoneBy == undo.id)
        let again = await #expect(throws: WireError.self) { try await d.undo(FixUndoRequest(runID: run.id)) }
        #expect(again?.code == "export.fix.undo.done")
        let ofUndo = await #expect(throws: WireError.self) { try await d.undo(FixUndoRequest(runID: undo.id)) }
        #expect(ofUndo?.code == "export.fix.undo.invalid")

        // A crash between calls leaves a run `running`; at start-up it becomes `interrupted` and can be undone.
        var crashed = FixRun(id: "fix-crashed", kind: .apply, state: .running, createdAt: Date(),
                             items: [.init(plan: run.items[0].plan, status: .pending)])
        try store.saveFixRun(crashed)
        try d.recover()
        crashed = try #require(try store.fixRun("fix-crashed"))
        #expect(crashed.state == .interrupted)
        #expect(try await d.undo(FixUndoRequest(runID: crashed.id)).state == .applied)
    }
}
