import Logging
import PalisadeModel
import PalisadeProtocol

/// Hands one scan's graph verdicts to the assessor and waits for them to be accepted.
///
/// Ordering (docs/graph.md § Graph-derived findings): the consumer builds the graph, computes the verdicts,
/// delivers them, and only then commits graph, paths and cursor in one transaction. So the cursor never passes a
/// scan whose verdicts were not accepted: if the assessor is away, `deliver` throws, nothing is committed, and the
/// puller retries the page (rebuilding the same graph). If the process dies after the ack but before the commit,
/// the page is redone and the assessor answers `duplicate` (idempotent on account + scan). At-least-once delivery,
/// exactly-once effect.
///
/// A rejection that retrying cannot fix (`assessor.verdicts.invalid`: a check or resource the assessor does not
/// know, as when the two sides load different checks) is logged and the scan passed over: every verdict set is
/// complete for its account, so the next scan's set repairs what this one would have written.
public struct VerdictDelivery: Sendable {
    let sender: any RequestSender
    let logger: Logger
    let retry: RetryPolicy

    public init(sender: any RequestSender, logger: Logger,
                retry: RetryPolicy = RetryPolicy(attempts: 4, initialBackoff: .milliseconds(250), maxBackoff: .seconds(2))) {
        self.sender = sender
        self.logger = logger
        self.retry = retry
    }

    /// The ack, or nil when the assessor rejected the set for good. Throws when it could not be delivered (retry later).
    @discardableResult
    public func deliver(_ message: GraphVerdicts) async throws -> GraphVerdictsAck? {
        do {
            let ack = try await sender.call(message, timeout: .seconds(60), retry: retry,
                                            idempotencyKey: "graph-verdicts:\(message.account):\(message.scanID)")
            logger.info("graph verdicts delivered", metadata: [
                "scan.id": "\(message.scanID)", "account": "\(message.account)", "verdicts.count": "\(message.verdicts.count)",
                "verdicts.outcome": "\(ack.outcome.rawValue)", "findings.changed": "\(ack.findingsChanged)",
            ])
            return ack
        } catch let e as WireError where Self.permanent.contains(e.code) {
            logger.error("graph verdicts rejected; passing over this scan", metadata: [
                "scan.id": "\(message.scanID)", "account": "\(message.account)", "error.code": "\(e.code)",
                "error": "\(e.message)",
            ])
            return nil
        }
    }

    /// Codes a resend cannot change.
    static let permanent: Set<String> = ["assessor.verdicts.invalid"]
}
