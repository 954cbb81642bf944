import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule
import ServiceLifecycle

/// The scheduler's I/O shell: once a second asks the planner what is due, starts those scans on the connector, and
/// watches the scans in flight until they end. Decisions stay in `SchedulePlanner`; this loop only talks to the bus.
public struct SchedulerLoop: Service {
    let engine: SchedulerEngine
    let sender: any RequestSender
    let logger: Logger
    let interval: Duration
    let now: @Sendable () -> Date

    public init(engine: SchedulerEngine, sender: any RequestSender, logger: Logger, interval: Duration = .seconds(1),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.engine = engine
        self.sender = sender
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await step() } catch {
                    logger.error("scheduler step failed; trying again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: start what is due, then look at every scan in flight.
    public func step() async throws {
        for schedule in try engine.tick(now: now()) { await start(schedule) }
        for scan in engine.inFlight { try await watch(scan.name, scan.scanID, since: scan.since, timeout: scan.timeoutSeconds) }
    }

    func start(_ schedule: ScanSchedule) async {
        let t = schedule.target
        let request = StartAWSScan(profile: t.profile, regions: t.regions, endpoint: t.endpoint,
                                   organization: t.organization, roleName: t.organization ? t.roleName : nil,
                                   rates: t.rates)
        // A scan of this target started by hand (`palisade scan`) is still running: wait for it, as for our own.
        do {
            let active = try await sender.call(ActiveScansQuery(), timeout: .seconds(10), retry: .none)
            if let busy = active.first(where: { $0.target.key == t.key }) {
                try? engine.apply { $0.startFailed(schedule.name, reason: "scan \(busy.scanID) of this target is still running",
                                                   retryable: true, now: now()) }
                logger.info("scheduled scan waits for a scan of its target", metadata: [
                    "schedule": "\(schedule.name)", "scan.id": "\(busy.scanID)"])
                return
            }
        } catch let error as WireError where error.code == "protocol.type.unknown" {
            // A connector from before the query: start as before.
        } catch {
            try? engine.apply { $0.startFailed(schedule.name, reason: "\(error)", retryable: true, now: now()) }
            return
        }
        do {
            // One attempt: a start sent twice would run two scans.
            let started = try await sender.call(request, timeout: .seconds(30), retry: .none)
            try engine.apply { $0.started(schedule.name, scanID: started.scanID) }
            logger.info("scheduled scan started", metadata: ["schedule": "\(schedule.name)", "scan.id": "\(started.scanID)"])
        } catch {
            let wire = error as? WireError
            // No connector on the bus yet / no answer: try again shortly. A refusal is this run's outcome.
            let retryable = wire == nil || wire!.retryable || wire!.code.hasPrefix("bus.")
            logger.warning("scheduled scan did not start", metadata: [
                "schedule": "\(schedule.name)", "error": "\(error)", "retry": "\(retryable)"])
            try? engine.apply { $0.startFailed(schedule.name, reason: "\(error)", retryable: retryable, now: now()) }
        }
    }

    func watch(_ name: String, _ scanID: String, since: Date, timeout: Int) async throws {
        let progress: ScanProgress
        do {
            progress = try await sender.call(ScanProgressQuery(scanID: scanID), timeout: .seconds(10), retry: .none)
        } catch let error as WireError where error.code == "connector.aws.scan.unknown" {
            try engine.apply { $0.finished(name, scanID: scanID, outcome: .failed,
                                           detail: "the connector lost the scan (it restarted mid-scan)", now: now()) }
            return
        } catch {
            if now().timeIntervalSince(since) > TimeInterval(timeout) { try giveUp(name, scanID, timeout) }
            return // the connector is away for now; look again next pass
        }
        switch progress.state {
        case .running, .sealing:
            if now().timeIntervalSince(since) > TimeInterval(timeout) { try giveUp(name, scanID, timeout) }
        case .failed:
            try engine.apply { $0.finished(name, scanID: scanID, outcome: .failed,
                                           detail: progress.error ?? "the scan failed", now: now()) }
            logger.warning("scheduled scan failed", metadata: ["schedule": "\(name)", "scan.id": "\(scanID)"])
        case .done:
            let detail = await describe(progress)
            try engine.apply { $0.finished(name, scanID: scanID, outcome: .succeeded, detail: detail, now: now()) }
            logger.info("scheduled scan done", metadata: ["schedule": "\(name)", "scan.id": "\(scanID)", "detail": "\(detail)"])
        }
    }

    private func giveUp(_ name: String, _ scanID: String, _ timeout: Int) throws {
        try engine.apply { $0.finished(name, scanID: scanID, outcome: .failed,
                                       detail: "still running after \(Cadence.format(seconds: timeout)) (the schedule's timeout)",
                                       now: now()) }
    }

    /// `34 resources, fail 12, error 1, 2 scopes failed` — finding counts from the assessor when it answers.
    func describe(_ p: ScanProgress) async -> String {
        if !p.accountScans.isEmpty {
            return "organization: \(p.accountScans.count) account scans, \(p.scopesDone)/\(p.scopesTotal) accounts done"
        }
        var parts = ["\(p.resources) resources"]
        if let summary = try? await sender.call(ScansQuery(scanID: p.scanID), timeout: .seconds(10)).first {
            parts = ["\(summary.resourceCount) resources", "fail \(summary.findingCounts["fail"] ?? 0)",
                     "error \(summary.findingCounts["error"] ?? 0)"]
        }
        let failedScopes = p.scopes.filter { $0.status == .error }.count
        if failedScopes > 0 { parts.append("\(failedScopes) scopes failed") }
        return parts.joined(separator: ", ")
    }
}
