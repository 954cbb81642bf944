import Foundation
import Logging
import PalisadeModel
import PalisadeProtocol
import ServiceLifecycle

/// Pulls the assessor's event log from a committed cursor and hands each page to `apply`, which must
/// commit its state and the new cursor in one transaction. Polls every `interval`; idles quietly while
/// the assessor is away.
public struct EventPuller: Service {
    public typealias Apply = @Sendable ([EventRecord]) async throws -> Void

    let sender: any RequestSender
    let cursor: @Sendable () async throws -> Int64
    let apply: Apply
    let interval: Duration
    let logger: Logger

    public init(sender: any RequestSender, interval: Duration = .milliseconds(300), logger: Logger,
                cursor: @escaping @Sendable () async throws -> Int64, apply: @escaping Apply) {
        self.sender = sender
        self.interval = interval
        self.logger = logger
        self.cursor = cursor
        self.apply = apply
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let drained = try await pullOnce()
                    if drained { try? await Task.sleep(for: interval) }
                } catch {
                    logger.debug("event pull failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// One page; returns true when the log is drained.
    func pullOnce() async throws -> Bool {
        let after = try await cursor()
        let page = try await sender.call(EventsPull(after: after, limit: 500), timeout: .seconds(5), retry: .none)
        guard !page.events.isEmpty else { return true }
        try await apply(page.events)
        return page.events.last!.seq >= page.headSeq
    }
}
