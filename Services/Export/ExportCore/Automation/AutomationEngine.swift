import Foundation
import Logging
import PalisadeExport
import PalisadeModel
import PalisadeProtocol
import PalisadeSchedule
import ServiceLifecycle

/// Workflow automation: reads the outbox from its own cursor, fires the rules whose trigger matches (through each
/// rule's throttle and batch gate), runs scheduled rules when due, and carries out the actions. A run is queued in the
/// transaction that moves the cursor and removed in the one that records its outcomes, so a crash in between repeats
/// it (at-least-once; webhooks carry a stable delivery id and tickets a correlation id, so receivers see one).
public final class AutomationEngine: Service, @unchecked Sendable {
    let rules: [AutomationRule]
    let store: ExportStore
    let actions: ActionRunner
    let signal: OutboxSignal
    let logger: Logger
    let now: @Sendable () -> Date
    let poll: Duration

    public init(rules: [AutomationRule], store: ExportStore, actions: ActionRunner, signal: OutboxSignal,
                logger: Logger, poll: Duration = .seconds(1), now: @escaping @Sendable () -> Date = { Date() }) {
        self.rules = rules
        self.store = store
        self.actions = actions
        self.signal = signal
        self.logger = logger
        self.poll = poll
        self.now = now
    }

    public func run() async throws {
        // A new engine starts at the outbox head: automations act on what happens from now on.
        if try store.automationCursorValue() == 0 {
            try store.commitAutomation(cursor: try store.outboxHead(), gates: [:], runs: [])
        }
        try await cancelWhenGracefulShutdown {
            var lastSync = Date.distantPast
            while !Task.isCancelled {
                do {
                    let worked = try await self.step()
                    if self.now().timeIntervalSince(lastSync) >= self.actions.ticketSyncSeconds {
                        lastSync = self.now()
                        try await self.actions.syncTickets(now: lastSync)
                    }
                    if !worked { await self.signal.wait(timeout: self.poll) }
                } catch {
                    self.logger.error("automation step failed", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: self.poll)
                }
            }
        }
    }

    /// Pending runs first, then new records, then gates whose batch window passed, then scheduled rules. Returns
    /// whether anything was done.
    @discardableResult
    public func step() async throws -> Bool {
        var worked = try await runPending()
        let t = now()
        let cursor = try store.automationCursorValue()
        let records = try store.outbox(after: cursor, limit: 500)
        var gates: [String: AutomationGate] = [:]
        var runs: [(rule: String, trigger: String, keys: [String])] = []
        var throttled: [AutomationOutcome] = []
        let needsTags = rules.contains { !$0.trigger.tags.isEmpty || $0.trigger.filter.usesTags }
        for r in records {
            let tags = needsTags ? try store.tags(for: r) : [:]
            for rule in rules where rule.enabled && TriggerMatcher.matches(rule, r, tags: tags) {
                var gate = try gates[rule.name] ?? store.gate(rule.name)
                switch gate.offer(key: r.key, rule: rule, now: t) {
                case .run(let keys): runs.append((rule.name, r.kind.rawValue, keys))
                case .held: break
                case .throttled(let n):
                    throttled.append(AutomationOutcome(id: 0, rule: rule.name, trigger: r.kind.rawValue, records: [r.key],
                                                       action: "all", result: .throttled,
                                                       detail: "throttled (\(n) held back in this window)", at: t))
                }
                gates[rule.name] = gate
            }
        }
        for rule in rules where rule.enabled && rule.batch != nil {
            var gate = try gates[rule.name] ?? store.gate(rule.name)
            if case .run(let keys) = gate.tick(rule: rule, now: t), !keys.isEmpty {
                runs.append((rule.name, "batch", keys))
                gates[rule.name] = gate
            }
        }
        // Tickets follow their findings whatever triggered them: a resolved finding resolves its open ticket. Before
        // the cursor moves, so a crash repeats it (the planner sees the ticket's state and does nothing twice).
        for r in records where r.finding != nil { try await actions.followTicket(r, now: t) }
        if !records.isEmpty || !gates.isEmpty {
            try store.commitAutomation(cursor: records.last?.seq, gates: gates, runs: runs, outcomes: throttled)
            worked = worked || !records.isEmpty
        }
        for rule in rules where rule.enabled && rule.trigger.events.contains(.schedule) {
            let s = try store.schedule(rule: rule.name, now: t)
            if let due = AutomationSchedule.due(rule, lastRun: s.lastRun, firstSeen: s.firstSeen), due <= t {
                try store.queueScheduled(rule: rule.name, at: t)
                worked = true
            }
        }
        if !runs.isEmpty || worked { worked = try await runPending() || worked }
        return worked
    }

