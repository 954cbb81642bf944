import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeRules
import PalisadeStore

/// Everything sealing a scan does inside its one transaction, incrementally:
///
/// 1. retire resources that successfully collected scopes no longer report (their findings resolve);
/// 2. evaluate every check on the resources whose content changed in this scan (new ones included) and on the
///    resources whose related resources changed or were retired;
/// 3. re-run on every resource of their type the checks whose definition changed since the account was last
///    assessed, the checks that read the clock (`days_since`), and account-wide checks whose inputs changed;
/// 4. turn failed scopes into `error` findings; resolve checks that left the benchmark;
/// 5. re-check mutes (all findings when the rules changed, else the muted ones, so expired rules re-open);
/// 6. count the account's findings and append the sealed summary.
///
/// Everything else carries over untouched. Resources stream through in chunks, so memory stays bounded by the
/// chunk, not the account.
struct ScanSealer {
    let benchmark: Benchmark
    let fingerprints: CheckFingerprints
    let muter: any FindingMuter
    let scan: SealScan
    let now: Date
    let failpoint: (@Sendable (String) throws -> Void)?

    static let chunk = 1_000

    private var scanID: String { scan.scanID }
    private var sealSeq = 0
    private var evaluations = 0
    private var resourcesEvaluated = 0
    private var findingsChanged: Int { writer.findingsChanged }
    private var writer: FindingWriter
    private var phases: [String: Double] = [:]
    private var phaseStart = ContinuousClock.now

