import Foundation
import Synchronization

/// Issues in one Jira Cloud project through REST v3, one per correlation id (found by its label).
public struct JiraClient: TicketSystem {
    public let name = "jira"
    public let site: URL
    public let projectKey: String
    public let issueType: String
    let authorizationHeader: String
    let http: TicketHTTP
    /// Issue ids this client wrote, passed as `reconcileIssues` so a search sees them at once (the search is
    /// eventually consistent; without this a find right after a create could miss it and create a duplicate).
    let recent = RecentIssues()

    public init(site: URL, email: String, apiToken: String, projectKey: String, issueType: String = "Task",
                timeout: Duration = .seconds(30), maxRetries: Int = 3) {
        self.site = site
        self.projectKey = projectKey
        self.issueType = issueType
        authorizationHeader = "Basic " + Data("\(email):\(apiToken)".utf8).base64EncodedString()
        http = TicketHTTP(peer: "Jira \(site.absoluteString)", timeout: timeout, maxRetries: maxRetries)
    }

    public func find(correlationID: String) async throws(TicketError) -> Ticket? {
        let jql = JiraWire.findJQL(projectKey: projectKey, label: JiraWire.correlationLabel(correlationID))
        let response = try await call("POST", "/rest/api/3/search/jql",
                                      body: JiraWire.searchBody(jql: jql, reconcile: recent.ids),
                                      action: "search issues", idempotent: true)
        let found = try JiraWire.decode(JiraWire.Search.self, response, peer: http.peer)
        return found.issues.first.map { JiraWire.ticket($0, site: site, fingerprint: nil) }
    }

    /// Looks for the correlation label first when a create's answer was lost (5xx, timeout), so a retry never
    /// opens a second issue.
    public func create(_ draft: TicketDraft) async throws(TicketError) -> Ticket {
        let body = JiraWire.createBody(draft, projectKey: projectKey, issueType: issueType)
        var attempt = 0
        while true {
            do throws(TicketError) {
                let response = try await call("POST", "/rest/api/3/issue", body: body, action: "create an issue",
                                              idempotent: false)
                let created = try JiraWire.decode(JiraWire.Created.self, response, peer: http.peer)
                recent.add(created.id)
                var ticket = Ticket(system: name, id: created.id, number: created.key, state: "", isClosed: false,
                                    url: site.appendingPathComponent("browse").appendingPathComponent(created.key)
                                        .absoluteString, fingerprint: draft.fingerprint)
                // The status name is not in the create answer; read it, but a failed read must not fail the create.
                if let read = try? await fetch(ticket) { ticket = read }
                return ticket
            } catch where error.kind == .server || error.kind == .network {
                attempt += 1
                if var existing = try await find(correlationID: draft.correlationID), !existing.isClosed {
                    existing.fingerprint = draft.fingerprint
                    return existing
                }
                guard attempt <= http.policy.maxRetries else { throw error }
                do { try await Task.sleep(for: http.policy.delay(attempt - 1)) } catch {
                    throw TicketError(.network, message: "cancelled while waiting to retry \(http.peer)")
                }
            }
        }
    }

    public func update(_ ticket: Ticket, with draft: TicketDraft) async throws(TicketError) -> Ticket {
        _ = try await call("PUT", "/rest/api/3/issue/\(ticket.id)", body: JiraWire.updateBody(draft),
                           action: "update \(ticket.number)", idempotent: true)
        recent.add(ticket.id)
        var updated = ticket
        updated.fingerprint = draft.fingerprint
        return updated
    }

    /// Moves the issue along the transition whose target status is in the `done` category (unless it is done
    /// already), then adds the note as a comment.
    public func resolve(_ ticket: Ticket, note: String) async throws(TicketError) -> Ticket {
        let path = "/rest/api/3/issue/\(ticket.id)"
        let current = try await fetch(ticket)
        if !current.isClosed {
            let response = try await call("GET", path + "/transitions", action: "list transitions of \(ticket.number)",
                                          idempotent: true)
            let transitions = try JiraWire.decode(JiraWire.Transitions.self, response, peer: http.peer)
            guard let done = JiraWire.doneTransition(transitions) else {
                throw TicketError(.rejected, message: "\(http.peer): no transition from the status of \(ticket.number) "
                                    + "leads to a done status; add one to the workflow or resolve it by hand")
            }
            do throws(TicketError) {
                _ = try await call("POST", path + "/transitions", body: ["transition": ["id": done.id]],
                                   action: "transition \(ticket.number) to \(done.name)", idempotent: false)
            } catch where error.retryable {
                // The answer may have been lost after the transition happened.
                guard try await fetch(ticket).isClosed else { throw error }
            }
        }
        _ = try await call("POST", path + "/comment", body: JiraWire.commentBody(note),
                           action: "comment on \(ticket.number)", idempotent: false)
        recent.add(ticket.id)
        return try await fetch(ticket)
    }

    public func fetch(_ ticket: Ticket) async throws(TicketError) -> Ticket {
        let response = try await call("GET", "/rest/api/3/issue/\(ticket.id)?fields=status",
                                      action: "read \(ticket.number)", idempotent: true)
        let issue = try JiraWire.decode(JiraWire.Issue.self, response, peer: http.peer)
        return JiraWire.ticket(issue, site: site, fingerprint: ticket.fingerprint)
    }

    private func call(_ method: String, _ path: String, body: [String: Any]? = nil, action: String,
                      idempotent: Bool) async throws(TicketError) -> TicketResponse
    {
        var base = site.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let header = authorizationHeader
        let response = try await http.send(method, URL(string: base + path)!, json: body.map(JiraWire.json),
                                           idempotent: idempotent, authorization: { header })
        guard response.isSuccess else {
            throw JiraWire.error(response, peer: http.peer, action: action, projectKey: projectKey)
        }
        return response
    }
}

/// The last 50 issue ids a client wrote (shared by copies of the client).
final class RecentIssues: Sendable {
    private let state = Mutex<[Int]>([])

    var ids: [Int] { state.withLock { $0 } }

    func add(_ id: String) {
        guard let n = Int(id) else { return }
        state.withLock { ids in
            ids.removeAll { $0 == n }
            ids.append(n)
            if ids.count > 50 { ids.removeFirst(ids.count - 50) }
        }
    }
}
