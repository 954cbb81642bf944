import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeRules
import PalisadeStore

/// Everything sealing a scan does inside its one transaction: evaluate the checks on the scan's resources,
/// turn failed scopes into `error` findings, retire resources that successfully collected scopes no longer
/// report, reconcile findings and append events.
struct ScanSealer {
    let benchmark: Benchmark
    let scan: SealScan
    let now: Date
    let failpoint: (@Sendable (String) throws -> Void)?

    private var scanID: String { scan.scanID }
    private var changed: [Finding] = []
    private var counts: [String: Int] = [:]
    private var previous: [String: Finding] = [:]

    init(benchmark: Benchmark, scan: SealScan, now: Date, failpoint: (@Sendable (String) throws -> Void)?) {
        self.benchmark = benchmark
        self.scan = scan
        self.now = now
        self.failpoint = failpoint
    }

    /// Runs inside the write transaction; returns the sealed scan's summary.
    mutating func seal(_ db: Database, batchesReceived: Int) throws -> ScanSummary {
        previous = try Dictionary(
            Row.fetchAll(db, sql: "SELECT * FROM findings WHERE account = ? AND provider = ?",
                         arguments: [scan.account, scan.provider]).map { try Rows.finding($0) }.map { ($0.id, $0) },
            uniquingKeysWith: { a, _ in a })
        let inventory = try Row.fetchAll(db, sql: "SELECT * FROM resources WHERE account = ? AND provider = ?",
                                         arguments: [scan.account, scan.provider]).map { try Rows.resource($0) }
        let index = InventoryIndex(inventory)
        let seen = Set(try String.fetchAll(db, sql: "SELECT resource_id FROM scan_resources WHERE scan_id = ?",
                                           arguments: [scanID]))

        // 1. Evaluate every check on every resource of this scan (checks pre-grouped by type).
        for id in seen.sorted() {
            guard let resource = index.resource(id: id) else { continue }
            let checks = benchmark.checks(for: resource.type)
            guard !checks.isEmpty else { continue }
            let names = checks.reduce(into: Set<String>()) { $0.formUnion($1.relatedNames) }
            let related = names.isEmpty ? [:] : benchmark.resolver.resolve(names, for: resource, in: index)
            for check in checks {
                let (status, reason) = check.evaluate(resource, related: related, now: now)
                try record(db, check, resourceID: resource.id, type: resource.type, region: resource.region,
                           .init(status: status, reason: reason))
            }
        }
        try failpoint?("seal.evaluated")

        // 2. Failed scopes: an error finding per check for the scope; known resources not re-read become error.
        for scope in scan.scopes where scope.status == .error {
            for type in scope.resourceTypes {
                let scopeID = "\(scan.provider)/\(scan.account)/\(scope.region)/\(type)"
                for check in benchmark.checks(for: type) {
                    try record(db, check, resourceID: scopeID, type: type, region: scope.region,
                               .init(status: .error, reason: "scope \(scope.service)/\(scope.region) not collected: \(scope.reason)"))
                }
                for resource in inventory where resource.type == type && covers(scope, resource) && !seen.contains(resource.id) {
                    for check in benchmark.checks(for: type) {
                        try record(db, check, resourceID: resource.id, type: type, region: resource.region,
                                   .init(status: .error, reason: "not collected in scan \(scanID): \(scope.reason)"))
                    }
                }
            }
        }

        // 3. Successful scopes: retire what they no longer report; clear earlier scope-level errors.
        let findingsByResource = Dictionary(grouping: previous.values, by: \.resourceID)
        for scope in scan.scopes where scope.status == .ok {
            for type in scope.resourceTypes {
                for resource in inventory where resource.type == type && covers(scope, resource) && !seen.contains(resource.id) {
                    try db.execute(sql: "DELETE FROM resources WHERE id = ?", arguments: [resource.id])
                    for finding in findingsByResource[resource.id] ?? [] {
                        try resolve(db, finding, reason: "resource retired: not seen in scan \(scanID)")
                    }
                }
                let scopeID = "\(scan.provider)/\(scan.account)/\(scope.region)/\(type)"
                for finding in findingsByResource[scopeID] ?? [] where finding.status == .error {
                    try resolve(db, finding, reason: "scope collected successfully in scan \(scanID)")
                }
            }
        }
        try failpoint?("seal.reconciled")

        // 4. Events: each new or changed finding, then the sealed summary.
        for f in changed { try EventLog.append(db, type: EventType.findingChanged, payload: f, at: now) }
        let summary = ScanSummary(
            scanID: scanID, provider: scan.provider, account: scan.account, state: .sealed, startedAt: scan.startedAt,
            sealedAt: now, batchesReceived: batchesReceived, totalBatches: scan.totalBatches, resourceCount: seen.count,
            findingCounts: counts, scopes: scan.scopes)
        try EventLog.append(db, type: EventType.scanSealed, payload: summary, at: now)
        try db.execute(sql: """
            UPDATE scans SET state = 'sealed', sealed = ?, total_batches = ?, scopes = ?, summary = ?, started = ?
            WHERE id = ?
            """, arguments: [now.timeIntervalSince1970, scan.totalBatches, try Rows.json(scan.scopes),
                             try Rows.json(summary), scan.startedAt.timeIntervalSince1970, scanID])
        try failpoint?("seal.beforeCommit")
        return summary
    }

    /// A global scope covers its types in every region (S3 buckets live in their own regions).
    private func covers(_ scope: ScopeResult, _ r: Resource) -> Bool {
        scope.region == "global" || scope.region == r.region
    }

    private mutating func record(_ db: Database, _ check: Check, resourceID: String, type: String, region: String,
                                 _ evaluation: FindingReconciler.Evaluation) throws {
        let id = Finding.makeID(provider: scan.provider, account: scan.account, region: region, checkID: check.id,
                                resourceID: resourceID)
        let m = check.metadata
        let template = Finding(
            id: id, checkID: m.id, title: m.title, severity: m.severity, controlID: m.controlID, resourceID: resourceID,
            resourceType: type, provider: scan.provider, account: scan.account, region: region, status: evaluation.status,
            reason: evaluation.reason, remediation: m.remediation.text, firstSeen: now, lastSeen: now, scanID: scanID,
            version: 1, lifecycle: .new)
        let (finding, isChanged) = FindingReconciler.next(previous: previous[id], template: template,
                                                          evaluation: evaluation, scanID: scanID, now: now)
        try Rows.save(finding, db)
        previous[id] = finding
        counts[evaluation.status.rawValue, default: 0] += 1
        if isChanged { changed.append(finding) }
    }

    private mutating func resolve(_ db: Database, _ old: Finding, reason: String) throws {
        guard !(old.status == .notApplicable && old.lifecycle == .resolved) else { return }
        var template = old
        template.lastSeen = now
        var (finding, isChanged) = FindingReconciler.next(
            previous: old, template: template, evaluation: .init(status: .notApplicable, reason: reason), scanID: scanID,
            now: now)
        finding.lifecycle = .resolved
        try Rows.save(finding, db)
        previous[old.id] = finding
        if isChanged { changed.append(finding) }
    }
}
