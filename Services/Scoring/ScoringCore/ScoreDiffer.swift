import Foundation
import PalisadeModel
import PalisadeProtocol

/// Answers `ScoreDiffQuery`: the two scores from the store, the findings behind the change from the assessor's log
/// between them — the `finding.changed` events after the earlier score's seq up to the later one's, paged, at most
/// `maxEvents` read (beyond that the reply says it is incomplete); an old status the log does not tell comes from the
/// assessor's diff of the two scans (`DiffQuery`) when it answers.
public struct ScoreDiffer: Sendable {
    let store: ScoringStore
    let sender: any RequestSender
    let pageSize: Int
    let maxEvents: Int

    public init(store: ScoringStore, sender: any RequestSender, pageSize: Int = 2_000, maxEvents: Int = 200_000) {
        self.store = store
        self.sender = sender
        self.pageSize = pageSize
        self.maxEvents = maxEvents
    }

    public func diff(_ q: ScoreDiffQuery) async throws -> ScoreDiffReply {
        let (from, to) = try pair(q)
        let controls = ScoreDiff.controls(from: from.score, to: to.score)
        var window = ScoreDiff.FindingWindow(account: to.point.account, controls: Set(controls.map(\.controlID)),
                                             limit: max(0, q.findingLimit))
        // The later score reflects the log through its seq; the earlier one through its own, unless it was rescored
        // after the later scan sealed — then from its seal.
        var cursor = from.seq < to.seq ? from.seq : from.sealSeq
        let end = to.seq
        var read = 0
        var complete = true
        while cursor < end, !controls.isEmpty {
            if read >= maxEvents {
                complete = false
                break
            }
            let page = try await sender.call(EventsPull(after: cursor, limit: pageSize, types: [EventType.findingChanged]),
                                             timeout: .seconds(60))
            let inWindow = page.events.filter { $0.seq <= end }
            window.add(inWindow)
            read += page.events.count
            let next = page.seen(after: cursor)
            guard next > cursor else { break }
            cursor = next
        }
        if window.unknownOldStatus, let scanDiff = try? await sender.call(
            DiffQuery(from: from.point.scanID, to: to.point.scanID), timeout: .seconds(60), retry: .none) {
            // Best effort: an assessor that cannot answer leaves those old statuses unknown.
            let changes = scanDiff.newFailures + scanDiff.resolved + scanDiff.otherChanges
            window.fillOldStatus(Dictionary(changes.compactMap { c in c.before.map { (c.findingID, $0) } },
                                            uniquingKeysWith: { a, _ in a }))
        }
        let (findings, more) = window.result(controlOrder: controls.map(\.controlID))
        return ScoreDiffReply(account: to.point.account, from: ScoringStore.point(from, controls: false),
                              to: ScoringStore.point(to, controls: false), controls: controls, findings: findings,
                              moreFindings: more, complete: complete)
    }

    /// The two scores, earlier first: the named scans, or the account's last two.
    func pair(_ q: ScoreDiffQuery) throws -> (ScoringStore.StoredScore, ScoringStore.StoredScore) {
        switch (q.fromScanID, q.toScanID) {
        case let (a?, b?):
            let x = try known(a), y = try known(b)
            guard x.point.account == y.point.account else {
                throw WireError(code: "scoring.diff.accounts",
                                message: "scans \(a) and \(b) belong to different accounts (\(x.point.account), "
                                    + "\(y.point.account)); a diff compares two scans of one account")
            }
            return x.sealSeq <= y.sealSeq ? (x, y) : (y, x)
        case (nil, nil):
            guard let account = try q.account ?? store.score(scanID: nil).flatMap({ try store.stored(scanID: $0.scanID) })?
                .point.account
            else { throw WireError(code: "scoring.diff.empty", message: "nothing has been scored yet: run a scan first") }
            let scores = try store.stored(account: account)
            guard scores.count >= 2 else {
                throw WireError(code: "scoring.diff.insufficient",
                                message: "account \(account) has \(scores.count) scored scan(s); a diff needs two")
            }
            return (scores[scores.count - 2], scores[scores.count - 1])
        default:
            throw WireError(code: "scoring.diff.invalid", message: "name both scans to compare, or neither")
        }
    }

    func known(_ scanID: String) throws -> ScoringStore.StoredScore {
        guard let s = try store.stored(scanID: scanID) else {
            throw WireError(code: "scoring.scan.unknown",
                            message: "scan \(scanID) has not been scored; check the id or wait for scoring to catch up")
        }
        return s
    }
}
