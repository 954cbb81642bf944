import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeRules
import PalisadeStore

/// Queries about the benchmark itself: the checks, what to fix first, what changed between scans.
extension Assessor {
    public func checks(_ q: ChecksQuery) throws -> [CheckInfo] {
        var list = benchmark.checks
        if let id = q.id {
            list = list.filter { $0.id == id }
            if list.isEmpty { throw WireError.notFound("no check '\(id)': `palisade checks list` shows them all") }
        }
        if let type = q.resourceType {
            // The mute rules' glob: `*` and `?` over the whole type, no substring matching.
            let pattern: MutePattern
            do { pattern = try MutePattern(glob: type) } catch {
                throw WireError.invalid("--type '\(type)' is not a valid glob: \(error)")
            }
            list = list.filter { pattern.matches($0.metadata.resourceType) }
        }
        if let control = q.control { list = list.filter { $0.metadata.controlID == control } }
        if let standard = q.standard {
            let requirement = standard.contains(":")
            list = list.filter { c in c.metadata.standards.contains { requirement ? $0 == standard : $0.hasPrefix(standard + ":") } }
        }
        let counts = try store.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT check_id, status, COUNT(*) AS n FROM findings
                WHERE NOT (lifecycle = 'resolved' AND status = 'notApplicable') GROUP BY check_id, status
                """)
        }
        var byCheck: [String: [String: Int]] = [:]
        for row in counts { byCheck[row["check_id"], default: [:]][row["status"]] = row["n"] }
        return list.map {
            CheckInfo(metadata: $0.metadata, applies: $0.applies?.source, assertion: $0.assertion?.source ?? "", file: $0.file,
                      builtIn: Benchmark.isBuiltIn($0), counts: byCheck[$0.id] ?? [:])
        }
    }

    public func recommendations(_ q: RecommendationsQuery) throws -> [Recommendation] {
        let rows = try store.store.read { db in
            var sql = """
                SELECT check_id, status, COUNT(*) AS n, group_concat(resource_id, char(10)) AS ids FROM findings
                WHERE (status IN ('fail', 'error') OR (status = 'muted' AND result = 'fail'))
                """
            var args: [any DatabaseValueConvertible] = []
            if let a = q.account { sql += " AND account = ?"; args.append(a) }
            sql += " GROUP BY check_id, status"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args))
        }
        var by: [String: (fail: Int, muted: Int, error: Int, ids: [String])] = [:]
        for row in rows {
            let id: String = row["check_id"], n: Int = row["n"], status: String = row["status"]
            var entry = by[id] ?? (0, 0, 0, [])
            switch status {
            case "fail":
                entry.fail = n
                entry.ids = ((row["ids"] as String?) ?? "").split(separator: "\n").prefix(5).map(String.init)
            case "muted": entry.muted = n
            default: entry.error = n
            }
            by[id] = entry
        }
        let out = by.compactMap { id, e -> Recommendation? in
            guard e.fail > 0, let check = benchmark.check(id: id) else { return nil }
            let m = check.metadata
            if let min = q.minimumSeverity, m.severity < min { return nil }
            return Recommendation(checkID: id, title: m.title, severity: m.severity, controlID: m.controlID, failing: e.fail,
                                  muted: e.muted, errors: e.error, remediation: m.remediation, examples: e.ids.sorted(),
                                  standards: m.standards)
        }
        return out.sorted { ($0.severity, $0.failing, $1.checkID) > ($1.severity, $1.failing, $0.checkID) }
    }

    public func diff(_ q: DiffQuery) throws -> ScanDiff {
        try store.store.read { db in
            func scan(_ id: String) throws -> Row {
                guard let row = try Row.fetchOne(db, sql: "SELECT id, provider, account, seq FROM scans WHERE id = ? AND state = 'sealed'",
                                                 arguments: [id]) else {
                    throw WireError.notFound("no sealed scan '\(id)': `palisade scans` lists them")
                }
                return row
            }
            let to: Row
            if let id = q.to { to = try scan(id) } else {
                guard let latest = try Row.fetchOne(db, sql: """
                    SELECT id, provider, account, seq FROM scans WHERE state = 'sealed' AND seq IS NOT NULL ORDER BY seq DESC LIMIT 1
                    """) else { throw WireError.notFound("no sealed scan yet: run `palisade scan aws` first") }
                to = latest
            }
            let account: String = to["account"], provider: String = to["provider"], toSeq: Int = to["seq"]
            let from: Row
            if let id = q.from { from = try scan(id) } else {
                guard let previous = try Row.fetchOne(db, sql: """
                    SELECT id, provider, account, seq FROM scans WHERE state = 'sealed' AND account = ? AND provider = ? AND seq < ?
                    ORDER BY seq DESC LIMIT 1
                    """, arguments: [account, provider, toSeq]) else {
                    throw WireError.notFound("scan \(to["id"] as String) is the first of account \(account): nothing to compare with")
                }
                from = previous
            }
            guard (from["account"] as String) == account else {
                throw WireError.invalid("scans \(from["id"] as String) and \(to["id"] as String) belong to different accounts")
            }
            let fromSeq: Int = from["seq"]
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.finding_id, h.seal_seq, h.status, h.reason, f.check_id, f.title, f.severity, f.resource_id
                FROM finding_history h JOIN findings f ON f.id = h.finding_id
                WHERE f.account = ? AND f.provider = ? AND h.seal_seq <= ? ORDER BY h.finding_id, h.seal_seq, h.version
                """, arguments: [account, provider, max(fromSeq, toSeq)])
            var before: [String: Row] = [:], after: [String: Row] = [:]
            for row in rows {
                let id: String = row["finding_id"], seq: Int = row["seal_seq"]
                if seq <= fromSeq { before[id] = row }
                if seq <= toSeq { after[id] = row }
            }
            var newFailures: [ScanDiff.Change] = [], resolved: [ScanDiff.Change] = [], other: [ScanDiff.Change] = []
            for (id, row) in after.sorted(by: { $0.key < $1.key }) {
                let was = (before[id]?["status"] as String?).flatMap(FindingStatus.init(rawValue:))
                guard let now = FindingStatus(rawValue: row["status"]), was != now else { continue }
                if was == nil, now == .pass || now == .notApplicable { continue }
                let change = ScanDiff.Change(
                    findingID: id, checkID: row["check_id"], title: row["title"],
                    severity: Severity(rawValue: row["severity"]) ?? .medium, resourceID: row["resource_id"],
                    before: was, after: now, reason: row["reason"])
                if now == .fail { newFailures.append(change) } else if was == .fail { resolved.append(change) } else { other.append(change) }
            }
            return ScanDiff(from: from["id"], to: to["id"], account: account, newFailures: newFailures, resolved: resolved,
                            otherChanges: other)
        }
    }
}
