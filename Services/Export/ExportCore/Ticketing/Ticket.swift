import PalisadeModel

/// What Palisade wants a ticket to say about one failing check on one resource.
public struct TicketDraft: Sendable, Hashable, Codable {
    /// Stable: one ticket per recommendation (check) × resource × account. See `TicketPlanner.correlationID`.
    public var correlationID: String
    public var title: String
    public var description: String
    public var severity: Severity
    public var checkID: String
    public var resourceID: String
    public var account: String
    public var labels: [String]

    public init(correlationID: String, title: String, description: String, severity: Severity, checkID: String,
                resourceID: String, account: String, labels: [String] = []) {
        self.correlationID = correlationID
        self.title = title
        self.description = description
        self.severity = severity
        self.checkID = checkID
        self.resourceID = resourceID
        self.account = account
        self.labels = labels
    }
}

/// A ticket as the ticketing system last told us about it.
public struct Ticket: Sendable, Hashable, Codable {
    /// "servicenow" or "jira".
    public var system: String
    /// ServiceNow `sys_id`, Jira issue id.
    public var id: String
    /// What people read: "INC0010001", "SEC-12".
    public var number: String
    /// The raw state: ServiceNow's number ("1", "6", …), Jira's status name ("To Do", "Done", …).
    public var state: String
    /// ServiceNow 6 Resolved / 7 Closed / 8 Canceled; Jira status category `done`.
    public var isClosed: Bool
    /// A link a person can open.
    public var url: String?
    /// The `TicketDraft.fingerprint` this ticket was last written from by Palisade; nil when unknown (a ticket found
    /// by correlation id after local state was lost). `TicketPlanner.decide` updates a ticket whose fingerprint
    /// differs from the current draft's, so an unknown one is brought up to date once.
    public var fingerprint: String?

    public init(system: String, id: String, number: String, state: String, isClosed: Bool, url: String? = nil,
                fingerprint: String? = nil) {
        self.fingerprint = fingerprint
        self.system = system
        self.id = id
        self.number = number
        self.state = state
        self.isClosed = isClosed
        self.url = url
    }
}
