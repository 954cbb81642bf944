import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol

/// Applies and undoes fixes through the AWS connector and records every run. The order is what makes a crash
/// harmless: plan (the connector reads the configuration now) → save the run → each call → save the item's
/// outcome. A run found `running` at start-up was interrupted; undoing it restores every item, which is safe
/// whether or not its calls were made (the restore puts back the recorded configuration).
public struct FixDesk: Sendable {
    let store: ExportStore
    let sender: any RequestSender
    let logger: Logger
    let now: @Sendable () -> Date

    public init(store: ExportStore, sender: any RequestSender, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.now = now
    }

    static let callTimeout: Duration = .seconds(120)

    /// Marks runs left `running` by a crash as `interrupted`.
    public func recover() throws {
        for var run in try store.fixRuns(limit: 1000) where run.state == .running {
            run.state = .interrupted
            try store.saveFixRun(run)
            logger.warning("fix run was interrupted; `palisade fix undo` restores it", metadata: ["fix.run": "\(run.id)"])
        }
    }

    public func apply(_ request: FixApplyRequest) async throws -> FixRun {
        guard !request.findings.isEmpty else {
            throw WireError(code: "export.fix.nothing", message: "no failing finding to fix")
        }
        let plan = try await sender.call(FixPlanRequest(findings: request.findings, profile: request.profile,
                                                        endpoint: request.endpoint),
                                         timeout: Self.callTimeout, retry: .none)
        var run = FixRun(id: Self.newID("fix", now()), kind: .apply, state: .running, createdAt: now(),
                         profile: request.profile, endpoint: request.endpoint,
                         items: plan.items.map { .init(plan: $0, status: $0.noFix == nil ? .pending : .skipped,
                                                       error: $0.noFix) })
        guard run.items.contains(where: { $0.status == .pending }) else {
            throw WireError(code: "export.fix.nothing",
                            message: "no finding has a safe fix: " + run.items.map { "\($0.plan.findingID): \($0.error ?? "")" }
                                .joined(separator: "; "))
        }
        try store.saveFixRun(run)
        try await execute(&run, direction: .apply)
        return run
    }

    public func undo(_ request: FixUndoRequest) async throws -> FixRun {
        guard var original = try store.fixRun(request.runID) else {
            throw WireError(code: "export.fix.unknown", message: "no fix run '\(request.runID)' (see `palisade fix runs`)")
        }
        guard original.kind == .apply else {
            throw WireError(code: "export.fix.undo.invalid", message: "run \(original.id) is itself an undo")
        }
        if let by = original.undoneBy {
            throw WireError(code: "export.fix.undo.done", message: "run \(original.id) was already undone by \(by)")
        }
        // Every item whose calls may have been made: applied, failed part-way, or unknown after a crash — in
        // reverse order, so changes stacked on one resource come off last-made first.
        let items = original.items.filter { $0.status != .skipped }.reversed()
            .map { FixRun.Item(plan: $0.plan, status: .pending) }
        var run = FixRun(id: Self.newID("undo", now()), kind: .undo, state: .running, createdAt: now(),
                         undoOf: original.id, profile: original.profile, endpoint: original.endpoint, items: items)
        try store.saveFixRun(run)
        try await execute(&run, direction: .undo)
        if run.state == .applied {
            original.state = .undone
            original.undoneBy = run.id
            try store.saveFixRun(original)
        }
        return run
    }

    public func rescanned(_ request: FixRescanned) throws -> FixRun {
        guard var run = try store.fixRun(request.runID) else {
            throw WireError(code: "export.fix.unknown", message: "no fix run '\(request.runID)'")
        }
        run.rescanID = request.scanID
        for i in run.items.indices {
            if let s = request.statuses[run.items[i].plan.findingID] { run.items[i].findingStatus = s }
        }
        try store.saveFixRun(run)
        return run
    }

    public func runs(_ query: FixRunsQuery) throws -> [FixRun] {
        if let id = query.runID {
            guard let run = try store.fixRun(id) else {
                throw WireError(code: "export.fix.unknown", message: "no fix run '\(id)' (see `palisade fix runs`)")
            }
            return [run]
        }
        return try store.fixRuns(limit: query.limit)
    }

    /// Makes each pending item's calls through the connector, saving the run after each item.
    func execute(_ run: inout FixRun, direction: FixExecute.Direction) async throws {
        for i in run.items.indices where run.items[i].status == .pending {
            let request = FixExecute(item: run.items[i].plan, direction: direction, profile: run.profile,
                                     endpoint: run.endpoint)
            do {
                let done = try await sender.call(request, timeout: Self.callTimeout, retry: .none)
                run.items[i].status = done.error == nil ? .applied : .failed
                run.items[i].error = done.error
            } catch {
                run.items[i].status = .failed
                run.items[i].error = "\(error)"
            }
            try store.saveFixRun(run)
            logger.info("fix \(direction.rawValue)", metadata: [
                "fix.run": "\(run.id)", "fix.id": "\(run.items[i].plan.fixID ?? "")",
                "finding.id": "\(run.items[i].plan.findingID)", "fix.status": "\(run.items[i].status.rawValue)"])
        }
        let attempted = run.items.filter { $0.status != .skipped }
        run.state = attempted.allSatisfy { $0.status == .applied } ? .applied
            : attempted.contains { $0.status == .applied } ? .partial : .failed
        run.finishedAt = now()
        try store.saveFixRun(run)
    }

    /// `fix-20261204183000-1a2b3c`.
    static func newID(_ prefix: String, _ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss"
        return "\(prefix)-\(f.string(from: date))-" + String(format: "%06x", UInt32.random(in: 0...0xFFFFFF))
    }
}
