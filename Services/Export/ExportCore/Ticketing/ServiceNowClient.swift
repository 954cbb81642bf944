import Foundation

/// Incidents through the ServiceNow Table API (`/api/now/table/<table>`), one per correlation id.
public struct ServiceNowClient: TicketSystem {
    public enum Auth: Sendable, Hashable {
        case basic(user: String, password: String)
        /// Password grant against `/oauth_token.do`; the token is cached until it expires and fetched again once
        /// when ServiceNow answers 401.
        case oauth(clientID: String, clientSecret: String, user: String, password: String)
    }

    public let name = "servicenow"
    public let instance: URL
    public let assignmentGroup: String?
    public let table: String
    /// The `close_code` written when Palisade resolves an incident; it must be one of the instance's choices.
    public var closeCode = "Solution provided"
    let auth: Auth
    let http: TicketHTTP
    let tokens = ServiceNowTokenStore()

    public init(instance: URL, auth: Auth, assignmentGroup: String? = nil, table: String = "incident",
                timeout: Duration = .seconds(30), maxRetries: Int = 3) {
        self.instance = instance
        self.auth = auth
        self.assignmentGroup = assignmentGroup
        self.table = table
        http = TicketHTTP(peer: "ServiceNow \(instance.absoluteString)", timeout: timeout, maxRetries: maxRetries)
    }

    public func find(correlationID: String) async throws(TicketError) -> Ticket? {
        let query = ServiceNowWire.query([
            ("sysparm_query", ServiceNowWire.findQuery(correlationID: correlationID)), ("sysparm_limit", "1"),
            ("sysparm_fields", ServiceNowWire.fields), ("sysparm_exclude_reference_link", "true"),
        ])
        let response = try await call("GET", path: "", query: query, action: "search incidents")
        let many = try ServiceNowWire.decode(ServiceNowWire.Many.self, response, peer: http.peer)
        return many.result.first.map(ticket(fingerprint: nil))
    }

    /// Looks for the correlation id first when a create's answer was lost (5xx, timeout), so a retry never
    /// opens a second incident.
    public func create(_ draft: TicketDraft) async throws(TicketError) -> Ticket {
        let body = ServiceNowWire.createBody(draft, assignmentGroup: assignmentGroup)
        var attempt = 0
        while true {
            do throws(TicketError) {
                let response = try await call("POST", path: "", body: body, action: "create an incident",
                                              idempotent: false)
                return ticket(fingerprint: draft.fingerprint)(
                    try ServiceNowWire.decode(ServiceNowWire.One.self, response, peer: http.peer).result)
            } catch where error.kind == .server || error.kind == .network {
                attempt += 1
                if var existing = try await find(correlationID: draft.correlationID), !existing.isClosed {
                    existing.fingerprint = draft.fingerprint
                    return existing
                }
                guard attempt <= http.policy.maxRetries else { throw error }
                try await pause(http.policy.delay(attempt - 1))
            }
        }
    }

    public func update(_ ticket: Ticket, with draft: TicketDraft) async throws(TicketError) -> Ticket {
        try await patch(ticket, ServiceNowWire.contentBody(draft), fingerprint: draft.fingerprint,
                        action: "update \(ticket.number)")
    }

    public func resolve(_ ticket: Ticket, note: String) async throws(TicketError) -> Ticket {
        try await patch(ticket, ServiceNowWire.resolveBody(note: note, closeCode: closeCode),
                        fingerprint: ticket.fingerprint, action: "resolve \(ticket.number)")
    }

    public func fetch(_ ticket: Ticket) async throws(TicketError) -> Ticket {
        let query = ServiceNowWire.query([("sysparm_fields", ServiceNowWire.fields),
                                          ("sysparm_exclude_reference_link", "true")])
        let response = try await call("GET", path: "/\(ticket.id)", query: query, action: "read \(ticket.number)")
        return self.ticket(fingerprint: ticket.fingerprint)(
            try ServiceNowWire.decode(ServiceNowWire.One.self, response, peer: http.peer).result)
    }

    /// How many OAuth tokens this client obtained so far (0 with basic auth).
    public func tokensObtained() async -> Int { await tokens.obtained }

    // MARK: - Shell

    private func patch(_ ticket: Ticket, _ body: [String: String], fingerprint: String?, action: String)
        async throws(TicketError) -> Ticket
    {
        let response = try await call("PATCH", path: "/\(ticket.id)", body: body, action: action)
        return self.ticket(fingerprint: fingerprint)(
            try ServiceNowWire.decode(ServiceNowWire.One.self, response, peer: http.peer).result)
    }

    private func ticket(fingerprint: String?) -> (ServiceNowWire.Incident) -> Ticket {
        { ServiceNowWire.ticket($0, instance: instance, table: table, fingerprint: fingerprint) }
    }

    private func url(_ path: String, query: String?) -> URL {
        var text = instance.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/api/now/table/\(ServiceNowWire.encode(table))\(path)"
        if let query { text += "?\(query)" }
        return URL(string: text)!
    }

    /// One Table API call: retries per policy, one fresh OAuth token on a 401, errors for every unsuccessful answer.
    private func call(_ method: String, path: String, query: String? = nil, body: [String: String]? = nil,
                      action: String, idempotent: Bool = true) async throws(TicketError) -> TicketResponse
    {
        let data = body.map { try! JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        let target = url(path, query: query)
        var response = try await http.send(method, target, json: data, idempotent: idempotent,
                                           authorization: authorization)
        if response.status == 401, case .oauth = auth, let used = try await currentBearer() {
            await tokens.invalidate(used)
            response = try await http.send(method, target, json: data, idempotent: idempotent,
                                           authorization: authorization)
        }
        guard response.isSuccess else { throw ServiceNowWire.error(response, peer: http.peer, action: action) }
        return response
    }

    private var authorization: @Sendable () async throws(TicketError) -> String? {
        { [auth, tokens, self] () async throws(TicketError) -> String? in
            switch auth {
            case .basic(let user, let password):
                return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
            case .oauth:
                return "Bearer " + (try await tokens.accessToken({ await self.obtainToken(refreshToken: $0) }))
            }
        }
    }

    private func currentBearer() async throws(TicketError) -> String? {
        try await tokens.accessToken({ await self.obtainToken(refreshToken: $0) })
    }

    private func pause(_ wait: Duration) async throws(TicketError) {
        do { try await Task.sleep(for: wait) } catch {
            throw TicketError(.network, message: "cancelled while waiting to retry \(http.peer)")
        }
    }
}
