import Foundation
import PalisadeModel

/// The security graph's verdicts on the graph-decided checks (`evaluator: graph`) for one sealed scan of an account:
/// one per (check, applicable resource). The assessor validates them all, then writes them as findings of the
/// benchmark in one transaction (same ids, versions, history, lifecycle and mutes as the seal) and acknowledges.
///
/// The set is complete for the account: a graph finding of the account absent from it resolves. Idempotent on
/// `(account, scanID)`: the first set accepted for a scan wins, a resent one changes nothing (`duplicate`), and a
/// set for a scan older than the account's last accepted one is `superseded` (a replica catching up). A graph
/// consumer resends until acknowledged.
public struct GraphVerdicts: BusMessage {
    public static let service = ServiceName.assessor
    public static let type = "assessor.graphVerdicts"
    public typealias Response = GraphVerdictsAck

    public var scanID: String
    public var account: String
    public var verdicts: [GraphVerdict]

    public init(scanID: String, account: String, verdicts: [GraphVerdict]) {
        self.scanID = scanID
        self.account = account
        self.verdicts = verdicts
    }
}

/// One verdict: `pass`, `fail` or `error` (the deciding edge is unknown), with the evidence in `reason`.
public struct GraphVerdict: Codable, Sendable, Hashable {
    public var checkID: String
    public var resourceID: String
    public var status: FindingStatus
    public var reason: String

    public init(checkID: String, resourceID: String, status: FindingStatus, reason: String) {
        self.checkID = checkID
        self.resourceID = resourceID
        self.status = status
        self.reason = reason
    }
}

public struct GraphVerdictsAck: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable, Hashable {
        /// Written (possibly changing nothing when every verdict matched the stored findings).
        case applied
        /// This scan's verdicts were already accepted: nothing changed.
        case duplicate
        /// Verdicts of a later scan of the account were already accepted: nothing changed.
        case superseded
    }

    public var scanID: String
    public var outcome: Outcome
    /// Findings created or changed (their `finding.changed` events were appended).
    public var findingsChanged: Int
    /// Verdicts on resources retired since the scan (seen by it, gone now): not written.
    public var skipped: Int

    public init(scanID: String, outcome: Outcome, findingsChanged: Int = 0, skipped: Int = 0) {
        self.scanID = scanID
        self.outcome = outcome
        self.findingsChanged = findingsChanged
        self.skipped = skipped
    }
}
