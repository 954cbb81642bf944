import Foundation
import Logging
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import ServiceLifecycle

/// Attack paths new and resolved: after each seal (and each rescore) in the assessor's log, once the graph has
/// processed that far, the account's paths are compared with those last reported.
public struct AttackPathSource: Service {
    let store: ExportStore
    let sender: any RequestSender
    let logger: Logger
    let interval: Duration
    let onOutbox: @Sendable () -> Void

    public init(store: ExportStore, sender: any RequestSender, logger: Logger, interval: Duration = .seconds(1),
                onOutbox: @escaping @Sendable () -> Void) {
        self.store = store
        self.sender = sender
        self.logger = logger
        self.interval = interval
        self.onOutbox = onOutbox
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await step() { try? await Task.sleep(for: interval) }
                } catch {
                    logger.debug("attack path check failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Handles the next seal or rescore; true when there is nothing to do now (drained, or the graph is behind).
    public func step() async throws -> Bool {
        let after = try store.sourceCursor(ExportStore.pathsCursor)
        let page = try await sender.call(
            EventsPull(after: after, limit: 200, types: [EventType.scanSealed, EventType.scanRescored]),
            timeout: .seconds(5), retry: .none)
        guard let event = page.events.first else {
            let seen = page.seen(after: after)
            if seen > after { try store.commitSource(ExportStore.pathsCursor, cursor: seen, records: []) }
            return true
        }
        let summary = try event.decodePayload(ScanSummary.self)
        // Only the account's last seal or rescore in this page matters: earlier ones are superseded.
        if page.events.dropFirst().contains(where: { (try? $0.decodePayload(ScanSummary.self))?.account == summary.account }) {
            try store.commitSource(ExportStore.pathsCursor, cursor: event.seq, records: [])
            return false
        }
        let graph = try await sender.call(GraphPositionQuery(), timeout: .seconds(5), retry: .none)
        guard graph.cursor >= event.seq else { return true }  // the graph has not built this scan yet
        let reply = try await sender.call(PathsQuery(scanID: summary.scanID), timeout: .seconds(60), retry: .none)
        guard reply.scanID == summary.scanID else { return true }  // a replica that is behind answered
        let known = try store.attackPathIDs(account: summary.account)
        var current: [String: JSONValue] = [:]
        var records: [ExportRecord] = []
        for p in reply.paths {
            current[p.id] = OutboxRecords.pathSummary(p, scanID: summary.scanID)
            if !known.contains(p.id) {
                records.append(try OutboxRecords.attackPath(p, account: summary.account, scanID: summary.scanID, resolved: false))
            }
        }
        let gone = known.subtracting(current.keys)
        for p in reply.resolved where gone.contains(p.id) {
            records.append(try OutboxRecords.attackPath(p, account: summary.account, scanID: summary.scanID, resolved: true))
        }
        // Paths no longer reported whose last picture the graph did not return: report them from what was stored.
        for id in gone.subtracting(reply.resolved.map(\.id)).sorted() {
            guard let old = try store.attackPathSummary(id: id) else { continue }
            records.append(ExportRecord(key: "attackpath/\(id)/resolved/\(summary.scanID)", kind: .attackPathResolved,
                                        time: Date(), provider: summary.provider, account: summary.account,
                                        severity: old["risk"]?.stringValue.flatMap(Severity.init),
                                        title: "Attack path resolved: " + (old["title"]?.stringValue ?? id), data: old))
        }
        try store.commitPaths(account: summary.account, current: current, records: records, cursor: event.seq)
        if !records.isEmpty {
            logger.info("attack paths changed", metadata: ["account": "\(summary.account)", "scan.id": "\(summary.scanID)",
                                                           "paths.records": "\(records.count)"])
            onOutbox()
        }
        return false
    }
}