    /// Closes the current phase of the seal under `name` (times add up when a name repeats).
    private mutating func phase(_ name: String) {
        let now = ContinuousClock.now
        let d = now - phaseStart
        phases[name, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        phaseStart = now
    }

    init(benchmark: Benchmark, fingerprints: CheckFingerprints, muter: any FindingMuter, scan: SealScan, now: Date,
         failpoint: (@Sendable (String) throws -> Void)?) {
        self.benchmark = benchmark
        self.fingerprints = fingerprints
        self.muter = muter
        self.scan = scan
        self.now = now
        self.failpoint = failpoint
        self.writer = FindingWriter(fingerprints: fingerprints, muter: muter, scanID: scan.scanID, provider: scan.provider,
                                    account: scan.account, now: now)
    }

    /// Runs inside the write transaction; returns the sealed scan's summary.
    mutating func seal(_ db: Database, batchesReceived: Int) throws -> ScanSummary {
        let started = ContinuousClock.now
        phaseStart = started
        sealSeq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM scans") ?? 0) + 1
        writer.sealSeq = sealSeq
        var failedTypes: [String: String] = [:]
        for scope in scan.scopes where scope.status == .error {
            for type in scope.resourceTypes { failedTypes[type] = "scope \(scope.service)/\(scope.region): \(scope.reason)" }
        }
        let inventory = DatabaseInventory(db, unavailable: failedTypes)
        try db.execute(sql: SealQueries.scratch)

        // Which checks run everywhere this time.
        let stored = try Dictionary(
            Row.fetchAll(db, sql: "SELECT check_id, check_hash FROM assessed_checks WHERE provider = ? AND account = ?",
                         arguments: [scan.provider, scan.account]).map { ($0["check_id"] as String, $0["check_hash"] as String) },
            uniquingKeysWith: { a, _ in a })
        // Graph-decided checks are never evaluated here: their findings come from the graph's verdicts
        // (GraphVerdictWriter); only the retirement, removal and mute steps below touch them.
        var rerun = Set(benchmark.expressionChecks.filter { stored[$0.id] != fingerprints[$0.id] }.map(\.id))

        // 1. Retire what successful scopes no longer report; what changed is "touched".
        try db.execute(sql: """
            INSERT INTO seal_touched (id, type)
            SELECT sr.resource_id, r.type FROM scan_resources sr JOIN resources r ON r.id = sr.resource_id
            WHERE sr.scan_id = ? AND sr.changed = 1
            """, arguments: [scanID])
        for (type, property) in keyedLinks {
            try db.execute(sql: """
                INSERT OR IGNORE INTO seal_touched (id, type)
                SELECT ? || json_extract(r.properties, ?), '#link' FROM seal_touched t JOIN resources r ON r.id = t.id
                WHERE r.type = ? AND json_extract(r.properties, ?) IS NOT NULL
                """, arguments: [Relation.linkKey(type: type, property: property, value: ""), "$.\(property)", type,
                                 "$.\(property)"])
        }
        phase("touched")
        try retire(db)
        phase("retire")
        try failpoint?("seal.retired")

        // 2. The work set: touched resources that still exist, and the resources whose relations read them.
        try db.execute(sql: "INSERT INTO seal_work (id) SELECT t.id FROM seal_touched t JOIN resources r ON r.id = t.id")
        try db.execute(sql: """
            INSERT OR IGNORE INTO seal_work (id)
            SELECT l.source_id FROM resource_links l JOIN seal_touched t ON t.id = l.target_id
            JOIN resources r ON r.id = l.source_id WHERE r.account = ? AND r.provider = ?
            """, arguments: [scan.account, scan.provider])
        let touchedTypes = Set(try String.fetchAll(db, sql: "SELECT DISTINCT type FROM seal_touched"))
        // Account-wide checks re-run when a type they read changed, was not collected, or they are in error (a scope
        // that failed last time may have been collected now).
        let inError = Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT check_id FROM findings WHERE provider = ? AND account = ? AND status = 'error'
            """, arguments: [scan.provider, scan.account]))
        for check in benchmark.expressionChecks where !rerun.contains(check.id) {
            let wide = check.relatedNames.compactMap { benchmark.resolver.relation($0, for: check.metadata.resourceType) }
                .filter { $0.isAccountWide || $0.by != nil }
            guard !wide.isEmpty else { continue }
            if inError.contains(check.id) || wide.contains(where: { touchedTypes.contains($0.to) || failedTypes[$0.to] != nil }) {
                rerun.insert(check.id)
            }
        }
        phase("work set")
        var last = ""
        while true {
            let rows = try Row.fetchAll(db, sql: SealQueries.work, arguments: [last, Self.chunk])
            guard let tail = rows.last else { break }
            last = tail["id"]
            let resources = try rows.map(Rows.resource)
            resourcesEvaluated += resources.count
            let bm = benchmark
            try evaluate(resources, inventory, db, allChecks: true) { bm.checks(for: $0.type) }
        }

        phase("evaluate changed")

        // 3. Re-run checks on the rest of their type.
        let rerunByType = Dictionary(grouping: benchmark.expressionChecks.filter { rerun.contains($0.id) },
                                     by: \.metadata.resourceType)
        for (type, checks) in rerunByType.sorted(by: { $0.key < $1.key }) {
            var after = ""
            while true {
                let rows = try Row.fetchAll(db, sql: SealQueries.rerun,
                                            arguments: [scan.provider, scan.account, type, after, Self.chunk])
                guard let tail = rows.last else { break }
                after = tail["id"]
                try evaluate(try rows.map(Rows.resource), inventory, db, allChecks: false) { _ in checks }
            }
        }
        phase("rerun checks")

        // 3b. Clock-reading checks whose result may have changed with time alone (their recheck instant has come).
        try evaluateDue(db, inventory, skipping: rerun)
        phase("clock checks due")
        try failpoint?("seal.evaluated")

        // 4. Failed scopes; checks that left the benchmark.
        try recordFailedScopes(db)
        let removed = Set(stored.keys).subtracting(benchmark.checks.map(\.id))
        for id in removed.sorted() {
            for stored in try findings(db, "check_id = ? AND provider = ? AND account = ?", [id, scan.provider, scan.account]) {
                try resolve(db, stored.finding, reason: "check \(id) is no longer in the benchmark")
            }
        }
        try failpoint?("seal.reconciled")

        phase("failed scopes")

        // 5. Mutes.
        try recheckMutes(db, inventory)
        phase("mutes")

        // 6. Bookkeeping and the summary. (Findings new in an earlier scan and carried over read as persisting: see
        // FindingReconciler.lifecycle; they are not rewritten.)
        try db.execute(sql: "DELETE FROM assessed_checks WHERE provider = ? AND account = ?", arguments: [scan.provider, scan.account])
        for check in benchmark.checks {
            try db.execute(sql: "INSERT INTO assessed_checks (provider, account, check_id, check_hash) VALUES (?, ?, ?, ?)",
                           arguments: [scan.provider, scan.account, check.id, fingerprints[check.id]])
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO assessment_state (provider, account, mute_hash, assessed) VALUES (?, ?, ?, ?)
            """, arguments: [scan.provider, scan.account, muter.fingerprint, now.timeIntervalSince1970])
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: SealQueries.statusCounts, arguments: [scan.provider, scan.account]) {
            counts[row["status"]] = row["n"]
        }
        let seen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scan_resources WHERE scan_id = ?", arguments: [scanID]) ?? 0
        phase("bookkeeping")
        try ResourceEvents.changed(db, scanID: scanID, at: now)
        phase("resource events")
        let elapsed = ContinuousClock.now - started
        var stats = AssessmentStats(
            resourcesEvaluated: resourcesEvaluated, evaluations: evaluations, checksRerun: rerun.sorted(),
            findingsChanged: findingsChanged,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        stats.phases = phases
        var summary = ScanSummary(
            scanID: scanID, provider: scan.provider, account: scan.account, state: .sealed, startedAt: scan.startedAt,
            sealedAt: now, batchesReceived: batchesReceived, totalBatches: scan.totalBatches, resourceCount: seen,
            findingCounts: counts, scopes: scan.scopes)
        summary.assessment = stats
        try EventLog.append(db, type: EventType.scanSealed, payload: summary, at: now)
        try db.execute(sql: """
            UPDATE scans SET state = 'sealed', sealed = ?, total_batches = ?, scopes = ?, summary = ?, started = ?, seq = ?
            WHERE id = ?
            """, arguments: [now.timeIntervalSince1970, scan.totalBatches, try Rows.json(scan.scopes),
                             try Rows.json(summary), scan.startedAt.timeIntervalSince1970, sealSeq, scanID])
        try failpoint?("seal.beforeCommit")
        return summary
    }