    /// Carries out every queued run; true when there was one.
    func runPending() async throws -> Bool {
        let pending = try store.pendingRuns()
        for run in pending {
            guard let rule = rules.first(where: { $0.name == run.rule }) else {
                try store.finish(run, outcomes: [AutomationOutcome(
                    id: 0, rule: run.rule, trigger: run.trigger, records: run.keys, action: "all", result: .failed,
                    detail: "the rule is no longer configured; the run was dropped", at: now())])
                continue
            }
            var records: [ExportRecord] = []
            for key in run.keys { if let r = try store.outboxRecord(key: key) { records.append(r) } }
            let outcomes = await actions.run(rule, records: records, trigger: run.trigger, runID: run.id, now: now())
            try store.finish(run, outcomes: outcomes)
            for o in outcomes where o.result == .failed {
                logger.warning("automation action failed", metadata: [
                    "automation.rule": "\(o.rule)", "automation.action": "\(o.action)", "error": "\(o.detail)",
                ])
            }
        }
        return !pending.isEmpty
    }

    // MARK: Requests

    public func summaries() throws -> [AutomationSummary] {
        try rules.map { rule in
            let stats = try store.runStats(rule: rule.name)
            return AutomationSummary(name: rule.name, enabled: rule.enabled, trigger: Self.describe(rule.trigger),
                                     actions: rule.actions.map(\.kind), lastRun: stats.last, runs: stats.count)
        }
    }

    /// `palisade automation run RULE --finding ID`: the rule's actions on that finding now, recorded like any run.
    public func runManually(_ request: AutomationRunRequest) async throws -> [AutomationOutcome] {
        guard let rule = rules.first(where: { $0.name == request.rule }) else {
            throw WireError(code: "export.automation.unknown",
                            message: "no automation named '\(request.rule)'; `palisade automation list` shows them"
                                + (rules.isEmpty ? " (none is configured: add 'automations:' to palisade.yaml)" : ""))
        }
        var records: [ExportRecord] = []
        if let id = request.findingID {
            guard let r = try store.latestRecord(findingID: id) else {
                throw WireError(code: "export.finding.unknown",
                                message: "no finding '\(id)' has reached the export service; `palisade findings` lists finding ids")
            }
            records = [r]
        } else if !rule.trigger.events.contains(.schedule) {
            throw WireError(code: "export.automation.finding.required",
                            message: "automation '\(rule.name)' acts on findings: give one with --finding ID")
        }
        let t = now()
        let outcomes = await actions.run(rule, records: records, trigger: "manual", runID: nil, now: t)
        try store.record(outcomes)
        return outcomes
    }

    public func history(rule: String?, limit: Int) throws -> [AutomationOutcome] {
        try store.outcomes(rule: rule, limit: max(1, min(limit, 10_000)))
    }

    static func describe(_ t: AutomationTrigger) -> String {
        var parts = [t.events.map(\.rawValue).sorted().joined(separator: ", ")]
        if let s = t.minSeverity { parts.append("severity ≥ \(s.rawValue)") }
        if !t.checks.isEmpty { parts.append("checks \(t.checks.joined(separator: ","))") }
        if !t.accounts.isEmpty { parts.append("accounts \(t.accounts.joined(separator: ","))") }
        if !t.tags.isEmpty { parts.append("tags " + t.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) }
        if let d = t.scoreDrop { parts.append("score drop ≥ \(d)") }
        if let r = t.minRisk { parts.append("risk ≥ \(r.rawValue)") }
        if !t.standards.isEmpty { parts.append("standards \(t.standards.joined(separator: ","))") }
        if let c = t.schedule { parts.append(c.description) }
        return parts.joined(separator: "; ")
    }
}
