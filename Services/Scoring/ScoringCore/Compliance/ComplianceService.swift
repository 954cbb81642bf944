import Foundation
import GRDB
import PalisadeBenchmark
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// Answers the compliance requests: the dashboard from the account's current finding counts (one tally from the
/// assessor, the size of the benchmark whatever the account's size) mapped through each standard the account has on,
/// attestations, standard selection and the per-scan history.
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
        router.on(ComplianceAttest.self) { q, _ in try attest(q) }
        router.on(ComplianceAttestationsQuery.self) { q, _ in
            guard let account = try q.account ?? store.latestScoredAccount() else { return [] }
            if let s = q.standard { _ = try standard(s) }
            return try store.attestations(account: account, standard: q.standard)
        }
        router.on(ComplianceSelect.self) { q, _ in try select(q) }
        router.on(ComplianceHistoryQuery.self) { q, _ in
            _ = try standard(q.standard)
            guard let account = try q.account ?? store.latestScoredAccount() else { return [] }
            return try store.complianceHistory(account: account, standard: q.standard, since: q.since)
        }
    }

    func standard(_ id: String) throws -> Standard {
        guard let s = benchmark.standard(id: id) else {
            throw WireError(code: "scoring.standard.unknown",
                            message: "no standard '\(id)'; standards: \(benchmark.standards.map(\.id).joined(separator: ", "))")
        }
        return s
    }

    func account(_ given: String?) throws -> String {
        guard let a = try given ?? store.latestScoredAccount() else {
            throw WireError(code: "scoring.account.none",
                            message: "no account has been scored yet; scan one first or pass --account")
        }
        return a
    }

    func report(_ q: ComplianceQuery) async throws -> ComplianceReport {
        if let id = q.standard {
            _ = try standard(id)
        }
        guard let account = try q.account ?? store.latestScoredAccount() else {
            return ComplianceReport(account: nil, computedAt: now(), standards: [])
        }
        if let id = q.standard, try store.disabledStandards(account: account).contains(id) {
            throw WireError(code: "scoring.standard.disabled",
                            message: "standard '\(id)' is switched off for account \(account); "
                                + "`palisade compliance enable \(id) --account \(account)` switches it on")
        }
        let tally = try await sender.call(FindingTallyQuery(account: account), timeout: .seconds(120))
        let at = now()
        let assessed = try ComplianceAssessment.standards(benchmark: benchmark, store: store, account: account,
                                                          tallies: tally.checks, only: q.standard, at: at)
        var report = ComplianceReport(account: account, computedAt: at, standards: assessed)
        guard q.withResources else { return report }
        let failingChecks = Set(assessed.flatMap { s in
            s.requirements.filter { $0.state == .failed }.flatMap { r in
                r.checks.filter { ($0.counts[.fail] ?? 0) > 0 }.map(\.checkID)
            }
        })
        for id in failingChecks.sorted() {
            let failing = try await sender.call(FindingsQuery(status: .fail, checkID: id, account: account),
                                                timeout: .seconds(60))
            report.failingResources[id] = Array(failing.map(\.resourceID).sorted().prefix(max(0, q.resourceLimit)))
            report.failingTotals[id] = failing.count
        }
        for s in assessed {
            for r in s.requirements where r.state == .failed || r.state == .error {
                for c in r.checks {
                    if let check = benchmark.checks.first(where: { $0.id == c.checkID }) {
                        report.remediation[c.checkID] = check.metadata.remediation.text
                    }
                }
            }
        }
        return report
    }

    func attest(_ q: ComplianceAttest) throws -> Attestation {
        func invalid(_ why: String) -> WireError { WireError(code: "scoring.attestation.invalid", message: why) }
        let s = try standard(q.standard)
        guard let req = s.requirement(id: q.requirement) else {
            let manual = s.requirements.filter(\.manual).map(\.id)
            throw invalid("\(s.id) has no requirement '\(q.requirement)'; its manual requirements: "
                          + (manual.isEmpty ? "(none)" : manual.prefix(30).joined(separator: ", ")))
        }
        guard req.manual else {
            throw invalid("\(s.id) \(req.id) is decided by checks (\(benchmark.checks(for: StandardRef(standard: s.id, requirement: req.id)).map(\.id).joined(separator: ", "))); "
                          + "only manual requirements take an attestation")
        }
        guard let url = URL(string: q.evidence), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host != nil else {
            throw invalid("--evidence '\(q.evidence)' must be an http(s) URL where the evidence is kept")
        }
        let by = q.attestedBy.trimmingCharacters(in: .whitespaces)
        guard !by.isEmpty else { throw invalid("--by must name who attests") }
        let at = now()
        guard q.expiresAt > at else {
            throw invalid("--expires must be in the future (it was \(ISO8601DateFormatter().string(from: q.expiresAt)))")
        }
        let a = Attestation(account: try account(q.account), standard: s.id, requirement: req.id, status: q.status,
                            evidence: q.evidence, attestedBy: by, attestedAt: at, expiresAt: q.expiresAt)
        try store.attest(a)
        return a
    }

    func select(_ q: ComplianceSelect) throws -> ComplianceSelection {
        let s = try standard(q.standard)
        let account = try account(q.account)
        try store.setStandard(s.id, enabled: q.enabled, account: account, at: now())
        let off = try store.disabledStandards(account: account)
        let ids = benchmark.standards.map(\.id)
        return ComplianceSelection(account: account, enabled: ids.filter { !off.contains($0) },
                                   disabled: ids.filter { off.contains($0) })
    }
}
