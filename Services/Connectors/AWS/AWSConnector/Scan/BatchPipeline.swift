import Foundation
import PalisadeModel
import PalisadeProtocol

/// The delivery side of a scan as a pure state machine: resources in, batches of at most `batchSize`
/// out (numbered 0..<n), each resent with backoff until acknowledged, at most `maxInFlight` unacked at
/// a time; once collection has finished and every batch is acknowledged, the seal; a seal that reports
/// missing batches makes them go out again, then the seal again. Time is a `Duration` since scan start.
public struct BatchPipeline: Sendable {
    public struct Config: Sendable {
        public var batchSize = 100
        public var maxInFlight = 4
        public var initialBackoff: Duration = .milliseconds(500)
        public var maxBackoff: Duration = .seconds(10)
        /// A batch or seal that keeps failing this long makes the scan fail (the assessor may be restarting:
        /// at least 120 s).
        public var giveUpAfter: Duration = .seconds(300)

        public init(batchSize: Int = 100, maxInFlight: Int = 4, initialBackoff: Duration = .milliseconds(500),
                    maxBackoff: Duration = .seconds(10), giveUpAfter: Duration = .seconds(300)) {
            self.batchSize = max(1, batchSize)
            self.maxInFlight = max(1, maxInFlight)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.giveUpAfter = giveUpAfter
        }
    }

    public enum Action: Sendable, Equatable {
        /// Send batch `seq` (attempt counts from 1).
        case send(seq: Int, resources: [Resource], attempt: Int)
        case seal(totalBatches: Int, scopes: [ScopeResult], attempt: Int)
        case finished(SealResult)
        case failed(String)
    }

    enum SealPhase: Sendable, Equatable { case notYet, inFlight, waiting(until: Duration), done }

    struct Outstanding: Sendable {
        var attempts = 0
        var retryAt: Duration?
        var firstFailure: Duration?
    }

    public let config: Config
    private var pending: [Resource] = []
    /// Every batch's content, kept until the scan is sealed (a seal may ask for any of them again).
    private var contents: [[Resource]] = []
    private var queue: [Int] = []
    private var inFlight: Set<Int> = []
    private var waiting: [Int: Outstanding] = [:]
    private var acked: Set<Int> = []
    /// Acknowledged batches whose resources were dropped from memory.
    private var released: Set<Int> = []
    private var everSent: Set<Int> = []
    private var collectionDone = false
    private var scopes: [ScopeResult] = []
    private var seal: SealPhase = .notYet
    private var sealAttempts = 0
    private var sealFirstFailure: Duration?
    private var over = false

    public init(config: Config = Config()) { self.config = config }

    public var batchesCreated: Int { contents.count }
    public var batchesAcked: Int { acked.count }
    /// Distinct batches sent at least once.
    public var batchesSent: Int { everSent.count }
    public var isOver: Bool { over }
    /// Below this the producer may add more without growing an unbounded backlog.
    public var backlog: Int { pending.count + queue.count * config.batchSize }

    /// When the next retry is due, if any.
    public var nextWakeup: Duration? {
        let times = waiting.values.compactMap(\.retryAt) + (seal.waitingUntil.map { [$0] } ?? [])
        return times.min()
    }

    public mutating func add(_ resource: Resource, now: Duration) -> [Action] {
        guard !collectionDone, !over else { return [] }
        pending.append(resource)
        if pending.count >= config.batchSize { cut() }
        return pump(now)
    }

    public mutating func finishCollection(scopes: [ScopeResult], now: Duration) -> [Action] {
        guard !collectionDone, !over else { return [] }
        collectionDone = true
        self.scopes = scopes
        if !pending.isEmpty { cut() }
        return pump(now)
    }

    /// An acknowledged batch is committed on the assessor's side: its resources are released here, so a scan
    /// holds only the batches not yet acknowledged (bounded memory whatever the estate's size).
    public mutating func acknowledged(seq: Int, now: Duration) -> [Action] {
        guard inFlight.remove(seq) != nil else { return [] }
        acked.insert(seq)
        waiting[seq] = nil
        contents[seq] = []
        released.insert(seq)
        return pump(now)
    }

