import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import ServiceLifecycle

/// Delivers one sink: reads the outbox from the sink's own cursor, keeps what its filter takes, delivers a batch,
/// and commits the cursor only after the delivery returned (at-least-once; the batch and every record keep their
/// keys, so a redelivery can be recognised). A failing sink backs off and retries from its cursor without holding up
/// any other sink; its error is kept for `palisade export sinks`. Scheduled snapshots interleave with the deltas.
public struct SinkRunner: Service {
    let sink: SinkConfig
    let delivery: any SinkDelivery
    let store: ExportStore
    let signal: OutboxSignal
    let policy: BackoffPolicy
    let logger: Logger
    let now: @Sendable () -> Date
    let poll: Duration
    let started: Date

    public init(sink: SinkConfig, delivery: any SinkDelivery, store: ExportStore, signal: OutboxSignal,
                policy: BackoffPolicy = BackoffPolicy(), logger: Logger, poll: Duration = .seconds(1),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.sink = sink
        self.delivery = delivery
        self.store = store
        self.signal = signal
        self.policy = policy
        self.logger = logger
        self.poll = poll
        self.now = now
        self.started = now()
    }

    /// Attempts of one batch before it is dead-lettered (sinks without a dead-letter place retry forever).
    var maxAttempts: Int {
        if case .webhook(let w) = sink.destination { return w.maxAttempts }
        return Int.max
    }

    public func run() async throws {
        defer { delivery.close() }
        try await cancelWhenGracefulShutdown {
            // A sink that cannot start (its directory is missing) says so in `palisade export sinks` and keeps trying;
            // it never stops the export service or the other sinks.
            var state: SinkState?
            while !Task.isCancelled, state == nil {
                do {
                    var s = try store.ensureSink(sink.name, startAtHead: true)
                    s = try delivery.recover(s)
                    try store.saveSinkState(s)
                    state = s
                } catch {
                    logger.error("sink cannot start; retrying", metadata: ["sink": "\(sink.name)", "error": "\(error)"])
                    if var s = try? store.sinkState(sink.name) {
                        s.lastError = "\(error)"
                        s.lastErrorAt = now()
                        try? store.saveSinkState(s)
                    }
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            guard var state else { return }
            while !Task.isCancelled {
                do {
                    switch try await step(&state) {
                    case .worked: continue
                    case .idle: await signal.wait(timeout: poll)
                    case .backoff(let until):
                        let pause = max(0.05, until.timeIntervalSince(now()))
                        try? await Task.sleep(for: .milliseconds(Int(min(pause, 3_600) * 1_000)))
                    }
                } catch {
                    logger.error("sink step failed", metadata: ["sink": "\(sink.name)", "error": "\(error)"])
                    try? await Task.sleep(for: poll)
                    state = (try? store.sinkState(sink.name)) ?? state
                }
            }
        }
    }

    public enum Step: Sendable, Hashable { case worked, idle, backoff(until: Date) }

    /// One batch (of deltas or of the snapshot in progress). Pure of timing: the loop above decides how to wait.
    public func step(_ state: inout SinkState) async throws -> Step {
        let t = now()
        if let next = state.nextAttemptAt, next > t { return .backoff(until: next) }
        if let snapshotStep = try await snapshotStep(&state, now: t) { return snapshotStep }
        let records = try store.outbox(after: state.cursor, limit: max(sink.batchSize * 4, 200))
        guard !records.isEmpty else { return .idle }
        var batch: [ExportRecord] = []
        var through = state.cursor
        for r in records {
            if batch.count == sink.batchSize { break }
            through = r.seq
            if try takes(r) { batch.append(r) }
        }
        guard !batch.isEmpty else {
            state.cursor = through
            try store.saveSinkState(state)
            return .worked
        }
        return try await deliver(batch, batchID: "\(sink.name)/\(batch.first!.seq)-\(batch.last!.seq)", through: through,
                                 state: &state, now: t)
    }

    /// Does this sink take this record? Its filter, and what its destination can carry.
    func takes(_ r: ExportRecord) throws -> Bool {
        switch sink.destination {
        case .file(let f) where f.format != "records": guard r.finding != nil else { return false }
        case .securityhub(let h):
            // Failing findings are imported; one that stops failing or is muted is archived there (if it was imported).
            guard let f = r.finding else { return false }
            let archive = !r.snapshot && (r.kind == .findingResolved || r.kind == .findingMuted)
            guard h.includePassing || f.status == .fail || archive else { return false }
        default: break
        }
        return sink.filter.matches(r, tags: sink.filter.usesTags ? try store.tags(for: r) : [:])
    }

    func deliver(_ batch: [ExportRecord], batchID: String, through: Int64, state: inout SinkState, now t: Date)
        async throws -> Step
    {
        do {
            var next = try await delivery.deliver(batch, batchID: batchID, state: state, now: t)
            next.cursor = through
            next.delivered += Int64(batch.count)
            next.attempts = 0
            next.lastSuccessAt = t
            next.nextAttemptAt = nil
            try store.saveSinkState(next)
            state = next
            return .worked
        } catch let failure as DeliveryFailure {
            return try failed(batch, batchID: batchID, through: through, failure: failure, state: &state, now: t)
        } catch {
            return try failed(batch, batchID: batchID, through: through, failure: DeliveryFailure("\(error)"),
                              state: &state, now: t)
        }
    }

    func failed(_ batch: [ExportRecord], batchID: String, through: Int64, failure: DeliveryFailure,
                state: inout SinkState, now t: Date) throws -> Step {
        state.attempts += 1
        state.lastError = failure.message
        state.lastErrorAt = t
        if (!failure.retryable || state.attempts >= maxAttempts),
           try delivery.deadLetter(batch, batchID: batchID, reason: failure.message, now: t) {
            logger.error("sink batch dead-lettered", metadata: [
                "sink": "\(sink.name)", "batch.id": "\(batchID)", "records": "\(batch.count)",
                "attempts": "\(state.attempts)", "error": "\(failure.message)",
            ])
            state.cursor = through
            state.deadLettered += Int64(batch.count)
            state.attempts = 0
            state.nextAttemptAt = nil
            try store.saveSinkState(state)
            return .worked
        }
        let delay = policy.delay(afterAttempt: state.attempts, retryAfter: failure.retryAfter)
        let until = t.addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        state.nextAttemptAt = until
        try store.saveSinkState(state)
        if state.attempts == 1 || state.attempts.isMultiple(of: 10) {
            logger.warning("sink delivery failed; retrying from its cursor", metadata: [
                "sink": "\(sink.name)", "attempts": "\(state.attempts)", "error": "\(failure.message)",
            ])
        }
        return .backoff(until: until)
    }
}
