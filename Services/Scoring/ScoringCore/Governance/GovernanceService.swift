import Foundation
import GRDB
import PalisadeGovernance
import PalisadeModel
import PalisadeProtocol
import PalisadeStore

/// The governance requests: rules in force, the report per owner and rule, assignments, assigning by hand, and the
/// manual clock of a test stack. Every change is committed with its event; a change of grace re-scores the account.
public struct GovernanceService: Sendable {
    let store: ScoringStore
    let rescorer: GovernanceRescorer
    let clock: ServiceClock

    public init(store: ScoringStore, rescorer: GovernanceRescorer, clock: ServiceClock) {
        self.store = store
        self.rescorer = rescorer
        self.clock = clock
    }

    public func register(on router: inout Router) {
        router.on(GovernanceRulesSet.self) { q, _ in try await setRules(q) }
        router.on(GovernanceRulesQuery.self) { _, _ in
            try store.store.read { db in Self.reply(try store.rules(db), changed: 0) }
        }
        router.on(GovernanceReportQuery.self) { q, _ in
            try store.store.read { db in
                let all = try store.assignments(db, account: q.account, openOnly: false)
                let open = Set(all.filter(\.isOpen).map(\.findingID))
                let unassigned = try store.failingFindings(db, account: q.account).filter { !open.contains($0.id) }
                return GovernanceReport.build(assignments: all, unassignedFailing: unassigned, now: clock.now())
            }
        }
        router.on(GovernanceAssignmentsQuery.self) { q, _ in
            let now = clock.now()
            return try store.store.read { db in
                try store.assignments(db, account: q.account, openOnly: !q.includeCompleted)
                    .filter { q.owner == nil || $0.owner == q.owner }
                    .filter { !q.overdueOnly || $0.isOverdue(at: now) }
                    .prefix(max(1, q.limit)).map { $0 }
            }
        }
        router.on(GovernanceAssign.self) { q, _ in try await assign(q) }
        router.on(GovernanceReassign.self) { q, _ in try await reassign(q) }
        router.on(GovernanceComplete.self) { q, _ in try await complete(q) }
        router.on(ClockAdvance.self) { q, _ in
            let now = try clock.advance(by: q.seconds)
            return ClockReading(now: now, manual: clock.isManual)
        }
    }

    static func reply(_ rules: (file: String, loadedAt: Date, rules: [GovernanceRule])?, changed: Int) -> GovernanceRulesReply {
        GovernanceRulesReply(file: rules?.file, loadedAt: rules?.loadedAt,
                             rules: (rules?.rules ?? []).map { .init(id: $0.id, priority: $0.priority, summary: summary($0)) },
                             assignmentsChanged: changed)
    }

    /// `severity high,critical; owner tag owner (else secops@x); 30 days; grace; overwrite`.
    static func summary(_ r: GovernanceRule) -> String {
        var parts: [String] = []
        var scope: [String] = []
        if !r.scope.accounts.isEmpty { scope.append("accounts " + r.scope.accounts.joined(separator: ",")) }
        if !r.scope.excludeAccounts.isEmpty { scope.append("not " + r.scope.excludeAccounts.joined(separator: ",")) }
        if !r.scope.regions.isEmpty { scope.append("regions " + r.scope.regions.joined(separator: ",")) }
        if !r.scope.tags.isEmpty { scope.append("tags " + r.scope.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) }
        if !scope.isEmpty { parts.append(scope.joined(separator: " ")) }
        var target: [String] = []
        if !r.target.severities.isEmpty { target.append("severity " + r.target.severities.sorted().map(\.rawValue).joined(separator: ",")) }
        if !r.target.checks.isEmpty { target.append("checks " + r.target.checks.joined(separator: ",")) }
        if !r.target.controls.isEmpty { target.append("controls " + r.target.controls.joined(separator: ",")) }
        parts.append(target.joined(separator: " "))
        switch r.owner {
        case .email(let a): parts.append("owner \(a)")
        case .fromTag(let k, let fallback): parts.append("owner tag \(k)" + (fallback.map { " (else \($0))" } ?? ""))
        }
        parts.append("\(r.remediationDays) days")
        if r.gracePeriod { parts.append("grace") }
        if r.mode == .overwrite { parts.append("overwrite") }
        return parts.joined(separator: "; ")
    }