    public mutating func sendFailed(seq: Int, error: String, now: Duration) -> [Action] {
        guard inFlight.remove(seq) != nil, var o = waiting[seq] else { return [] }
        let first = o.firstFailure ?? now
        if now - first >= config.giveUpAfter {
            over = true
            return [.failed("batch \(seq) not acknowledged by the assessor after \(o.attempts) attempts: \(error)")]
        }
        o.firstFailure = first
        o.retryAt = now + backoff(o.attempts)
        waiting[seq] = o
        return pump(now)
    }

    public mutating func sealReplied(_ result: SealResult, now: Duration) -> [Action] {
        guard seal == .inFlight else { return [] }
        if result.sealed && result.missingBatches.isEmpty {
            seal = .done
            over = true
            return [.finished(result)]
        }
        let missing = result.missingBatches.filter { contents.indices.contains($0) }
        if missing.isEmpty && !result.sealed {
            // Not sealed yet but nothing missing: ask again after a pause.
            return sealFailed(error: "assessor has not sealed the scan yet", now: now)
        }
        if let lost = missing.first(where: { released.contains($0) }) {
            // The assessor acknowledges only after commit, so this means its database lost data: rescan.
            over = true
            return [.failed("the assessor reports batch \(lost) missing after acknowledging it; run the scan again")]
        }
        seal = .notYet
        for seq in missing where !queue.contains(seq) && !inFlight.contains(seq) {
            acked.remove(seq)
            waiting[seq] = Outstanding()
            queue.append(seq)
        }
        return pump(now)
    }

    public mutating func sealFailed(error: String, now: Duration) -> [Action] {
        guard seal == .inFlight else { return [] }
        let first = sealFirstFailure ?? now
        if now - first >= config.giveUpAfter {
            over = true
            return [.failed("scan could not be sealed after \(sealAttempts) attempts: \(error)")]
        }
        sealFirstFailure = first
        seal = .waiting(until: now + backoff(sealAttempts))
        return []
    }

    /// Time passed: retries that are due go out again.
    public mutating func tick(now: Duration) -> [Action] { pump(now) }

    private mutating func cut() {
        let seq = contents.count
        contents.append(pending)
        pending = []
        waiting[seq] = Outstanding()
        queue.append(seq)
    }

    private func backoff(_ attempts: Int) -> Duration {
        var d = config.initialBackoff
        for _ in 1..<max(1, attempts) {
            d = d * 2
            if d >= config.maxBackoff { return config.maxBackoff }
        }
        return min(d, config.maxBackoff)
    }

    private mutating func pump(_ now: Duration) -> [Action] {
        guard !over else { return [] }
        var actions: [Action] = []
        for (seq, o) in waiting where o.retryAt.map({ $0 <= now }) == true && !inFlight.contains(seq) {
            waiting[seq]?.retryAt = nil
            if !queue.contains(seq) { queue.append(seq) }
        }
        queue.sort()
        while inFlight.count < config.maxInFlight, !queue.isEmpty {
            let seq = queue.removeFirst()
            inFlight.insert(seq)
            everSent.insert(seq)
            waiting[seq, default: Outstanding()].attempts += 1
            actions.append(.send(seq: seq, resources: contents[seq], attempt: waiting[seq]!.attempts))
        }
        let allAcked = acked.count == contents.count && inFlight.isEmpty && queue.isEmpty
        if collectionDone, allAcked {
            let due: Bool
            switch seal {
            case .notYet: due = true
            case .waiting(let until): due = until <= now
            case .inFlight, .done: due = false
            }
            if due {
                seal = .inFlight
                sealAttempts += 1
                actions.append(.seal(totalBatches: contents.count, scopes: scopes, attempt: sealAttempts))
            }
        }
        return actions
    }
}

extension BatchPipeline.SealPhase {
    var waitingUntil: Duration? { if case .waiting(let t) = self { return t }; return nil }
}
