import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Answers `ComplianceQuery`: the account's finding counts per check (one tally from the assessor, the size of the
/// benchmark whatever the account's size) mapped through each standard's requirements.
public struct ComplianceService: Sendable {
    let benchmark: Benchmark
    let store: ScoringStore
    let sender: any RequestSender
    let now: @Sendable () -> Date

    public init(benchmark: Benchmark, store: ScoringStore, sender: any RequestSender,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.benchmark = benchmark
        self.store = store
        self.sender = sender
        self.now = now
    }

    public func register(on router: inout Router) {
        router.on(ComplianceQuery.self) { q, _ in try await report(q) }
    }

    func report(_ q: ComplianceQuery) async throws -> ComplianceReport {
        var standards = benchmark.standards
        if let id = q.standard {
            guard let s = benchmark.standard(id: id) else {
                throw WireError(code: "scoring.standard.unknown",
                                message: "no standard '\(id)'; standards: \(benchmark.standards.map(\.id).joined(separator: ", "))")
            }
            standards = [s]
        }
        guard let account = try q.account ?? latestAccount() else {
            return ComplianceReport(account: nil, computedAt: now(), standards: [])
        }
        let tally = try await sender.call(FindingTallyQuery(account: account), timeout: .seconds(120))
        let assessed = standards.map { ComplianceCalculator.assess($0, benchmark: benchmark, tallies: tally.checks) }
        var report = ComplianceReport(account: account, computedAt: now(), standards: assessed)
        guard q.withResources else { return report }
        let failingChecks = Set(assessed.flatMap { s in
            s.requirements.filter { $0.state == .failed }.flatMap { r in
                r.checks.filter { ($0.counts[.fail] ?? 0) > 0 }.map(\.checkID)
            }
        })
        for id in failingChecks.sorted() {
            let failing = try await sender.call(FindingsQuery(status: .fail, checkID: id, account: account),
                                                timeout: .seconds(60))
            report.failingResources[id] = failing.map(\.resourceID).sorted().prefix(max(0, q.resourceLimit)).map { $0 }
            report.failingTotals[id] = failing.count
            if let check = benchmark.checks.first(where: { $0.id == id }) {
                report.remediation[id] = check.metadata.remediation.text
            }
        }
        return report
    }

    /// The account of the most recently scored scan.
    func latestAccount() throws -> String? {
        try store.store.read { try String.fetchOne($0, sql: "SELECT account FROM scores ORDER BY seq DESC LIMIT 1") }
    }
}