    func setRules(_ q: GovernanceRulesSet) async throws -> GovernanceRulesReply {
        let rules: [GovernanceRule]
        do { rules = try GovernanceRuleFile.parse(yaml: q.yaml, file: q.file) } catch {
            throw WireError(code: error.code.rawValue, message: "\(error.description) — the rules in force stay")
        }
        let now = clock.now()
        var graceAccounts = Set<String>()
        let changed: Int = try store.store.write { db in
            try store.saveRules(db, file: q.file, yaml: q.yaml, at: now)
            var changed = 0
            // New rules take the failing findings nobody holds yet (and overwrite rules, those others hold).
            for finding in try store.failingFindings(db, account: nil) {
                let current = try store.openAssignment(db, findingID: finding.id)?.assignment
                let decision = GovernancePlanner.decide(finding: finding, tags: try store.tags(db, resourceID: finding.resourceID),
                                                        rules: rules, current: current, now: now)
                if decision != .none { changed += 1 }
                if let account = try store.apply(db, decision, at: now) { graceAccounts.insert(account) }
            }
            return changed
        }
        try await rescorer.rescore(accounts: graceAccounts)
        return try store.store.read { db in Self.reply(try store.rules(db), changed: changed) }
    }

    func assign(_ q: GovernanceAssign) async throws -> GovernanceAssignment {
        let now = clock.now()
        let a: GovernanceAssignment = try store.store.write { db in
            guard let finding = try store.failingFinding(db, id: q.findingID) else {
                throw WireError(code: "governance.finding.unknown",
                                message: "no failing finding '\(q.findingID)' (`palisade findings --status fail` lists them)")
            }
            if let open = try store.openAssignment(db, findingID: finding.id)?.assignment {
                throw WireError(code: "governance.assignment.exists",
                                message: "\(finding.id) is already assigned to \(open.owner), due \(ISO8601DateFormatter().string(from: open.dueDate)); "
                                    + "use `palisade governance reassign`")
            }
            let a: GovernanceAssignment
            do { a = try GovernancePlanner.assign(finding, owner: q.owner, due: q.due, gracePeriod: q.gracePeriod, now: now) } catch let error as GovernanceInputError {
                throw WireError(code: error.code.rawValue, message: error.message)
            }
            try store.apply(db, .assign(a), at: now)
            return a
        }
        if a.gracePeriod { try await rescorer.rescore(accounts: [a.account]) }
        return a
    }

    func reassign(_ q: GovernanceReassign) async throws -> GovernanceAssignment {
        let now = clock.now()
        let (old, new): (GovernanceAssignment, GovernanceAssignment) = try store.store.write { db in
            guard let open = try store.openAssignment(db, findingID: q.findingID)?.assignment else {
                throw WireError(code: "governance.assignment.unknown",
                                message: "\(q.findingID) has no open assignment; `palisade governance assign` makes one")
            }
            let new: GovernanceAssignment
            do { new = try GovernancePlanner.reassign(open, owner: q.owner, due: q.due, now: now) } catch let error as GovernanceInputError {
                throw WireError(code: error.code.rawValue, message: error.message)
            }
            try store.apply(db, .reassign(old: open, new: new), at: now)
            return (open, new)
        }
        if old.gracePeriod || new.gracePeriod { try await rescorer.rescore(accounts: [new.account]) }
        return new
    }

    /// The finding's assignment ended from outside (`q.reason`, e.g. its ticket was closed); logged as
    /// `governance.completed` like any completion.
    func complete(_ q: GovernanceComplete) async throws -> GovernanceAssignment {
        let now = clock.now()
        let done: GovernanceAssignment = try store.store.write { db in
            guard let open = try store.openAssignment(db, findingID: q.findingID)?.assignment else {
                throw WireError(code: "governance.assignment.unknown", message: "\(q.findingID) has no open assignment")
            }
            let decision: GovernanceDecision
            do { decision = try GovernancePlanner.complete(open, now: now) } catch let error as GovernanceInputError {
                throw WireError(code: error.code.rawValue, message: error.message)
            }
            try store.apply(db, decision, at: now)
            guard case .complete(let a, _) = decision else { return open }
            return a
        }
        if done.gracePeriod { try await rescorer.rescore(accounts: [done.account]) }
        return done
    }
}
