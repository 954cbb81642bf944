import Foundation
import Logging
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import ServiceLifecycle

/// Reads scoring's own event log (score, compliance and governance changes) into the outbox, with its own cursor.
public struct ScoringSource: Service {
    let store: ExportStore
    let sender: any RequestSender
    let logger: Logger
    let interval: Duration
    let onOutbox: @Sendable () -> Void

    public init(store: ExportStore, sender: any RequestSender, logger: Logger, interval: Duration = .milliseconds(500),
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
                    if try await pullOnce() { try? await Task.sleep(for: interval) }
                } catch {
                    logger.debug("scoring log pull failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// One page; true when drained.
    public func pullOnce() async throws -> Bool {
        let after = try store.sourceCursor(ExportStore.scoringCursor)
        let page = try await sender.call(ScoringEventsPull(after: after, limit: 1_000), timeout: .seconds(5), retry: .none)
        guard let last = page.events.last else { return true }
        var records: [ExportRecord] = []
        for e in page.events {
            do {
                if let r = try OutboxRecords.scoring(e) { records.append(r) }
            } catch {
                logger.error("scoring event did not decode; skipping",
                             metadata: ["event.seq": "\(e.seq)", "event.type": "\(e.type)", "error": "\(error)"])
            }
        }
        if try store.commitSource(ExportStore.scoringCursor, cursor: last.seq, records: records) > 0 { onOutbox() }
        return last.seq >= page.headSeq
    }
}