    /// (target type, property) of every relation that links by property rather than by id.
    private var keyedLinks: [(String, String)] {
        let all = benchmark.resolver.relations.values.flatMap(\.values).compactMap { r in r.by.map { "\(r.to)\u{0}\($0)" } }
        return Set(all).sorted().map { key in
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            return (parts[0], parts[1])
        }
    }

    // MARK: retirement and failed scopes

    /// The account's resources this scan did not report (id, type, region): one pass over the account, not one
    /// query per scope and type.
    private var unseenResources: [(id: String, type: String, region: String)] = []

    private mutating func loadUnseen(_ db: Database) throws {
        unseenResources = try Row.fetchAll(db, sql: """
            SELECT id, type, region FROM resources r WHERE provider = ? AND account = ?
            AND NOT EXISTS (SELECT 1 FROM scan_resources sr WHERE sr.scan_id = ? AND sr.resource_id = r.id)
            """, arguments: [scan.provider, scan.account, scanID]).map { ($0["id"], $0["type"], $0["region"]) }
    }

    /// Resources of `type` that `scope` covers and this scan did not report.
    private func unseen(_ db: Database, _ scope: ScopeResult, _ type: String) throws -> [Resource] {
        let ids = unseenResources.filter { $0.type == type && (scope.region == "global" || $0.region == scope.region) }.map(\.id)
        var out: [Resource] = []
        try forEachChunk(db, ids) { out += $0 }
        return out
    }

    private mutating func retire(_ db: Database) throws {
        try loadUnseen(db)
        var retired: Set<String> = []
        for scope in scan.scopes where scope.status == .ok {
            for type in scope.resourceTypes {
                for resource in try unseen(db, scope, type) where retired.insert(resource.id).inserted {
                    for stored in try findings(db, "resource_id = ?", [resource.id]) {
                        try resolve(db, stored.finding, reason: "resource retired: not seen in scan \(scanID)")
                    }
                    try ResourceEvents.removed(db, resource, at: now)
                    try db.execute(sql: "DELETE FROM resources WHERE id = ?", arguments: [resource.id])
                    try db.execute(sql: "DELETE FROM resource_sightings WHERE id = ?", arguments: [resource.id])
                    try db.execute(sql: "DELETE FROM resource_links WHERE source_id = ?", arguments: [resource.id])
                    try db.execute(sql: "INSERT OR IGNORE INTO seal_touched (id, type) VALUES (?, ?)",
                                   arguments: [resource.id, resource.type])
                    for (linkType, property) in keyedLinks where linkType == resource.type {
                        guard let value = resource.properties[property]?.stringValue else { continue }
                        try db.execute(sql: "INSERT OR IGNORE INTO seal_touched (id, type) VALUES (?, '#link')",
                                       arguments: [Relation.linkKey(type: linkType, property: property, value: value)])
                    }
                }
                let scopeID = "\(scan.provider)/\(scan.account)/\(scope.region)/\(type)"
                for stored in try findings(db, "resource_id = ? AND status = 'error'", [scopeID]) {
                    try resolve(db, stored.finding, reason: "scope collected successfully in scan \(scanID)")
                }
            }
        }
    }

