import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule
import PalisadeTestKit
import SchedulerCore
import Synchronization
import Testing

/// A connector that starts scans and reports them done when told, and an assessor that knows their summaries.
final class FakeConnector: Sendable {
    let started = Mutex<[StartAWSScan]>([])
    let done = Mutex<Set<String>>([])
    let refuse = Mutex<WireError?>(nil)
    /// Scans started by hand that the connector reports as running.
    let byHand = Mutex<[ActiveScan]>([])

    func register(on bus: InProcessBus) {
        var connector = Router()
        connector.on(StartAWSScan.self) { [self] req, _ in
            if let error = refuse.withLock({ $0 }) { throw error }
            let id = started.withLock { s in s.append(req); return "scan-\(s.count)" }
            return ScanStarted(scanID: id)
        }
        connector.on(ActiveScansQuery.self) { [self] _, _ in byHand.withLock { $0 } }
        connector.on(ScanProgressQuery.self) { [self] q, _ in
            let finished = done.withLock { $0.contains(q.scanID) }
            return ScanProgress(scanID: q.scanID, account: "123456789012", state: finished ? .done : .running,
                                apiCalls: 40, resources: 34, batchesSent: 3, batchesAcked: 3, scopesDone: 1,
                                scopesTotal: 1, scopes: [], error: nil)
        }
        bus.register(ServiceName.connectorAWS, connector)
        var assessor = Router()
        assessor.on(ScansQuery.self) { q, _ in
            [ScanSummary(scanID: q.scanID ?? "", provider: "aws", account: "123456789012", state: .sealed,
                         startedAt: Date(), sealedAt: Date(), batchesReceived: 3, totalBatches: 3, resourceCount: 34, findingCounts: ["fail": 12, "error": 1],
                         scopes: [])]
        }
        bus.register(ServiceName.assessor, assessor)
    }
}

@Suite struct SchedulerLoopTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pal-sched-\(UUID().uuidString)")
    var logger: Logger { var l = Logger(label: "test"); l.logLevel = .critical; return l }

    func config(_ body: String) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("palisade.yaml")
        try body.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func aDueScheduleStartsItsScanWatchesItAndRecordsTheOutcome() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try config("schedules:\n  - name: prod\n    every: 1h\n    profile: prod\n    regions: [us-east-1]\n")
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let bus = InProcessBus()
        let connector = FakeConnector()
        connector.register(on: bus)
        let store = try ScheduleStore(directory: dir)
        let engine = try SchedulerEngine(store: store, configFile: file, logger: logger, now: now())
        let loop = SchedulerLoop(engine: engine, sender: bus, logger: logger, now: now)

        try await loop.step()
        #expect(connector.started.withLock { $0.map(\.profile) } == ["prod"])
        #expect(connector.started.withLock { $0.first?.regions } == ["us-east-1"])
        #expect(engine.list().schedules.first?.running?.scanID == "scan-1")

        clock.withLock { $0 += 60 }
        try await loop.step()
        #expect(connector.started.withLock { $0.count } == 1, "no second scan while the first runs")

        connector.done.withLock { _ = $0.insert("scan-1") }
        try await loop.step()
        let entry = try #require(engine.list().schedules.first)
        #expect(entry.running == nil && entry.runs == 1)
        #expect(entry.lastRun?.outcome == .succeeded)
        #expect(entry.lastRun?.detail == "34 resources, fail 12, error 1")
        #expect(entry.nextRunAt == Date(timeIntervalSince1970: 1_796_000_000 + 3_600))

        // A restarted scheduler over the same store knows the history and does not run early.
        let again = try SchedulerEngine(store: ScheduleStore(directory: dir), configFile: file, logger: logger, now: now())
        #expect(again.list().schedules.first?.runs == 1)
        try await SchedulerLoop(engine: again, sender: bus, logger: logger, now: now).step()
        #expect(connector.started.withLock { $0.count } == 1)
    }

    @Test func aBadReloadIsRefusedWithItsLineAndTheSchedulesInForceStay() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try config("schedules:\n  - name: prod\n    every: 1h\n")
        let engine = try SchedulerEngine(store: ScheduleStore(directory: dir), configFile: file, logger: logger, now: Date())
        try "schedules:\n  - name: prod\n    every: 1h\n  - name: dev\n    cron: \"61 * * * *\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        do { _ = try engine.reload(now: Date()); Issue.record("accepted a bad cron") } catch let error as WireError {
            #expect(error.code == "scheduler.config.invalid")
            #expect(error.message.contains("palisade.yaml:5:11"), "\(error.message)")
            #expect(error.message.contains("minute"), "\(error.message)")
        }
        let list = engine.list()
        #expect(list.schedules.map(\.name) == ["prod"])
        #expect(list.configError?.contains("palisade.yaml:5") == true)

        // Restarted with the bad file: the last good schedules stay in force, and the error is shown.
        let restarted = try SchedulerEngine(store: ScheduleStore(directory: dir), configFile: file, logger: logger, now: Date())
        #expect(restarted.list().schedules.map(\.name) == ["prod"])
        #expect(restarted.list().configError != nil)

        try "schedules:\n  - name: dev\n    every: 5m\n".write(toFile: file, atomically: true, encoding: .utf8)
        let reloaded = try engine.reload(now: Date())
        #expect(reloaded.schedules.map(\.name) == ["dev"] && reloaded.configError == nil)
    }

    @Test func aConnectorThatIsNotUpYetIsTriedAgainAndRunNowIsRefusedForUnknownNames() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try config("schedules:\n  - name: prod\n    every: 1h\n")
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let bus = InProcessBus()
        let connector = FakeConnector()
        connector.register(on: bus)
        connector.refuse.withLock { $0 = WireError.timeout(ServiceName.connectorAWS) }
        let engine = try SchedulerEngine(store: ScheduleStore(directory: dir), configFile: file, logger: logger, now: now())
        let loop = SchedulerLoop(engine: engine, sender: bus, logger: logger, now: now)
        try await loop.step()
        #expect(engine.list().schedules.first?.runs == 0)
        connector.refuse.withLock { $0 = nil }
        clock.withLock { $0 += 16 }
        try await loop.step()
        #expect(connector.started.withLock { $0.count } == 1)
        #expect(throws: WireError.self) { try engine.runNow("nope", now: now()) }
    }

    @Test func aScanOfTheSameTargetStartedByHandIsWaitedFor() async throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try config("schedules:\n  - name: prod\n    every: 1h\n    profile: prod\n  - name: dev\n    every: 1h\n    profile: dev\n")
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let bus = InProcessBus()
        let connector = FakeConnector()
        connector.register(on: bus)
        // `palisade scan aws --profile prod` is running.
        connector.byHand.withLock {
            $0 = [ActiveScan(scanID: "by-hand", target: StartAWSScan(profile: "prod").target, state: .running)]
        }
        let engine = try SchedulerEngine(store: ScheduleStore(directory: dir), configFile: file, logger: logger, now: now())
        let loop = SchedulerLoop(engine: engine, sender: bus, logger: logger, now: now)
        try await loop.step()
        #expect(connector.started.withLock { $0.map(\.profile) } == ["dev"], "the other target is not held up")
        #expect(engine.list().schedules.first { $0.name == "prod" }?.runs == 0)

        connector.byHand.withLock { $0 = [] }
        clock.withLock { $0 += 16 }
        try await loop.step()
        #expect(connector.started.withLock { $0.map(\.profile) } == ["dev", "prod"])
    }
}
