import PalisadeModel

/// Two-way sync: carrying out planner decisions, and what a read-back ticket tells us.
public enum TicketSync {
    /// The ticket was open when we last saw it and is closed now (resolved, closed or canceled by a person in
    /// ServiceNow; moved to a done status in Jira). The caller then ends the governance assignment.
    ///
    /// Only a transition counts: a ticket that was already closed, or a different ticket, is not "closed remotely".
    public static func closedRemotely(_ before: Ticket, _ after: Ticket) -> Bool {
        before.system == after.system && before.id == after.id && !before.isClosed && after.isClosed
    }

    /// Brings the ticketing system in line with one finding: when no ticket is known locally, looks for one by
    /// correlation id first (so lost local state never opens a duplicate), then does what `TicketPlanner.decide`
    /// says. Returns the ticket as it stands afterwards (nil: there is none), to be remembered for the next change.
    public static func run(finding: Finding, known: Ticket?, labels: [String] = [], in system: some TicketSystem)
        async throws(TicketError) -> Ticket?
    {
        var known = known
        if known == nil {
            known = try await system.find(correlationID: TicketPlanner.draft(for: finding).correlationID)
        }
        var action = TicketPlanner.decide(finding: finding, known: known)
        if !labels.isEmpty {
            switch action {
            case .create(var draft): draft.labels = labels; action = .create(draft)
            case .update(let t, var draft): draft.labels = labels; action = .update(t, draft)
            default: break
            }
        }
        return try await apply(action, in: system) ?? known
    }

    /// Carries out one action; nil for `.none`.
    public static func apply(_ action: TicketAction, in system: some TicketSystem) async throws(TicketError) -> Ticket? {
        switch action {
        case .create(let draft): try await system.create(draft)
        case .update(let ticket, let draft): try await system.update(ticket, with: draft)
        case .resolve(let ticket, let note): try await system.resolve(ticket, note: note)
        case .none: nil
        }
    }
}