    /// An error finding per check for the scope, and for each known resource the scope would have re-read. Those
    /// resources are marked stale, so the next scan that reads them re-assesses them even if they did not change.
    private mutating func recordFailedScopes(_ db: Database) throws {
        for scope in scan.scopes where scope.status == .error {
            for type in scope.resourceTypes {
                let checks = benchmark.checks(for: type)
                guard !checks.isEmpty else { continue }
                let scopeID = "\(scan.provider)/\(scan.account)/\(scope.region)/\(type)"
                let why = "scope \(scope.service)/\(scope.region) not collected: \(scope.reason)"
                try recordAll(db, checks, resourceID: scopeID, type: type, region: scope.region, resource: nil,
                              status: .error, reason: why)
                for resource in try unseen(db, scope, type) {
                    try recordAll(db, checks, resourceID: resource.id, type: type, region: resource.region,
                                  resource: resource, status: .error,
                                  reason: "not collected in scan \(scanID): \(scope.reason)")
                    try db.execute(sql: "UPDATE resources SET content_hash = 'stale' WHERE id = ?", arguments: [resource.id])
                }
            }
        }
    }

    private mutating func recordAll(_ db: Database, _ checks: [Check], resourceID: String, type: String, region: String,
                                    resource: Resource?, status: FindingStatus, reason: String) throws {
        let previous = try Dictionary(findings(db, "resource_id = ?", [resourceID]).map { ($0.finding.id, $0) },
                                      uniquingKeysWith: { a, _ in a })
        for check in checks {
            try record(db, check, resourceID: resourceID, type: type, region: region, resource: resource,
                       status: status, reason: reason, previous: previous)
        }
    }

    // MARK: evaluation

    private mutating func evaluate(_ resources: [Resource], _ inventory: DatabaseInventory, _ db: Database,
                                   allChecks: Bool, checks: (Resource) -> [Check]) throws {
        guard !resources.isEmpty else { return }
        let ids = resources.map(\.id)
        let previous = try Dictionary(
            findings(db, "resource_id IN (\(databaseQuestionMarks(count: ids.count)))", StatementArguments(ids))
                .map { ($0.finding.id, $0) }, uniquingKeysWith: { a, _ in a })
        for resource in resources {
            let list = checks(resource)
            guard !list.isEmpty else { continue }
            let names = allChecks ? benchmark.relatedNames(for: resource.type)
                : list.reduce(into: Set<String>()) { $0.formUnion($1.relatedNames) }
            var related: [String: Value] = [:]
            if !names.isEmpty {
                inventory.beginRecording()
                related = benchmark.resolver.resolve(names, for: resource, in: inventory)
                if let failure = inventory.failure { throw failure }
                if allChecks {
                    try db.cachedStatement(sql: "DELETE FROM resource_links WHERE source_id = ?")
                        .execute(arguments: [resource.id])
                }
                let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO resource_links (source_id, target_id) VALUES (?, ?)")
                for target in inventory.requested.sorted() {
                    try link.execute(arguments: [resource.id, target])
                }
            }
            let subject = Subject(resource: resource, related: related, now: now)
            for check in list {
                let judgement = check.judge(subject)
                evaluations += 1
                try record(db, check, resourceID: resource.id, type: resource.type, region: resource.region,
                           resource: resource, status: judgement.status, reason: judgement.reason,
                           recheckAt: judgement.recheckAt, previous: previous)
            }
        }
    }

