import Foundation
import Logging
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol

/// The tickets automations open: one per recommendation × resource (a correlation id), updated when the finding
/// changes, resolved when it resolves, and read back on a schedule — a ticket closed in the ticket system ends the
/// finding's governance assignment.
public final class TicketDesk: @unchecked Sendable {
    let config: TicketingConfig?
    let store: ExportStore
    let sender: (any RequestSender)?
    let logger: Logger
    let environment: [String: String]
    private let lock = NSLock()
    private var systems: [String: any TicketSystem] = [:]

    init(config: TicketingConfig?, store: ExportStore, sender: (any RequestSender)?, logger: Logger,
         environment: [String: String]) {
        self.config = config
        self.store = store
        self.sender = sender
        self.logger = logger
        self.environment = environment
    }

    /// The client for `name` (servicenow, jira), built once with its secret resolved.
    func system(_ name: String) throws -> any TicketSystem {
        if let s = lock.withLock({ systems[name] }) { return s }
        let made: any TicketSystem
        switch name {
        case "servicenow":
            guard let c = config?.serviceNow, let url = URL(string: c.instance) else {
                throw ActionError("'ticketing.servicenow' is not configured")
            }
            let password = try c.password.resolve(environment: environment)
            let auth: ServiceNowClient.Auth
            if let id = c.clientID, let secret = c.clientSecret {
                auth = .oauth(clientID: id, clientSecret: try secret.resolve(environment: environment), user: c.user,
                              password: password)
            } else {
                auth = .basic(user: c.user, password: password)
            }
            made = ServiceNowClient(instance: url, auth: auth, assignmentGroup: c.assignmentGroup)
        case "jira":
            guard let c = config?.jira, let url = URL(string: c.site) else { throw ActionError("'ticketing.jira' is not configured") }
            made = JiraClient(site: url, email: c.email, apiToken: try c.apiToken.resolve(environment: environment),
                              projectKey: c.project, issueType: c.issueType)
        default:
            throw ActionError("unknown ticket system '\(name)'")
        }
        lock.withLock { systems[name] = made }
        return made
    }

    /// Opens, updates or resolves the finding's ticket in `system`; returns what happened ("INC0010001 created").
    func apply(_ f: Finding, system name: String, now: Date) async throws -> String {
        let system = try system(name)
        let correlation = TicketPlanner.correlationID(checkID: f.checkID, resourceID: f.resourceID, account: f.account)
        var known = try store.ticket(correlationID: correlation)
        if known == nil {
            // Not in our table (a crash after creating it, or a second Palisade): ask the system before creating.
            known = try await system.find(correlationID: correlation)
            if let k = known { try store.saveTicket(k, correlationID: correlation, findingID: f.id, now: now) }
        }
        switch TicketPlanner.decide(finding: f, known: known) {
        case .create(let draft):
            let t = try await system.create(draft)
            try store.saveTicket(t, correlationID: correlation, findingID: f.id, now: now)
            return "\(t.number) created"
        case .update(let ticket, let draft):
            let t = try await system.update(ticket, with: draft)
            try store.saveTicket(t, correlationID: correlation, findingID: f.id, now: now)
            return "\(t.number) updated"
        case .resolve(let ticket, let note):
            let t = try await system.resolve(ticket, note: note)
            try store.saveTicket(t, correlationID: correlation, findingID: f.id, now: now)
            return "\(t.number) resolved"
        case .none:
            return known.map { "\($0.number) unchanged" } ?? "no ticket needed (\(f.status.rawValue))"
        }
    }

    /// A finding record whose correlation id has an open ticket: keep the ticket in step.
    func follow(_ r: ExportRecord, now: Date) async {
        guard let f = r.finding else { return }
        let correlation = TicketPlanner.correlationID(checkID: f.checkID, resourceID: f.resourceID, account: f.account)
        guard let known = try? store.ticket(correlationID: correlation), !known.isClosed else { return }
        do {
            let result = try await apply(f, system: known.system, now: now)
            if !result.hasSuffix("unchanged") {
                try store.record([AutomationOutcome(id: 0, rule: "ticket-follow", trigger: r.kind.rawValue,
                                                    records: [r.key], action: "ticket", result: .succeeded,
                                                    detail: result, at: now)])
            }
        } catch {
            try? store.record([AutomationOutcome(id: 0, rule: "ticket-follow", trigger: r.kind.rawValue, records: [r.key],
                                                 action: "ticket", result: .failed, detail: "\(error)", at: now)])
        }
    }

    /// Reads every open ticket back; one closed in the ticket system ends the finding's governance assignment.
    func sync(now: Date) async {
        guard let open = try? store.openTickets(), !open.isEmpty else { return }
        for (correlation, findingID, ticket) in open {
            do {
                let current = try await system(ticket.system).fetch(ticket)
                try store.saveTicket(current, correlationID: correlation, findingID: findingID, now: now)
                guard TicketSync.closedRemotely(ticket, current) else { continue }
                var detail = "\(current.number) closed in \(ticket.system) (state \(current.state))"
                if let sender {
                    do {
                        _ = try await sender.call(GovernanceComplete(findingID: findingID,
                                                                     reason: "ticket \(current.number) closed in \(ticket.system)"),
                                                  timeout: .seconds(10), retry: .none)
                        detail += "; governance assignment ended"
                    } catch {
                        detail += "; ending the governance assignment failed: \(error)"
                    }
                }
                try store.record([AutomationOutcome(id: 0, rule: "ticket-sync", trigger: "schedule",
                                                    records: ["finding/\(findingID)"], action: "ticket",
                                                    result: .succeeded, detail: detail, at: now)])
                logger.info("ticket closed remotely", metadata: ["ticket": "\(current.number)", "finding.id": "\(findingID)"])
            } catch {
                logger.warning("ticket read-back failed", metadata: ["ticket": "\(ticket.number)", "error": "\(error)"])
            }
        }
    }
}

extension ActionRunner {
    func followTicket(_ r: ExportRecord, now: Date) async throws { await tickets.follow(r, now: now) }
    func syncTickets(now: Date) async throws { await tickets.sync(now: now) }
}
