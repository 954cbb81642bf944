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
    /// Only these event types (nil: all), and where to move the cursor past events of other types (`skipped`:
    /// commit the seq as seen, like the consumer's own `advance`).
    let types: [String]?
    let skipped: (@Sendable (Int64) async throws -> Void)?

    public init(sender: any RequestSender, interval: Duration = .milliseconds(300), logger: Logger,
                types: [String]? = nil, skipped: (@Sendable (Int64) async throws -> Void)? = nil,
                cursor: @escaping @Sendable () async throws -> Int64, apply: @escaping Apply) {
        precondition((types == nil) == (skipped == nil), "a filtered pull needs somewhere to commit what it skipped")
        self.types = types
        self.skipped = skipped
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

    /// Events per page. Each page costs the consumer one commit (export: two fsyncs besides); a first assessment of
    /// 1,000,000 resources logs ~7,000,000 events, so pages of 500 were 14,000 commits per consumer. A page of 2,000
    /// events is about 1.5 MB on the bus.
    public static let pageLimit = 2_000

    /// One page; returns true when the log is drained.
    func pullOnce() async throws -> Bool {
        let after = try await cursor()
        let page = try await sender.call(EventsPull(after: after, limit: Self.pageLimit, types: types), timeout: .seconds(5),
                                         retry: .none)
        if !page.events.isEmpty { try await apply(page.events) }
        let seen = page.seen(after: after)
        if let skipped, seen > (page.events.last?.seq ?? after) { try await skipped(seen) }
        return seen >= page.headSeq
    }
}
