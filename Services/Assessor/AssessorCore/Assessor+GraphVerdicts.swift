import Foundation
import GRDB
import Logging
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// The security graph's verdicts become findings of the benchmark (docs/assessor.md § Graph verdicts).
extension Assessor {
    /// Validates the whole set, then in one transaction writes each verdict as a finding through the seal's
    /// `FindingWriter` (ids, versions, history, lifecycle, mutes), resolves the account's graph findings the set no
    /// longer holds, records the set, and — when a finding changed — appends `scan.rescored` so scoring recomputes.
    /// Idempotent: a resent set for the same scan, or one for an older scan than the last accepted, changes nothing.
    public func acceptVerdicts(_ m: GraphVerdicts) throws -> GraphVerdictsAck {
        let now = clock()
        let muter = try muterSource()
        let ack = try store.store.write { db -> GraphVerdictsAck in
            guard let scan = try Row.fetchOne(db, sql: "SELECT provider, account, state, seq FROM scans WHERE id = ?",
                                              arguments: [m.scanID]) else {
                throw WireError.verdictsInvalid(m.scanID, ["scan \(m.scanID) is unknown"])
            }
            let provider: String = scan["provider"], account: String = scan["account"]
            guard account == m.account else {
                throw WireError.verdictsInvalid(m.scanID, ["scan \(m.scanID) belongs to account \(account), the verdicts say \(m.account)"])
            }
            guard (scan["state"] as String) == ScanState.sealed.rawValue, let scanSeq: Int = scan["seq"] else {
                throw WireError.verdictsInvalid(m.scanID, ["scan \(m.scanID) is not sealed"])
            }
            let digest = GraphVerdictValidator.digest(m.verdicts)
            if let last = try Row.fetchOne(db, sql: """
                SELECT scan_id, scan_seq, digest FROM graph_verdict_sets WHERE provider = ? AND account = ?
                """, arguments: [provider, account]) {
                if (last["scan_id"] as String) == m.scanID {
                    if (last["digest"] as String) != digest {
                        logger.warning("a different verdict set for a scan already accepted; the first one stands",
                                       metadata: ["scan.id": "\(m.scanID)", "account": "\(account)"])
                    }
                    return GraphVerdictsAck(scanID: m.scanID, outcome: .duplicate)
                }
                if (last["scan_seq"] as Int) > scanSeq { return GraphVerdictsAck(scanID: m.scanID, outcome: .superseded) }
            }

            // Validate everything before writing anything.
            var current: [String: Resource] = [:]
            var retired: Set<String> = []
            let lookup = try db.cachedStatement(sql: "SELECT * FROM resources WHERE id = ? AND provider = ? AND account = ?")
            let seenByScan = try db.cachedStatement(sql: "SELECT 1 FROM scan_resources WHERE scan_id = ? AND resource_id = ?")
            let problems = try GraphVerdictValidator.problems(m, benchmark: benchmark) { id in
                if let r = current[id] { return .init(type: r.type) }
                if retired.contains(id) { return .init(type: nil) }
                if let row = try Row.fetchOne(lookup, arguments: [id, provider, account]) {
                    let r = try Rows.resource(row)
                    current[id] = r
                    return .init(type: r.type)
                }
                if try Bool.fetchOne(seenByScan, arguments: [m.scanID, id]) == true {
                    retired.insert(id)
                    return .init(type: nil)
                }
                return nil
            }
            guard problems.isEmpty else { throw WireError.verdictsInvalid(m.scanID, problems) }

            // Write: the verdicts, then resolve what the set no longer reports.
            var writer = FindingWriter(fingerprints: fingerprints, muter: muter, scanID: m.scanID, provider: provider,
                                       account: account, now: now, sealSeq: scanSeq)
            let graphIDs = benchmark.graphChecks.map(\.id)
            var previous: [String: Rows.StoredFinding] = [:]
            if !graphIDs.isEmpty {
                for row in try Row.fetchAll(db, sql: """
                    SELECT * FROM findings WHERE provider = ? AND account = ?
                    AND check_id IN (\(databaseQuestionMarks(count: graphIDs.count)))
                    """, arguments: StatementArguments([provider, account] + graphIDs)) {
                    let stored = try Rows.StoredFinding(row)
                    previous[stored.finding.id] = stored
                }
            }
            var reported: Set<String> = []
            var skipped = 0
            for v in m.verdicts {
                guard let resource = current[v.resourceID], let check = benchmark.check(id: v.checkID) else {
                    skipped += 1
                    continue
                }
                reported.insert(Finding.makeID(provider: provider, account: account, region: resource.region,
                                               checkID: check.id, resourceID: resource.id))
                try writer.record(db, check, resourceID: resource.id, type: resource.type, region: resource.region,
                                  resource: resource, status: v.status, reason: v.reason, previous: previous)
            }
            for (id, stored) in previous.sorted(by: { $0.key < $1.key }) where !reported.contains(id) {
                try writer.resolve(db, stored.finding, reason: "no longer reported by the security graph in scan \(m.scanID)")
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO graph_verdict_sets (provider, account, scan_id, scan_seq, digest, verdicts, accepted)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [provider, account, m.scanID, scanSeq, digest, m.verdicts.count, now.timeIntervalSince1970])
            if writer.findingsChanged > 0 { try rescore(db, provider: provider, account: account, now: now) }
            return GraphVerdictsAck(scanID: m.scanID, outcome: .applied, findingsChanged: writer.findingsChanged,
                                    skipped: skipped)
        }
        logger.info("graph verdicts accepted", metadata: [
            "scan.id": "\(m.scanID)", "account": "\(m.account)", "verdicts.count": "\(m.verdicts.count)",
            "verdicts.outcome": "\(ack.outcome.rawValue)", "findings.changed": "\(ack.findingsChanged)",
        ])
        return ack
    }

    /// The account's findings changed after its latest seal: that scan's summary takes the new counts, and a
    /// `scan.rescored` event carries it so scoring recomputes the score that reflects the current findings (the
    /// latest scan's, even when the verdicts were for an earlier one).
    private func rescore(_ db: Database, provider: String, account: String, now: Date) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, summary FROM scans WHERE provider = ? AND account = ? AND state = 'sealed' AND summary IS NOT NULL
            ORDER BY seq DESC LIMIT 1
            """, arguments: [provider, account]) else { return }
        var summary = try Rows.decode(ScanSummary.self, row["summary"])
        var counts: [String: Int] = [:]
        for c in try Row.fetchAll(db, sql: SealQueries.statusCounts, arguments: [provider, account]) {
            counts[c["status"]] = c["n"]
        }
        summary.findingCounts = counts
        try db.execute(sql: "UPDATE scans SET summary = ? WHERE id = ?", arguments: [try Rows.json(summary), row["id"] as String])
        try EventLog.append(db, type: EventType.scanRescored, payload: summary, at: now)
    }
}
