import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeStore

/// Writes findings the one way both the seal and the graph's verdicts do: decide the next state
/// (`FindingReconciler`: version, lifecycle, mute), save it only when something changed, and then append a
/// `finding.changed` event and a `finding_history` row (not for a finding first seen passing). Runs inside the
/// caller's transaction.
struct FindingWriter {
    let fingerprints: CheckFingerprints
    let muter: any FindingMuter
    let scanID: String
    let provider: String
    let account: String
    let now: Date
    /// The `seq` of the scan the findings belong to (history rows are ordered by it for `palisade diff`).
    var sealSeq: Int
    private(set) var findingsChanged = 0
    /// The `finding.changed` payload encoder (hand-written: `JSONEncoder` per event dominated a first assessment).
    private var json = FindingJSON()

    init(fingerprints: CheckFingerprints, muter: any FindingMuter, scanID: String, provider: String, account: String,
         now: Date, sealSeq: Int = 0) {
        self.fingerprints = fingerprints
        self.muter = muter
        self.scanID = scanID
        self.provider = provider
        self.account = account
        self.now = now
        self.sealSeq = sealSeq
    }

    /// Records one evaluation of `check` on a resource (or a scope's pseudo-resource when `resource` is nil).
    mutating func record(_ db: Database, _ check: Check, resourceID: String, type: String, region: String,
                         resource: Resource?, status: FindingStatus, reason: String, recheckAt: Date? = nil,
                         previous: [String: Rows.StoredFinding]) throws {
        let id = Finding.makeID(provider: provider, account: account, region: region, checkID: check.id,
                                resourceID: resourceID)
        let m = check.metadata
        let template = Finding(
            id: id, checkID: m.id, title: m.title, severity: m.severity, controlID: m.controlID, resourceID: resourceID,
            resourceType: type, provider: provider, account: account, region: region, status: status,
            reason: reason, remediation: m.remediation.text, firstSeen: now, lastSeen: now, scanID: scanID,
            version: 1, lifecycle: .new)
        let mutedBy = muter.rule(for: template, resource: resource, now: now)
        let old = previous[id]
        let (finding, changed) = FindingReconciler.next(
            previous: old?.finding, template: template, evaluation: .init(status: status, reason: reason, mutedBy: mutedBy),
            scanID: scanID, now: now)
        let hash = fingerprints[check.id]
        let recheck = recheckAt?.timeIntervalSince1970
        guard changed || old?.checkHash != hash || old?.recheckAt != recheck else { return }
        try Rows.save(finding, checkHash: hash, recheckAt: recheck, db)
        if changed { try noteChange(finding, previous: old?.finding, db) }
    }

    /// Resolves a finding whose subject is gone (resource retired, check removed, no longer reported by the graph):
    /// status `notApplicable`, lifecycle `resolved`.
    mutating func resolve(_ db: Database, _ old: Finding, reason: String) throws {
        guard !(old.status == .notApplicable && old.lifecycle == .resolved) else { return }
        var template = old
        template.lastSeen = now
        var (finding, isChanged) = FindingReconciler.next(
            previous: old, template: template, evaluation: .init(status: .notApplicable, reason: reason), scanID: scanID,
            now: now)
        finding.lifecycle = .resolved
        try Rows.save(finding, checkHash: fingerprints[old.checkID], db)
        if isChanged { try noteChange(finding, previous: old, db) }
    }

    /// The event for export and the history row for `palisade diff`.
    mutating func noteChange(_ finding: Finding, previous: Finding?, _ db: Database) throws {
        findingsChanged += 1
        try EventLog.append(db, type: EventType.findingChanged, encodedPayload: json.encode(finding), at: now)
        let quietlyPassing = previous == nil && (finding.status == .pass || finding.status == .notApplicable)
        if !quietlyPassing { try Rows.appendHistory(finding, sealSeq: sealSeq, db) }
    }
}