    /// Re-evaluates the clock-reading checks whose findings are due (`recheck_at` has passed), on resources not
    /// already evaluated this seal.
    private mutating func evaluateDue(_ db: Database, _ inventory: DatabaseInventory, skipping rerun: Set<String>) throws {
        let clockChecks = Dictionary(uniqueKeysWithValues: benchmark.expressionChecks.filter { $0.usesClock && !rerun.contains($0.id) }
            .map { ($0.id, $0) })
        guard !clockChecks.isEmpty else { return }
        var due: [String: [Check]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT f.resource_id, f.check_id FROM findings f WHERE f.provider = ? AND f.account = ?
            AND f.recheck_at IS NOT NULL AND f.recheck_at <= ? AND f.resource_id NOT IN (SELECT id FROM seal_work)
            """, arguments: [scan.provider, scan.account, now.timeIntervalSince1970]) {
            guard let check = clockChecks[row["check_id"]] else { continue }
            due[row["resource_id"], default: []].append(check)
        }
        try forEachChunk(db, due.keys.sorted()) { resources in
            try evaluate(resources, inventory, db, allChecks: false) { due[$0.id] ?? [] }
        }
    }

    /// The stored resources with these ids, `chunk` at a time (SQLite bounds the number of bound parameters).
    private func forEachChunk(_ db: Database, _ ids: [String], _ body: ([Resource]) throws -> Void) throws {
        for start in stride(from: 0, to: ids.count, by: Self.chunk) {
            let slice = Array(ids[start..<min(start + Self.chunk, ids.count)])
            try body(try Row.fetchAll(db, sql: "SELECT * FROM resources WHERE id IN (\(databaseQuestionMarks(count: slice.count)))",
                                      arguments: StatementArguments(slice)).map(Rows.resource))
        }
    }

    // MARK: findings

    /// Findings matching a WHERE clause, as stored.
    private func findings(_ db: Database, _ filter: String, _ args: StatementArguments) throws -> [Rows.StoredFinding] {
        try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE \(filter)", arguments: args).map(Rows.StoredFinding.init)
    }

    private mutating func record(_ db: Database, _ check: Check, resourceID: String, type: String, region: String,
                                 resource: Resource?, status: FindingStatus, reason: String, recheckAt: Date? = nil,
                                 previous: [String: Rows.StoredFinding]) throws {
        try writer.record(db, check, resourceID: resourceID, type: type, region: region, resource: resource,
                          status: status, reason: reason, recheckAt: recheckAt, previous: previous)
    }

    private mutating func noteChange(_ finding: Finding, previous: Finding?, _ db: Database) throws {
        try writer.noteChange(finding, previous: previous, db)
    }

    private mutating func resolve(_ db: Database, _ old: Finding, reason: String) throws {
        try writer.resolve(db, old, reason: reason)
    }

    /// Muted findings are re-asked every seal (an expired rule re-opens them); when the rules changed, every
    /// finding of the account is.
    private mutating func recheckMutes(_ db: Database, _ inventory: DatabaseInventory) throws {
        let storedHash = try String.fetchOne(
            db, sql: "SELECT mute_hash FROM assessment_state WHERE provider = ? AND account = ?",
            arguments: [scan.provider, scan.account])
        let everything = (storedHash ?? "") != muter.fingerprint
        var after = ""
        while true {
            let batch = try Row.fetchAll(db, sql: everything ? SealQueries.allFindings : SealQueries.muted,
                                         arguments: [scan.provider, scan.account, after, Self.chunk])
                .map(Rows.StoredFinding.init)
            guard let tail = batch.last else { break }
            after = tail.finding.id
            for stored in batch {
                let finding = stored.finding
                let rule = muter.rule(for: finding, resource: inventory.resource(id: finding.resourceID), now: now)
                guard rule != finding.mutedBy else { continue }
                let (next, isChanged) = FindingReconciler.next(
                    previous: finding, template: finding,
                    evaluation: .init(status: finding.result ?? finding.status, reason: finding.reason, mutedBy: rule),
                    scanID: scanID, now: now)
                try Rows.save(next, checkHash: stored.checkHash, recheckAt: stored.recheckAt, db)
                if isChanged { try noteChange(next, previous: finding, db) }
            }
        }
    }
}
